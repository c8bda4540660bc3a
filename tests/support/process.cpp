#include "process.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

extern char** environ;

namespace labtest {
namespace {

std::vector<std::string> child_environment(const SpawnOptions& options) {
  std::vector<std::string> env;
  for (char** entry = environ; *entry; ++entry) {
    std::string_view item(*entry);
    if (item.starts_with("LANG=") || item.starts_with("LC_ALL=") ||
        item.starts_with("LC_MESSAGES=") || item.starts_with("NO_COLOR="))
      continue;
    env.emplace_back(item);
  }
  env.emplace_back("LANG=C.UTF-8");
  env.emplace_back("NO_COLOR=1");
  for (const auto& extra : options.env) {
    auto name = extra.substr(0, extra.find('=') + 1);
    std::erase_if(env, [&](const std::string& item) { return item.starts_with(name); });
    env.push_back(extra);
  }
  return env;
}

std::vector<char*> c_strings(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (auto& s : strings)
    out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

std::optional<long> status_field_kib(pid_t pid, std::string_view field) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.starts_with(field)) return std::stol(line.substr(field.size() + 1));
  }
  return std::nullopt;
}

std::uint16_t free_port(int type) {
  int fd = socket(AF_INET, type, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  close(fd);
  return ntohs(address.sin_port);
}

}  // namespace

void skip_test(std::string_view why) {
  std::fprintf(stderr, "skipped: %.*s\n", static_cast<int>(why.size()), why.data());
  if (const char* code = std::getenv("LAB_TEST_SKIP_CODE")) {
    std::fflush(nullptr);
    std::_Exit(std::atoi(code));
  }
  WARN("skipped: " << why);
}

bool running_as_root() {
  return ::geteuid() == 0;
}

std::string bin(std::string_view name) {
  return std::string(LAB_BIN_DIR) + "/" + std::string(name);
}
std::string source_path(std::string_view relative) {
  // LAB_SOURCE_DIR in the environment points the tests at another checkout (a worktree).
  const char* override_dir = std::getenv("LAB_SOURCE_DIR");
  return std::string(override_dir ? override_dir : LAB_SOURCE_DIR) + "/" + std::string(relative);
}

std::vector<std::string> lab_programs() {
  std::vector<std::string> names;
  if (DIR* dir = opendir(LAB_BIN_DIR)) {
    while (dirent* entry = readdir(dir)) {
      std::string name = entry->d_name;
      if (name.starts_with("lab-") && name.find("tests") == std::string::npos)
        names.push_back(name);
    }
    closedir(dir);
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::uint16_t started_port(Process& process, Announced protocol, Millis timeout) {
  static const std::regex tcp_line(R"re((?:TCP |"local":")127\.0\.0\.1:(\d+)(?: LISTENING|"))re");
  static const std::regex udp_line(R"re((?:UDP |"local":")127\.0\.0\.1:(\d+))re");
  auto match = process.wait_for_match(protocol == Announced::tcp ? tcp_line : udp_line, timeout);
  REQUIRE(match);
  return static_cast<std::uint16_t>(std::stoi((*match)[1]));
}

Process::Process(std::vector<std::string> argv, SpawnOptions options)
    : Process(std::move(argv), std::move(options), {}) {}

Process::Process(std::vector<std::string> argv, SpawnOptions options, std::vector<int> closed_fds) {
  int in_pipe[2], out_pipe[2], err_pipe[2];
  if (pipe2(in_pipe, O_CLOEXEC) != 0 || pipe2(out_pipe, O_CLOEXEC) != 0 ||
      pipe2(err_pipe, O_CLOEXEC) != 0)
    throw std::runtime_error("pipe2 failed");

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in_pipe[0], STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], STDERR_FILENO);
  for (int fd : closed_fds)
    posix_spawn_file_actions_addclose(&actions, fd);
  if (options.working_directory)
    posix_spawn_file_actions_addchdir_np(&actions, options.working_directory->c_str());

  // The child starts with default signal handling and no blocked signals, whatever ours are.
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  sigset_t none, all;
  sigemptyset(&none);
  sigfillset(&all);
  posix_spawnattr_setsigmask(&attributes, &none);
  posix_spawnattr_setsigdefault(&attributes, &all);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

  auto env = child_environment(options);
  auto c_argv = c_strings(argv);
  auto c_env = c_strings(env);
  int rc = posix_spawn(&pid_, c_argv[0], &actions, &attributes, c_argv.data(), c_env.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  close(in_pipe[0]);
  close(out_pipe[1]);
  close(err_pipe[1]);
  stdin_fd_ = in_pipe[1];
  stdout_fd_ = out_pipe[0];
  stderr_fd_ = err_pipe[0];
  if (rc != 0) {
    close(stdin_fd_);
    close(stdout_fd_);
    close(stderr_fd_);
    throw std::runtime_error("cannot start " + argv[0] + ": " + std::strerror(rc));
  }
  reader_ = std::thread([this] { reader_loop(); });
}

Process::~Process() {
  if (!exit_code_ && pid_ > 0) {
    kill(pid_, SIGKILL);
    wait(5s);
  }
  close_stdin();
  if (reader_.joinable()) reader_.join();
}

void Process::reader_loop() {
  pollfd fds[2] = {{stdout_fd_, POLLIN, 0}, {stderr_fd_, POLLIN, 0}};
  int open_streams = 2;
  char buffer[65536];
  while (open_streams > 0) {
    if (poll(fds, 2, 200) < 0 && errno != EINTR) break;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      ssize_t n = read(fds[i].fd, buffer, sizeof buffer);
      if (n <= 0) {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open_streams;
        continue;
      }
      std::lock_guard lock(mutex_);
      (i == 0 ? out_ : err_).append(buffer, static_cast<std::size_t>(n));
      changed_.notify_all();
    }
  }
  std::lock_guard lock(mutex_);
  streams_closed_ = true;
  changed_.notify_all();
}

bool Process::wait_for(const std::string& which, std::string_view needle, Millis timeout) {
  std::unique_lock lock(mutex_);
  const std::string& text = which == "out" ? out_ : err_;
  return changed_.wait_for(lock, timeout, [&] {
    return text.find(needle) != std::string::npos || streams_closed_;
  }) && text.find(needle) != std::string::npos;
}

bool Process::wait_for_out(std::string_view needle, Millis timeout) {
  return wait_for("out", needle, timeout);
}
bool Process::wait_for_err(std::string_view needle, Millis timeout) {
  return wait_for("err", needle, timeout);
}

std::optional<std::vector<std::string>> Process::wait_for_match(const std::regex& pattern,
                                                                Millis timeout) {
  std::unique_lock lock(mutex_);
  std::smatch match;
  bool found = changed_.wait_for(
      lock, timeout, [&] { return std::regex_search(out_, match, pattern) || streams_closed_; });
  if (!found || !std::regex_search(out_, match, pattern)) return std::nullopt;
  std::vector<std::string> groups;
  for (const auto& group : match)
    groups.push_back(group.str());
  return groups;
}

std::string Process::out() const {
  std::lock_guard lock(mutex_);
  return out_;
}
std::string Process::err() const {
  std::lock_guard lock(mutex_);
  return err_;
}

void Process::write(std::string_view data) {
  while (!data.empty() && stdin_fd_ >= 0) {
    ssize_t n = ::write(stdin_fd_, data.data(), data.size());
    if (n <= 0) {
      if (errno == EINTR) continue;
      break;
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
}

void Process::close_stdin() {
  if (stdin_fd_ >= 0) close(stdin_fd_);
  stdin_fd_ = -1;
}

void Process::signal(int signal_number) {
  if (!exit_code_ && pid_ > 0) kill(pid_, signal_number);
}

std::optional<int> Process::wait(Millis timeout) {
  if (exit_code_) return exit_code_;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    int status = 0;
    pid_t done = waitpid(pid_, &status, WNOHANG);
    if (done == pid_) {
      exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      // Let the reader drain what the process wrote before it ended.
      std::unique_lock lock(mutex_);
      changed_.wait_for(lock, 2s, [&] { return streams_closed_; });
      return exit_code_;
    }
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(5ms);
  }
}

bool Process::running() {
  return !wait(0ms).has_value();
}

std::optional<long> Process::peak_rss_kib() const {
  return status_field_kib(pid_, "VmHWM:");
}
std::optional<long> Process::rss_kib() const {
  return status_field_kib(pid_, "VmRSS:");
}

namespace {
Result finish(Process& process, Millis timeout) {
  Result result;
  auto code = process.wait(timeout);
  result.exit_code = code ? *code : -1;
  if (!code) {
    process.signal(SIGKILL);
    process.wait(5s);
  }
  result.out = process.out();
  result.err = process.err();
  return result;
}
}  // namespace

Result run_with_closed_fds(std::vector<std::string> argv, std::vector<int> closed_fds,
                           Millis timeout) {
  Process process(std::move(argv), {}, std::move(closed_fds));
  process.close_stdin();
  return finish(process, timeout);
}

Result run(std::vector<std::string> argv, std::string input, Millis timeout, SpawnOptions options) {
  Process process(std::move(argv), std::move(options));
  process.write(input);
  process.close_stdin();
  return finish(process, timeout);
}

std::vector<std::string> lines(std::string_view text) {
  std::vector<std::string> out;
  std::string line;
  std::istringstream in{std::string(text)};
  while (std::getline(in, line))
    out.push_back(line);
  return out;
}

std::size_t count_lines_with(std::string_view text, std::string_view needle) {
  std::size_t count = 0;
  for (const auto& line : lines(text))
    if (line.find(needle) != std::string::npos) ++count;
  return count;
}

std::string tcp_exchange(std::uint16_t port, std::string_view request, std::size_t want,
                         Millis timeout) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return {};
  const auto ms = timeout.count();
  timeval limit{static_cast<time_t>(ms / 1000), static_cast<suseconds_t>(ms % 1000 * 1000)};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string answer;
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
      send(fd, request.data(), request.size(), MSG_NOSIGNAL) ==
          static_cast<ssize_t>(request.size())) {
    char buffer[4096];
    ssize_t got;
    while (answer.size() < want && (got = recv(fd, buffer, sizeof buffer, 0)) > 0)
      answer.append(buffer, static_cast<std::size_t>(got));
  }
  close(fd);
  return answer;
}

std::uint16_t free_port_tcp() {
  return free_port(SOCK_STREAM);
}
std::uint16_t free_port_udp() {
  return free_port(SOCK_DGRAM);
}

std::vector<KernelTcpRow> kernel_tcp_rows() {
  std::vector<KernelTcpRow> rows;
  for (const char* path : {"/proc/net/tcp", "/proc/net/tcp6"}) {
    std::ifstream in(path);
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
      std::istringstream fields(line);
      std::string slot, local, remote, state;
      fields >> slot >> local >> remote >> state;
      auto port_of = [](const std::string& endpoint) {
        return static_cast<std::uint16_t>(
            std::stoul(endpoint.substr(endpoint.find(':') + 1), nullptr, 16));
      };
      rows.push_back({port_of(local), port_of(remote), std::stoi(state, nullptr, 16)});
    }
  }
  return rows;
}

bool kernel_has_tcp_row(std::uint16_t local_port, std::uint16_t remote_port, int state) {
  for (const auto& row : kernel_tcp_rows())
    if (row.local_port == local_port && row.remote_port == remote_port && row.state == state)
      return true;
  return false;
}

}  // namespace labtest
