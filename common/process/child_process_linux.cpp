// Child processes on Linux: fork + exec, one pipe for stdout and stderr, one for stdin when
// asked, waitpid. Each child leads a process group of its own, so that what it starts in turn (a
// shell's children, say) is ended with it, and a Ctrl-C typed at our terminal reaches us only: we
// end the children ourselves. A child whose parent dies, even by SIGKILL, gets SIGTERM from the
// kernel (PR_SET_PDEATHSIG, a Linux call: hence the file's _linux).
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

#include "cli/interrupt.hpp"
#include "process/child_process.hpp"

namespace lab::process {

std::string own_executable() {
  char path[4096];
  ssize_t length = readlink("/proc/self/exe", path, sizeof path - 1);
  if (length <= 0) return "/proc/self/exe";
  return std::string(path, static_cast<std::size_t>(length));
}

void sleep_unless_interrupted(int ms) {
  lab::wait_readable(-1, ms);
}

struct ChildProcess::Impl {
  pid_t pid = -1;
  int out_fd = -1;
  int in_fd = -1;
  std::optional<int> exit_code;
  std::optional<int> signal_number;

  bool reap(bool block) {
    if (exit_code) return true;
    int status = 0;
    pid_t done;
    do {
      done = waitpid(pid, &status, block ? 0 : WNOHANG);
    } while (done < 0 && errno == EINTR && block);
    if (done != pid) return false;
    if (WIFSIGNALED(status)) signal_number = WTERMSIG(status);
    exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return true;
  }
  // Ended, but not reaped yet (waitid with WNOWAIT leaves it a zombie).
  bool ended() {
    if (exit_code) return true;
    siginfo_t info{};
    return waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 &&
           info.si_pid == pid;
  }
  // Its whole group while it has not been reaped (its PID, and so the group's number, is still
  // ours then); afterwards nothing, since the number may belong to someone else.
  void signal_group(int signal_number_to_send) {
    if (exit_code || pid <= 0) return;
    if (::kill(-pid, signal_number_to_send) != 0) ::kill(pid, signal_number_to_send);
  }
  void close_output() {
    if (out_fd >= 0) close(out_fd);
    out_fd = -1;
  }
  void close_input() {
    if (in_fd >= 0) close(in_fd);
    in_fd = -1;
  }
};

ChildProcess::ChildProcess(const std::string& program, const std::vector<std::string>& args,
                           const ChildOptions& options)
    : impl_(std::make_unique<Impl>()) {
  std::vector<std::string> argv{options.argv0.empty() ? program : options.argv0};
  argv.insert(argv.end(), args.begin(), args.end());
  std::vector<char*> c_argv;
  for (auto& arg : argv)
    c_argv.push_back(arg.data());
  c_argv.push_back(nullptr);

  // Three pipes: its output, its input, and one that exec closes (O_CLOEXEC) on success or
  // carries errno when exec fails, so "no such program" is our error, not a silent exit 127.
  int out[2], in[2] = {-1, -1}, exec_status[2];
  if (pipe2(out, O_CLOEXEC) != 0) throw std::system_error(errno, std::generic_category(), "pipe");
  if (options.pipe_input && pipe2(in, O_CLOEXEC) != 0) {
    const int error = errno;
    close(out[0]);
    close(out[1]);
    throw std::system_error(error, std::generic_category(), "pipe");
  }
  if (pipe2(exec_status, O_CLOEXEC) != 0) {
    const int error = errno;
    for (int fd : {out[0], out[1], in[0], in[1]})
      if (fd >= 0) close(fd);
    throw std::system_error(error, std::generic_category(), "pipe");
  }
  const int null_input = options.pipe_input ? -1 : open("/dev/null", O_RDONLY | O_CLOEXEC);
  const pid_t parent = getpid();
  pid_t pid = fork();
  if (pid < 0) {
    const int error = errno;
    for (int fd : {out[0], out[1], in[0], in[1], exec_status[0], exec_status[1], null_input})
      if (fd >= 0) close(fd);
    throw std::system_error(error, std::generic_category(), "fork");
  }
  if (pid == 0) {
    // Only async-signal-safe calls until exec. The signals we ignore or catch get their default
    // action back: a student's program must meet SIGPIPE and Ctrl-C as it would in a terminal.
    struct sigaction default_action {};
    default_action.sa_handler = SIG_DFL;
    for (int signal_number : {SIGINT, SIGTERM, SIGPIPE})
      sigaction(signal_number, &default_action, nullptr);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    setpgid(0, 0);
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (getppid() != parent) _exit(1);
    dup2(options.pipe_input ? in[0] : null_input, STDIN_FILENO);
    dup2(out[1], STDOUT_FILENO);
    dup2(out[1], STDERR_FILENO);
    // Nothing else of ours goes with it (Asio's sockets are not close-on-exec): a socket we
    // hold must close when we close it, not live on in a child.
    close_range(3, ~0U, CLOSE_RANGE_CLOEXEC);
    if (options.search_path)
      execvp(program.c_str(), c_argv.data());
    else
      execv(program.c_str(), c_argv.data());
    const int error = errno;
    (void)!write(exec_status[1], &error, sizeof error);
    _exit(127);
  }
  setpgid(pid, pid);  // also here: whichever runs first, the group exists before we signal it
  for (int fd : {out[1], in[0], exec_status[1], null_input})
    if (fd >= 0) close(fd);
  impl_->pid = pid;
  impl_->out_fd = out[0];
  impl_->in_fd = in[1];
  if (impl_->in_fd >= 0) fcntl(impl_->in_fd, F_SETFL, O_NONBLOCK);

  int exec_error = 0;
  ssize_t got;
  do {
    got = ::read(exec_status[0], &exec_error, sizeof exec_error);
  } while (got < 0 && errno == EINTR);
  close(exec_status[0]);
  if (got == sizeof exec_error) {
    impl_->reap(true);
    impl_->close_output();
    impl_->close_input();
    throw std::system_error(exec_error, std::generic_category(), program);
  }
}

ChildProcess::~ChildProcess() {
  kill();
  impl_->close_output();
  impl_->close_input();
}

int ChildProcess::pid() const {
  return static_cast<int>(impl_->pid);
}

ChildProcess::Read ChildProcess::read(std::string& into, int timeout_ms) {
  if (impl_->out_fd < 0) return Read::end;
  if (!lab::wait_readable(impl_->out_fd, timeout_ms)) return Read::timeout;
  char buffer[16384];
  ssize_t got = ::read(impl_->out_fd, buffer, sizeof buffer);
  if (got < 0 && errno == EINTR) return Read::timeout;
  if (got <= 0) {
    impl_->close_output();
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
  impl_->close_output();
}

bool ChildProcess::write_input(std::string_view bytes) {
  while (!bytes.empty() && impl_->in_fd >= 0) {
    const ssize_t written = ::write(impl_->in_fd, bytes.data(), bytes.size());
    if (written > 0) {
      bytes.remove_prefix(static_cast<std::size_t>(written));
      continue;
    }
    if (written < 0 && errno == EINTR) continue;
    if (written < 0 && errno == EAGAIN) {
      // Its pipe is full: it is not reading. Wait a little, never for ever.
      pollfd ready{impl_->in_fd, POLLOUT, 0};
      if (poll(&ready, 1, 1000) > 0) continue;
    }
    impl_->close_input();  // EPIPE (it closed its stdin or ended) or it stopped reading
    return false;
  }
  return bytes.empty();
}

void ChildProcess::close_input() {
  impl_->close_input();
}

std::optional<int> ChildProcess::exit_code() {
  impl_->reap(false);
  return impl_->exit_code;
}

std::optional<int> ChildProcess::ended_by_signal() const {
  return impl_->signal_number;
}

bool ChildProcess::interrupt() {
  impl_->signal_group(SIGINT);
  return true;
}

void ChildProcess::stop(int grace_ms) {
  if (!impl_->exit_code && impl_->pid > 0) {
    impl_->signal_group(SIGTERM);
    // usleep, not a wait that Ctrl-C ends: this also runs after Ctrl-C.
    for (int waited = 0; waited < grace_ms && !impl_->ended(); waited += 10)
      usleep(10'000);
  }
  kill();
}

void ChildProcess::kill() {
  if (!impl_->exit_code && impl_->pid > 0) {
    // Before reaping: while it is a zombie its number still names its group, so whatever it
    // started there ends too.
    impl_->signal_group(SIGKILL);
    impl_->reap(true);
  }
}

}  // namespace lab::process
