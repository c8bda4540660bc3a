#include <unistd.h>

#include <cerrno>
#include <iostream>

#include <asio/posix/stream_descriptor.hpp>
#include <asio/read_until.hpp>

#include "cli/input.hpp"
#include "cli/interrupt.hpp"

namespace lab {

bool stdin_is_terminal() {
  return isatty(STDIN_FILENO) == 1;
}

std::string_view end_of_input_keys(Lang) {
  return "Ctrl-D";  // at the start of a line (elsewhere it hands over what is typed so far)
}
std::string_view end_of_input_keys() {
  return end_of_input_keys(current_lang());
}

ssize_t read_unless_interrupted(int fd, void* buffer, std::size_t size) {
  for (;;) {
    if (interrupted()) return 0;
    // Sleep in poll(), which also watches the wake-up pipe: a signal that came between the
    // check above and this call still ends the wait.
    if (interrupt_fd() >= 0 && !wait_readable(fd, -1) && interrupted()) return 0;
    const ssize_t got = read(fd, buffer, size);
    if (got < 0 && errno == EINTR) continue;  // interrupted() decides at the top
    return got;
  }
}

std::optional<LinePiece> read_stdin_piece(std::size_t max_bytes) {
  // After catch_interrupts(), Ctrl-C turns stdin into /dev/null: a blocked read ends.
  std::streambuf* input = std::cin.rdbuf();
  LinePiece piece;
  bool any = false;
  while (piece.bytes.size() < max_bytes) {
    const int c = input->sbumpc();
    if (c == std::char_traits<char>::eof()) {
      piece.ends_line = true;  // a last line without its '\n'
      break;
    }
    any = true;
    if (c == '\n') {
      piece.ends_line = piece.newline = true;
      break;
    }
    piece.bytes.push_back(static_cast<char>(c));
  }
  if (!any || interrupted()) return std::nullopt;
  return piece;
}

std::optional<std::string> read_stdin_line() {
  auto piece = read_stdin_piece(max_line_bytes);
  if (!piece) return std::nullopt;
  std::string line = std::move(piece->bytes);
  while (!piece->ends_line && (piece = read_stdin_piece(64 * 1024)))  // the rest: dropped
    ;
  return line;
}

struct StdinLines::State {
  explicit State(asio::io_context& io) : input(io) {}
  asio::posix::stream_descriptor input;
  std::string pending;
  std::function<void()> on_line;
};

StdinLines::StdinLines(asio::io_context& io) : state_(std::make_shared<State>(io)) {}

StdinLines::~StdinLines() {
  stop();
}

namespace {
void read_next(const std::shared_ptr<StdinLines::State>& state);
}

void StdinLines::start(std::function<void()> on_line) {
  // Not when started in the background (`&`): reading the terminal would stop us (SIGTTIN).
  const bool background = isatty(STDIN_FILENO) && tcgetpgrp(STDIN_FILENO) != getpgrp();
  if (background) return;
  std::error_code ec;
  state_->input.assign(dup(STDIN_FILENO), ec);  // a regular file or /dev/null: refused (epoll)
  if (ec) return;
  state_->on_line = std::move(on_line);
  read_next(state_);
}

void StdinLines::stop() {
  std::error_code ignored;
  state_->input.close(ignored);
}

namespace {
void read_next(const std::shared_ptr<StdinLines::State>& state) {
  // At most 4 KiB of a line is held: a longer one fills the buffer (not_found), its bytes are
  // dropped, and reading goes on to its '\n', which ends one line as any other.
  asio::async_read_until(state->input, asio::dynamic_buffer(state->pending, 4096), '\n',
                         [state](std::error_code ec, std::size_t size) {
                           if (ec == asio::error::not_found) {
                             state->pending.clear();
                             read_next(state);
                             return;
                           }
                           if (ec) return;
                           state->pending.erase(0, size);
                           state->on_line();
                           read_next(state);
                         });
}
}  // namespace

}  // namespace lab
