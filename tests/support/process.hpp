#pragma once
// Real programs in real processes, for the integration tests. A Process starts a binary from
// build/bin with pipes on stdin/stdout/stderr, lets a test wait (with a time limit) for what it
// prints, and on destruction ends it by PID if it still runs. No test waits without a limit.
#include <sys/types.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace labtest {

using namespace std::chrono_literals;
using Millis = std::chrono::milliseconds;

// Path of a program in build/bin.
std::string bin(std::string_view name);
// Path of a file in the source tree.
std::string source_path(std::string_view relative);
// Every lab program in build/bin (lab-*, not the test binaries), sorted.
std::vector<std::string> lab_programs();

struct SpawnOptions {
  // Extra "NAME=VALUE" entries. By default children get LANG=C.UTF-8, no LC_ALL/LC_MESSAGES,
  // and NO_COLOR=1, so they print English without colour unless a test asks otherwise.
  std::vector<std::string> env;
  std::optional<std::string> working_directory;
};

class Process {
 public:
  explicit Process(std::vector<std::string> argv, SpawnOptions options = {});
  // Started with the descriptors `closed_fds` (0, 1, 2) closed, as after `<&-` or `>&-`.
  Process(std::vector<std::string> argv, SpawnOptions options, std::vector<int> closed_fds);
  ~Process();
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  pid_t pid() const { return pid_; }

  // Waits until stdout (or stderr) contains `needle`; false on timeout or when the process
  // ended without printing it.
  bool wait_for_out(std::string_view needle, Millis timeout = 10s);
  bool wait_for_err(std::string_view needle, Millis timeout = 10s);
  // Waits for `pattern` in stdout and returns its capture groups (group 0 = whole match).
  std::optional<std::vector<std::string>> wait_for_match(const std::regex& pattern,
                                                         Millis timeout = 10s);

  std::string out() const;
  std::string err() const;

  void write(std::string_view data);
  void close_stdin();
  void signal(int signal_number);

  // Exit code (128 + signal when killed by one); nullopt if it still runs after `timeout`.
  std::optional<int> wait(Millis timeout = 10s);
  bool running();

  // Peak resident memory (VmHWM) and current (VmRSS) in KiB, from /proc/PID/status.
  std::optional<long> peak_rss_kib() const;
  std::optional<long> rss_kib() const;

 private:
  void reader_loop();
  bool wait_for(const std::string& which, std::string_view needle, Millis timeout);

  pid_t pid_ = -1;
  int stdin_fd_ = -1;
  int stdout_fd_ = -1;
  int stderr_fd_ = -1;
  std::optional<int> exit_code_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::string out_;
  std::string err_;
  bool streams_closed_ = false;
  std::thread reader_;
};

struct Result {
  int exit_code = -1;
  std::string out;
  std::string err;
};
// Runs a program to its end (killing it after `timeout`, which fails the check that follows).
Result run(std::vector<std::string> argv, std::string input = {}, Millis timeout = 20s,
           SpawnOptions options = {});

// run() with the descriptors `closed_fds` (0, 1, 2) closed in the child, as after `<&-`.
Result run_with_closed_fds(std::vector<std::string> argv, std::vector<int> closed_fds,
                           Millis timeout = 20s);

// Lines of a text, without the newlines.
std::vector<std::string> lines(std::string_view text);
// Number of lines that contain `needle`.
std::size_t count_lines_with(std::string_view text, std::string_view needle);

// A port that was free a moment ago (bind to 0, read it, close). Prefer --port 0 where a
// program can report its port; this is for the cases where it cannot.
std::uint16_t free_port_tcp();
std::uint16_t free_port_udp();

// One TCP connection to 127.0.0.1:port: sends `request`, then reads until `want` bytes came, the
// server closed, or `timeout` passed. What was read (empty when the connect failed).
std::string tcp_exchange(std::uint16_t port, std::string_view request,
                         std::size_t want = std::string::npos, Millis timeout = 5s);

// The /proc/net/tcp rows (local port, remote port, state code) of this machine, for tests that
// check kernel state without going through the code under test.
struct KernelTcpRow {
  std::uint16_t local_port;
  std::uint16_t remote_port;
  int state;  // 1 ESTABLISHED, 5 FIN_WAIT2, 6 TIME_WAIT, 8 CLOSE_WAIT, 10 LISTEN ...
};
std::vector<KernelTcpRow> kernel_tcp_rows();
bool kernel_has_tcp_row(std::uint16_t local_port, std::uint16_t remote_port, int state);

// A test that needs something this run does not have (root, a tool): under ctest, which sets
// LAB_TEST_SKIP_CODE in the environment and reads that exit code as "skipped" (SKIP_RETURN_CODE),
// the test process ends with it and ctest's summary counts the test as skipped, not passed. Run
// by hand, the reason is printed and the caller returns (use LAB_SKIP_IF below). Call it before
// the test's first check: a skip must never hide a check that failed.
void skip_test(std::string_view why);
bool running_as_root();
#define LAB_SKIP_IF(condition, why) \
  do {                              \
    if (condition) {                \
      ::labtest::skip_test(why);    \
      return;                       \
    }                               \
  } while (false)
#define LAB_SKIP_UNLESS_ROOT(why) LAB_SKIP_IF(!::labtest::running_as_root(), why)

// The port a lab program announced on its start-up line: "TCP 127.0.0.1:7000 LISTENING" (the
// servers, `lab-port-conflict hold`), "UDP 127.0.0.1:7000" (the receivers, hold --udp), or in
// JSON "local":"127.0.0.1:7000". Fails the test (REQUIRE) when none came within `timeout`.
enum class Announced { tcp, udp };
std::uint16_t started_port(Process& process, Announced protocol = Announced::tcp,
                           Millis timeout = 10s);

// Polls `condition` every 20 ms until it holds or `timeout` passes.
template <class Condition>
bool eventually(Condition condition, Millis timeout = 5s) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(20ms);
  }
  return condition();
}

}  // namespace labtest
