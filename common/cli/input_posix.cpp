#include <unistd.h>

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

std::optional<std::string> read_stdin_line() {
  // After catch_interrupts(), Ctrl-C turns stdin into /dev/null: a blocked getline ends.
  std::string line;
  if (!std::getline(std::cin, line) || interrupted()) return std::nullopt;
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
  asio::async_read_until(state->input, asio::dynamic_buffer(state->pending, 4096), '\n',
                         [state](std::error_code ec, std::size_t size) {
                           if (ec) return;
                           state->pending.erase(0, size);
                           state->on_line();
                           read_next(state);
                         });
}
}  // namespace

}  // namespace lab
