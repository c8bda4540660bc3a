#include "render/output.hpp"

#ifdef _WIN32
#include <windows.h>
#endif

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace lab::out {
namespace {

bool g_keep_running = false;
bool g_reader_left = false;

// What happened to a failed stdio call on stdout, by its errno.
void write_failed(int error) {
  std::clearerr(stdout);
#ifdef _WIN32
  // A pipe whose reader left: Windows says ERROR_NO_DATA ("the pipe is being closed"), Wine 8
  // ERROR_PIPE_NOT_CONNECTED, and the C runtime turns either into EINVAL, not EPIPE.
  if (error == EINVAL &&
      (GetLastError() == ERROR_NO_DATA || GetLastError() == ERROR_PIPE_NOT_CONNECTED))
    error = EPIPE;
#endif
  if (error == EPIPE) {
    g_reader_left = true;
    if (!g_keep_running) throw ReaderLeft{};
    return;
  }
  throw OutputFailed(fmt::format("cannot write the output: {}", std::strerror(error)));
}

}  // namespace

void keep_running_without_reader() {
  g_keep_running = true;
}
bool reader_left() {
  return g_reader_left;
}

void write(std::string_view text) {
  if (g_reader_left) {
    if (!g_keep_running) throw ReaderLeft{};
    return;  // nobody reads it
  }
  errno = 0;
  const bool written = std::fwrite(text.data(), 1, text.size(), stdout) == text.size();
  if (!written || std::fflush(stdout) != 0) write_failed(errno ? errno : EIO);
}

void line(std::string_view text) {
  std::string with_newline;
  with_newline.reserve(text.size() + 1);
  with_newline.append(text).push_back('\n');
  write(with_newline);
}

void json(const json::Value& document) {
  line(json::to_line(document));
}

void summary(std::string_view text) {
  if (!g_reader_left) {
    line(text);
    if (!g_reader_left) return;
  }
  std::fwrite(text.data(), 1, text.size(), stderr);
  std::fputc('\n', stderr);
}

void flush() {
  if (g_reader_left) return;
  errno = 0;
  if (std::fflush(stdout) != 0 || std::ferror(stdout)) write_failed(errno ? errno : EIO);
}

}  // namespace lab::out
