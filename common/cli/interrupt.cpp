#include "cli/interrupt.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <csignal>

namespace lab {
namespace {

volatile std::sig_atomic_t g_interrupted = 0;

void on_interrupt(int) {
  g_interrupted = 1;
  // A read() already blocked returns EINTR (no SA_RESTART). One about to start would block
  // anyway, so stdin becomes /dev/null: the next read returns end of input at once.
  // open, dup2 and close are async-signal-safe.
  const int null_fd = open("/dev/null", O_RDONLY);
  if (null_fd >= 0) {
    dup2(null_fd, STDIN_FILENO);
    close(null_fd);
  }
}

}  // namespace

void catch_interrupts() {
  struct sigaction action {};
  action.sa_handler = on_interrupt;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;  // no SA_RESTART: a blocked read() returns EINTR
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

bool interrupted() {
  return g_interrupted != 0;
}

}  // namespace lab
