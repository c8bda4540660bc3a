#pragma once
// A process of our own making, with one interface on every OS: child_process_linux.cpp (fork +
// exec, pipes, waitpid, its own process group, PR_SET_PDEATHSIG) and child_process_windows.cpp
// (CreateProcessW, pipes, a job object that ends the children with their parent). Its stdout and
// stderr arrive through one pipe; its stdin is a pipe of ours when asked, else empty. Every wait
// is bounded and ends early when Ctrl-C arrives (lab::catch_interrupts); nothing here ever
// touches a process we did not start. Used by lab-port-conflict's demo and by lab-check.
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lab::process {

// This program's own executable (/proc/self/exe on Linux, GetModuleFileNameW on Windows).
std::string own_executable();

// Sleeps up to `ms`; returns early when Ctrl-C arrives.
void sleep_unless_interrupted(int ms);

struct ChildOptions {
  // Look `program` up in PATH (a student types `python3 server.py`); off: a path to run as is.
  bool search_path = false;
  // Give it a stdin we write to (write_input, close_input); off: stdin reads as empty.
  bool pipe_input = false;
  // argv[0] as the child sees it (empty: `program` itself).
  std::string argv0;
};

class ChildProcess {
 public:
  enum class Read { data, end, timeout };

  // Starts `program` with `args` (argv[1] on); throws std::system_error when it cannot (the
  // program is not there, not executable ...), with the OS's reason.
  ChildProcess(const std::string& program, const std::vector<std::string>& args,
               const ChildOptions& options = {});
  ~ChildProcess();  // kill() if it still runs
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  int pid() const;
  // Waits up to `timeout_ms` for output and appends what came to `into`. `end`: the pipe is
  // closed (the child and everything it started ended, or closed their output). `timeout` also
  // when Ctrl-C arrived first.
  Read read(std::string& into, int timeout_ms);
  // Appends what is already in the pipe (no waiting, at most `limit` bytes), then closes it.
  void drain(std::string& into, std::size_t limit);
  // Types into its stdin (ChildOptions::pipe_input). false once it no longer reads it.
  bool write_input(std::string_view bytes);
  // End of input (Ctrl-D on a terminal; Ctrl-Z Enter on Windows).
  void close_input();
  // The exit code once it ended (reaped), without waiting; nullopt while it runs. A process
  // ended by a signal has 128 + the signal's number here, and that number in ended_by_signal().
  std::optional<int> exit_code();
  std::optional<int> ended_by_signal() const;
  // Sends what Ctrl-C sends (SIGINT, to its process group). false where that cannot be done: on
  // Windows a child without a console of its own has no Ctrl-C to receive.
  bool interrupt();
  // Asks it to end and waits up to `grace_ms` (POSIX: SIGTERM to its group, then SIGKILL;
  // Windows has no signal to send a process with no console: TerminateProcess at once).
  // Always reaped.
  void stop(int grace_ms);
  // Ends it (and on POSIX what it started in its group) at once and reaps it.
  void kill();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lab::process
