// The demo's child processes on Linux: fork + execv of this program, one pipe for stdout and
// stderr, waitpid. A child whose demo dies (even by SIGKILL) gets SIGTERM from the kernel.
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

#include "child_process.hpp"
#include "cli/interrupt.hpp"

namespace port_conflict_lab {

std::string own_executable() {
  char path[4096];
  ssize_t length = readlink("/proc/self/exe", path, sizeof path - 1);
  if (length <= 0) return "/proc/self/exe";
  return std::string(path, static_cast<std::size_t>(length));
}

bool interrupt_arrived() {
  return lab::interrupted();
}

void sleep_unless_interrupted(int ms) {
  lab::wait_readable(-1, ms);
}

struct ChildProcess::Impl {
  pid_t pid = -1;
  int out_fd = -1;
  std::optional<int> exit_code;

  bool reap(bool block) {
    if (exit_code) return true;
    int status = 0;
    pid_t done;
    do {
      done = waitpid(pid, &status, block ? 0 : WNOHANG);
    } while (done < 0 && errno == EINTR && block);
    if (done != pid) return false;
    exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return true;
  }
  void close_pipe() {
    if (out_fd >= 0) close(out_fd);
    out_fd = -1;
  }
};

ChildProcess::ChildProcess(const std::string& program, const std::vector<std::string>& args)
    : impl_(std::make_unique<Impl>()) {
  std::vector<std::string> argv{"lab-port-conflict"};
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
    execv(program.c_str(), c_argv.data());
    _exit(127);
  }
  close(out[1]);
  impl_->pid = pid;
  impl_->out_fd = out[0];
}

ChildProcess::~ChildProcess() {
  kill();
}

int ChildProcess::pid() const {
  return static_cast<int>(impl_->pid);
}

ChildProcess::Read ChildProcess::read(std::string& into, int timeout_ms) {
  if (impl_->out_fd < 0) return Read::end;
  if (!lab::wait_readable(impl_->out_fd, timeout_ms)) return Read::timeout;
  char buffer[4096];
  ssize_t got = ::read(impl_->out_fd, buffer, sizeof buffer);
  if (got < 0 && errno == EINTR) return Read::timeout;
  if (got <= 0) {
    impl_->close_pipe();
    return Read::end;
  }
  into.append(buffer, static_cast<std::size_t>(got));
  return Read::data;
}

void ChildProcess::drain(std::string& into, std::size_t limit) {
  if (impl_->out_fd < 0) return;
  char buffer[4096];
  ssize_t got;
  fcntl(impl_->out_fd, F_SETFL, O_NONBLOCK);
  while (into.size() < limit && (got = ::read(impl_->out_fd, buffer, sizeof buffer)) > 0)
    into.append(buffer, static_cast<std::size_t>(got));
  impl_->close_pipe();
}

std::optional<int> ChildProcess::exit_code() {
  impl_->reap(false);
  return impl_->exit_code;
}

void ChildProcess::stop(int grace_ms) {
  if (!impl_->exit_code) {
    ::kill(impl_->pid, SIGTERM);
    // usleep, not a wait that Ctrl-C ends: this also runs after Ctrl-C.
    for (int waited = 0; waited < grace_ms && !impl_->reap(false); waited += 10)
      usleep(10'000);
  }
  kill();
}

void ChildProcess::kill() {
  if (!impl_->exit_code && impl_->pid > 0) {
    ::kill(impl_->pid, SIGKILL);
    impl_->reap(true);
  }
}

}  // namespace port_conflict_lab
