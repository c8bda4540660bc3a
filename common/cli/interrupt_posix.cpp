#include "cli/interrupt.hpp"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>

namespace lab {
namespace {

volatile std::sig_atomic_t g_signal = 0;
std::atomic<bool> g_interrupted{false};  // lock-free, so a signal handler may set it
static_assert(std::atomic<bool>::is_always_lock_free);
int g_wake_pipe[2] = {-1, -1};

void on_interrupt(int signal_number) {
  g_signal = signal_number;
  g_interrupted = true;
  // Everything here is async-signal-safe (write, open, dup2, close). The pipe wakes poll();
  // stdin becomes /dev/null so that a read about to start returns end of input at once.
  const char byte = 1;
  [[maybe_unused]] auto ignored = write(g_wake_pipe[1], &byte, 1);
  const int null_fd = open("/dev/null", O_RDONLY);
  if (null_fd >= 0) {
    dup2(null_fd, STDIN_FILENO);
    close(null_fd);
  }
}

}  // namespace

void catch_interrupts() {
  if (g_wake_pipe[0] < 0 && pipe2(g_wake_pipe, O_CLOEXEC | O_NONBLOCK) != 0)
    g_wake_pipe[0] = g_wake_pipe[1] = -1;  // still works, only without the early wake-up
  struct sigaction action {};
  action.sa_handler = on_interrupt;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;  // no SA_RESTART: a blocked read() returns EINTR
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  // The terminal closing (SIGHUP) ends the program like Ctrl-C, so that it cleans up (lab-badnet
  // removes its nft table, lab-trace its tracefs instance). Under `nohup` SIGHUP arrives
  // ignored, and stays so: the student asked the program to outlive the terminal.
  struct sigaction hangup {};
  if (sigaction(SIGHUP, nullptr, &hangup) == 0 && hangup.sa_handler != SIG_IGN)
    sigaction(SIGHUP, &action, nullptr);
}

bool interrupted() {
  return g_interrupted;
}

const std::atomic<bool>& interrupted_flag() {
  return g_interrupted;
}

int interrupted_by() {
  return g_signal;
}

int interrupt_fd() {
  return g_wake_pipe[0];
}

bool wait_readable(int fd, int timeout_ms) {
  using Clock = std::chrono::steady_clock;
  const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms < 0 ? 0 : timeout_ms);
  pollfd fds[2] = {{g_wake_pipe[0], POLLIN, 0}, {fd, POLLIN, 0}};
  for (;;) {
    if (interrupted()) return false;
    int left = -1;
    if (timeout_ms >= 0) {
      auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
      left = ms.count() < 0 ? 0 : static_cast<int>(ms.count());
    }
    const int ready = poll(fds, 2, left);  // a negative fd is skipped by poll
    if (interrupted()) return false;
    if (ready > 0 && (fds[1].revents & (POLLIN | POLLHUP | POLLERR))) return true;
    if (ready == 0 || left == 0) return false;
    if (ready < 0 && errno != EINTR) return false;
  }
}
}  // namespace lab
