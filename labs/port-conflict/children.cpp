#include "children.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <regex>
#include <system_error>

namespace conflict {
namespace {

int g_wake_pipe[2] = {-1, -1};
volatile sig_atomic_t g_signal = 0;

void on_signal(int signal_number) {
  g_signal = signal_number;
  const char byte = 1;
  [[maybe_unused]] auto ignored = write(g_wake_pipe[1], &byte, 1);
}

using Clock = std::chrono::steady_clock;

int remaining_ms(Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return left.count() < 0 ? 0 : static_cast<int>(left.count());
}

// Waits for `fd` (or -1: nothing) to be readable; false on timeout. Throws on a signal.
bool wait_readable(int fd, int timeout_ms) {
  pollfd fds[2] = {{g_wake_pipe[0], POLLIN, 0}, {fd, POLLIN, 0}};
  int count = fd >= 0 ? 2 : 1;
  auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  for (;;) {
    throw_if_interrupted();
    int ready = poll(fds, count, remaining_ms(deadline));
    throw_if_interrupted();
    if (ready > 0 && count == 2 && fds[1].revents) return true;
    if (ready > 0 && fds[0].revents) {  // a stray wake-up without a signal: drain it
      char drain[64];
      while (read(g_wake_pipe[0], drain, sizeof drain) > 0) {
      }
    }
    if (ready == 0 || remaining_ms(deadline) == 0) return false;
    if (ready < 0 && errno != EINTR) throw std::system_error(errno, std::generic_category());
  }
}

}  // namespace

void install_interrupt_handlers() {
  if (g_wake_pipe[0] < 0 && pipe2(g_wake_pipe, O_CLOEXEC | O_NONBLOCK) != 0)
    throw std::system_error(errno, std::generic_category(), "pipe");
  struct sigaction action {};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;  // no SA_RESTART: a blocking call returns EINTR and we look at the flag
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  signal(SIGPIPE, SIG_IGN);
}

void throw_if_interrupted() {
  if (g_signal) throw Interrupted{g_signal};
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

std::optional<std::string> Children::next_json(Child& child, int timeout_ms) {
  auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  for (;;) {
    auto newline = child.pending.find('\n');
    while (newline != std::string::npos) {
      std::string line = child.pending.substr(0, newline);
      child.pending.erase(0, newline + 1);
      if (line.starts_with("{")) return line;
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

std::optional<long long> json_number(const std::string& json, const std::string& key) {
  std::smatch match;
  if (!std::regex_search(json, match, std::regex("\"" + key + "\":(-?[0-9]+)")))
    return std::nullopt;
  return std::stoll(match[1]);
}

std::optional<bool> json_bool(const std::string& json, const std::string& key) {
  if (json.find("\"" + key + "\":true") != std::string::npos) return true;
  if (json.find("\"" + key + "\":false") != std::string::npos) return false;
  return std::nullopt;
}

std::optional<std::string> json_string(const std::string& json, const std::string& key) {
  auto start = json.find("\"" + key + "\":\"");
  if (start == std::string::npos) return std::nullopt;
  std::string out;
  for (auto i = start + key.size() + 4; i < json.size(); ++i) {
    char c = json[i];
    if (c == '"') return out;
    if (c == '\\' && i + 1 < json.size()) {
      char next = json[++i];
      if (next == 'n')
        out += '\n';
      else if (next == 't')
        out += '\t';
      else if (next == 'u')
        i += 4, out += '?';  // control characters only; not in our messages
      else
        out += next;
    } else {
      out += c;
    }
  }
  return std::nullopt;
}

std::vector<int> json_holder_pids(const std::string& json) {
  std::vector<int> pids;
  auto start = json.find("\"holders\":[");
  if (start == std::string::npos) return pids;
  auto end = json.find(']', start);
  std::string holders = json.substr(start, end - start);
  std::regex pid("\"pid\":([0-9]+)");
  for (auto it = std::sregex_iterator(holders.begin(), holders.end(), pid);
       it != std::sregex_iterator(); ++it)
    pids.push_back(std::stoi((*it)[1]));
  return pids;
}

}  // namespace conflict
