#include "student.hpp"

#include <chrono>
#include <csignal>
#include <system_error>

#include <fmt/format.h>

#include "cli/app.hpp"
#include "cli/interrupt.hpp"
#include "cli/lang.hpp"
#include "probe.hpp"
#include "report.hpp"

namespace check_lab {
namespace {

// What a student's program may print before the oldest part is dropped (a receiver that prints
// every 64 KiB datagram in hex stays well under it).
constexpr std::size_t output_limit = 8u << 20;

void replace_all(std::string& text, std::string_view from, std::string_view to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
}

std::string signal_name(int number) {
  switch (number) {
    case SIGINT:
      return "SIGINT";
    case SIGTERM:
      return "SIGTERM";
    case SIGSEGV:
      return "SIGSEGV";
    case SIGABRT:
      return "SIGABRT";
#ifdef SIGPIPE
    case SIGPIPE:
      return "SIGPIPE";
    case SIGKILL:
      return "SIGKILL";
    case SIGBUS:
      return "SIGBUS";
#endif
    default:
      return fmt::format("signal {}", number);
  }
}

}  // namespace

std::vector<std::string> fill_in(const std::vector<std::string>& command, std::uint16_t port,
                                 const std::vector<std::string>& messages) {
  std::vector<std::string> filled;
  for (std::string word : command) {
    if (word == "{messages}") {
      filled.insert(filled.end(), messages.begin(), messages.end());
      continue;
    }
    replace_all(word, "{port}", std::to_string(port));
    replace_all(word, "{host}", "127.0.0.1");
    filled.push_back(std::move(word));
  }
  return filled;
}

namespace {

std::unique_ptr<lab::process::ChildProcess> start(const std::vector<std::string>& command_line,
                                                  bool typed_input) {
  lab::process::ChildOptions options;
  options.search_path = true;
  options.pipe_input = typed_input;
  const std::vector<std::string> args(command_line.begin() + 1, command_line.end());
  // A busy machine can refuse a fork or an exec for a moment (no process slot or memory free
  // yet, a program file still open for writing): that is not the student's mistake, so try
  // again a few times before saying the program cannot start.
  constexpr int attempts = 5;
  for (int attempt = 1;; ++attempt) {
    try {
      return std::make_unique<lab::process::ChildProcess>(command_line.front(), args, options);
    } catch (const std::system_error& error) {
      const std::error_code code = error.code();
      const bool passing = code == std::errc::resource_unavailable_try_again ||
                           code == std::errc::not_enough_memory ||
                           code == std::errc::text_file_busy || code == std::errc::interrupted;
      if (!passing || attempt == attempts)
        throw lab::Failure(lab::exit_failure,
                           lab::trf("cannot start '{}': {}", "실행할 수 없다 ('{}'): {}",
                                    command_line.front(), error.code().message()));
    }
    pause_ms(100 * attempt);
  }
}

}  // namespace

StudentProgram::StudentProgram(const std::vector<std::string>& command_line, bool typed_input)
    : process_(start(command_line, typed_input)) {
  reader_ = std::thread([this] { collect(); });
}

StudentProgram::~StudentProgram() {
  stop();
  stopping_ = true;
  if (reader_.joinable()) reader_.join();
}

void StudentProgram::collect() {
  for (;;) {
    std::string chunk;
    const auto read = process_->read(chunk, 100);
    std::lock_guard lock(mutex_);
    output_ += chunk;
    if (output_.size() > output_limit) output_.erase(0, output_.size() - output_limit / 2);
    if (read == lab::process::ChildProcess::Read::end) {
      output_ended_ = true;
      return;
    }
    if (stopping_) return;
    if (read == lab::process::ChildProcess::Read::timeout && lab::interrupted())
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

int StudentProgram::pid() const {
  return process_->pid();
}

std::string StudentProgram::output() const {
  std::lock_guard lock(mutex_);
  return output_;
}

std::size_t StudentProgram::output_size() const {
  std::lock_guard lock(mutex_);
  return output_.size();
}

bool StudentProgram::wait_for_output(std::string_view text, int timeout_ms, std::size_t from) {
  const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  for (;;) {
    {
      std::lock_guard lock(mutex_);
      if (output_.find(text, std::min(from, output_.size())) != std::string::npos) return true;
      if (output_ended_) return false;
    }
    if (Clock::now() >= deadline) return false;
    pause_ms(std::min(20, remaining_ms(deadline)));
  }
}

std::string StudentProgram::last_line() const {
  std::string text = output();
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' '))
    text.pop_back();
  const auto newline = text.rfind('\n');
  return newline == std::string::npos ? text : text.substr(newline + 1);
}

bool StudentProgram::running() {
  return !process_->exit_code();
}

bool StudentProgram::wait_exit(int timeout_ms) {
  const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  while (running()) {
    if (Clock::now() >= deadline) return false;
    pause_ms(std::min(10, remaining_ms(deadline)));
  }
  // Its last words may still be in the pipe: give the reader a moment to take them.
  for (int waited = 0; waited < 200; waited += 10) {
    {
      std::lock_guard lock(mutex_);
      if (output_ended_) break;
    }
    pause_ms(10);
  }
  return true;
}

std::optional<int> StudentProgram::exit_code() {
  return process_->exit_code();
}

std::optional<int> StudentProgram::ended_by_signal() const {
  return process_->ended_by_signal();
}

std::string StudentProgram::how_it_ended() {
  const auto code = exit_code();
  if (!code) return lab::tr("still running", "아직 실행 중");
  if (auto signal_number = ended_by_signal())
    return lab::trf("killed by {}", "{} 시그널로 죽음", signal_name(*signal_number));
  return lab::trf("exit status {}", "종료 상태 {}", *code);
}

bool StudentProgram::type(std::string_view text) {
  return process_->write_input(text);
}

void StudentProgram::end_input() {
  process_->close_input();
}

bool StudentProgram::interrupt() {
  return process_->interrupt();
}

void StudentProgram::stop() {
  process_->stop(1000);
}

}  // namespace check_lab
