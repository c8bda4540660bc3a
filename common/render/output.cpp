#include "render/output.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "render/closed_pipe.hpp"
#include "render/console_text.hpp"

namespace lab::out {
namespace {

bool g_keep_running = false;
bool g_reader_left = false;

// What happened to a failed stdio call on stdout, by its errno.
void write_failed(int error) {
  const bool closed_pipe = is_closed_pipe(error);  // first: before anything resets the OS's error
  std::clearerr(stdout);
  if (closed_pipe) {
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
  if (write_to_console(stdout, text)) return;  // a Windows console: as UTF-16
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
  const std::string with_newline = std::string(text) + '\n';
  if (!write_to_console(stderr, with_newline))
    std::fwrite(with_newline.data(), 1, with_newline.size(), stderr);
}

void stderr_line(std::string_view text) {
  std::fflush(stdout);
  const std::string with_newline = std::string(text) + '\n';
  if (!write_to_console(stderr, with_newline))
    std::fwrite(with_newline.data(), 1, with_newline.size(), stderr);
}

void flush() {
  if (g_reader_left) return;
  errno = 0;
  if (std::fflush(stdout) != 0 || std::ferror(stdout)) write_failed(errno ? errno : EIO);
}

}  // namespace lab::out
