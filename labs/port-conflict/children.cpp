#include "children.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <system_error>

#include "cli/interrupt.hpp"

namespace port_conflict_lab {
namespace {

using Clock = std::chrono::steady_clock;

int remaining_ms(Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return left.count() < 0 ? 0 : static_cast<int>(left.count());
}

// Waits for `fd` to be readable; false on timeout. Throws Interrupted on Ctrl-C.
bool wait_readable(int fd, int timeout_ms) {
  const bool ready = lab::wait_readable(fd, timeout_ms);
  throw_if_interrupted();
  return ready;
}

}  // namespace

void install_interrupt_handlers() {
  lab::catch_interrupts();
}

void throw_if_interrupted() {
  if (lab::interrupted()) throw Interrupted{lab::interrupted_by()};
}

void pause_ms(int ms) {
  wait_readable(-1, ms);
}

Children::Children(std::string program, std::vector<std::string> common_args)
    : program_(std::move(program)), common_args_(std::move(common_args)) {}

Children::~Children() {
  stop_all();
}

Child& Children::start(const std::vector<std::string>& args) {
  throw_if_interrupted();
  std::vector<std::string> argv{"lab-port-conflict"};
  argv.insert(argv.end(), common_args_.begin(), common_args_.end());
  argv.insert(argv.end(), args.begin(), args.end());
  std::vector<char*> c_argv;
  for (auto& arg : argv)
    c_argv.push_back(arg.data());
  c_argv.push_back(nullptr);

  int out[2];
  if (pipe2(out, O_CLOEXEC) != 0) throw std::system_error(errno, std::generic_category(), "pipe");
  const pid_t parent = getpid();
  pid_t pid = fork();
  if (pid < 0) {
    close(out[0]);
    close(out[1]);
    throw std::system_error(errno, std::generic_category(), "fork");
  }
  if (pid == 0) {
    // Only async-signal-safe calls until exec. If the demo dies, even by SIGKILL, the kernel
    // sends this child SIGTERM: nothing is left holding a port.
    struct sigaction default_action {};
    default_action.sa_handler = SIG_DFL;
    for (int signal_number : {SIGINT, SIGTERM, SIGPIPE})
      sigaction(signal_number, &default_action, nullptr);
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (getppid() != parent) _exit(1);
    dup2(out[1], STDOUT_FILENO);
    dup2(out[1], STDERR_FILENO);
    execv(program_.c_str(), c_argv.data());
    _exit(127);
  }
  close(out[1]);
  ++started_;
  Child& child = children_.emplace_back();
  child.pid = pid;
  child.out_fd = out[0];
  return child;
}

bool Children::read_some(Child& child, int timeout_ms) {
  if (child.out_fd < 0 || !wait_readable(child.out_fd, timeout_ms)) return false;
  char buffer[4096];
  ssize_t got = read(child.out_fd, buffer, sizeof buffer);
  if (got <= 0) {
    if (got < 0 && errno == EINTR) return true;
    close(child.out_fd);
    child.out_fd = -1;
    return false;
  }
  child.pending.append(buffer, static_cast<std::size_t>(got));
  if (child.pending.size() > (1u << 20)) child.pending.erase(0, child.pending.size() / 2);
  return true;
}

std::optional<lab::json::Value> Children::next_json(Child& child, int timeout_ms) {
  auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  for (;;) {
    auto newline = child.pending.find('\n');
    while (newline != std::string::npos) {
      std::string line = child.pending.substr(0, newline);
      child.pending.erase(0, newline + 1);
      if (line.starts_with("{"))
        if (auto document = lab::json::parse(line)) return document;
      child.other_lines += line + "\n";
      newline = child.pending.find('\n');
    }
    if (!read_some(child, remaining_ms(deadline))) {
      if (child.out_fd < 0 && !child.pending.empty()) {  // a last line without '\n'
        child.other_lines += child.pending;
        child.pending.clear();
      }
      return std::nullopt;
    }
  }
}

bool Children::reap(Child& child, bool block) {
  if (child.exit_code) return true;
  int status = 0;
  pid_t done;
  do {
    done = waitpid(child.pid, &status, block ? 0 : WNOHANG);
  } while (done < 0 && errno == EINTR && block);
  if (done != child.pid) return false;
  child.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  ++reaped_;
  return true;
}

int Children::finish(Child& child, int timeout_ms) {
  auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  // Read to the end so the child never blocks on a full pipe, then reap it.
  while (child.out_fd >= 0 && remaining_ms(deadline) > 0)
    if (!read_some(child, remaining_ms(deadline))) break;
  while (!reap(child, false) && remaining_ms(deadline) > 0)
    pause_ms(10);
  if (!child.exit_code) {
    kill(child.pid, SIGKILL);
    reap(child, true);
  }
  return *child.exit_code;
}

void Children::stop(Child& child) {
  if (!child.exit_code) {
    kill(child.pid, SIGTERM);
    // No pause_ms() here: this also runs after Ctrl-C, when waits would throw.
    for (int i = 0; i < 200 && !reap(child, false); ++i)
      usleep(10'000);
    if (!child.exit_code) {
      kill(child.pid, SIGKILL);
      reap(child, true);
    }
  }
  if (child.out_fd >= 0) {
    // Keep what it printed last (its "stopped" line) in case someone asks.
    char buffer[4096];
    ssize_t got;
    fcntl(child.out_fd, F_SETFL, O_NONBLOCK);
    while ((got = read(child.out_fd, buffer, sizeof buffer)) > 0 && child.pending.size() < 65536)
      child.pending.append(buffer, static_cast<std::size_t>(got));
    close(child.out_fd);
    child.out_fd = -1;
  }
}

void Children::stop_all() {
  for (Child& child : children_)
    stop(child);
}

std::vector<pid_t> Children::running() const {
  std::vector<pid_t> pids;
  for (const Child& child : children_)
    if (!child.exit_code) pids.push_back(child.pid);
  return pids;
}

}  // namespace port_conflict_lab
