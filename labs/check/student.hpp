#pragma once
// The student's program, as lab-check runs it: the COMMAND with {host} and {port} filled in,
// started through the suite's child process (common/process), its output collected as it comes
// (a reader thread, so a program that prints a lot never blocks on a full pipe), lines typed into
// its stdin, and ended on every way out (its destructor: SIGTERM, then SIGKILL, to its group).
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "process/child_process.hpp"

namespace check_lab {

// COMMAND with {host} and {port} (and {messages}: one argument per message) replaced.
std::vector<std::string> fill_in(const std::vector<std::string>& command, std::uint16_t port,
                                 const std::vector<std::string>& messages = {});

class StudentProgram {
 public:
  // Starts it; throws lab::Failure (exit 1) with one line when it cannot be started at all.
  StudentProgram(const std::vector<std::string>& command_line, bool typed_input);
  ~StudentProgram();
  StudentProgram(const StudentProgram&) = delete;
  StudentProgram& operator=(const StudentProgram&) = delete;

  int pid() const;
  // Everything it printed so far, stdout and stderr together.
  std::string output() const;
  std::size_t output_size() const;
  // Waits up to `timeout_ms` until its output (from `from` on) contains `text`.
  bool wait_for_output(std::string_view text, int timeout_ms, std::size_t from = 0);
  // Its last non-empty line of output, escaped for the terminal ("" when it printed nothing).
  std::string last_line() const;

  bool running();
  // Waits up to `timeout_ms` for it to end by itself.
  bool wait_exit(int timeout_ms);
  std::optional<int> exit_code();
  std::optional<int> ended_by_signal() const;
  // "exit status 1", "killed by SIGPIPE (signal 13)", "still running".
  std::string how_it_ended();

  bool type(std::string_view text);
  void end_input();
  bool interrupt();
  void stop();

 private:
  void collect();
  std::unique_ptr<lab::process::ChildProcess> process_;
  mutable std::mutex mutex_;
  std::string output_;
  bool output_ended_ = false;
  std::thread reader_;
  std::atomic<bool> stopping_ = false;
};

}  // namespace check_lab
