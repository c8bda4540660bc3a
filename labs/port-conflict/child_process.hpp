#pragma once
// One process of the demo's own (a `hold` or `try` of this same program), with one interface on
// every OS: child_process_posix.cpp (fork + execv, a pipe, waitpid, PR_SET_PDEATHSIG) and
// child_process_windows.cpp (CreateProcessW, a pipe, a job object that ends the children with
// the demo). Its stdout and stderr arrive through one pipe. Every wait here is bounded and ends
// early when Ctrl-C arrives (lab::catch_interrupts); no call ever touches a process we did not
// start.
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace port_conflict_lab {

// This program's own executable (/proc/self/exe on Linux, GetModuleFileNameW on Windows).
std::string own_executable();

// True once Ctrl-C (or SIGTERM) has arrived.
bool interrupt_arrived();
// Sleeps up to `ms`; returns early when Ctrl-C arrives.
void sleep_unless_interrupted(int ms);

class ChildProcess {
 public:
  enum class Read { data, end, timeout };

  // Starts `program` with `args` (argv[1] on); throws std::system_error when it cannot.
  ChildProcess(const std::string& program, const std::vector<std::string>& args);
  ~ChildProcess();  // kill() if it still runs
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  int pid() const;
  // Waits up to `timeout_ms` for output and appends what came to `into`. `end`: the pipe is
  // closed (the child ended). `timeout` also when Ctrl-C arrived first.
  Read read(std::string& into, int timeout_ms);
  // Appends what is already in the pipe (no waiting, at most `limit` bytes), then closes it.
  void drain(std::string& into, std::size_t limit);
  // The exit code once it ended (reaped), without waiting; nullopt while it runs.
  std::optional<int> exit_code();
  // Asks it to end and waits up to `grace_ms` (Linux: SIGTERM, then SIGKILL; Windows has no
  // signal to send a process with no console: TerminateProcess at once). Always reaped.
  void stop(int grace_ms);
  // Ends it at once (SIGKILL; TerminateProcess) and reaps it.
  void kill();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace port_conflict_lab
