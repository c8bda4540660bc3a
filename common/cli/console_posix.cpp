#include <fcntl.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <string_view>

#include "cli/console.hpp"

namespace lab {

// A Linux terminal takes UTF-8 and colour sequences as they are. What needs doing is for a
// program started with fd 0, 1 or 2 closed (`<&-`, `>&-`): it would hand that number to the next
// descriptor it opens (an eventfd, a socket) and then read "stdin" from it or print into it.
// Each closed one is pointed at /dev/null: stdin reads as end of input; stdout and stderr are
// opened read-only, so a write fails (EBADF) and is reported instead of silently succeeding.
void prepare_console() {
  for (int fd = STDIN_FILENO; fd <= STDERR_FILENO; ++fd) {
    if (fcntl(fd, F_GETFD) != -1 || errno != EBADF) continue;
    const int null_fd = open("/dev/null", O_RDONLY);  // the lowest free number: this `fd`
    if (null_fd >= 0 && null_fd != fd) {
      dup2(null_fd, fd);
      close(null_fd);
    }
  }
}

int terminal_columns(int fd) {
  winsize size{};
  if (ioctl(fd, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
  if (const char* columns = std::getenv("COLUMNS")) {
    const int value = std::atoi(columns);
    if (value > 0 && value < 10000) return value;
  }
  return 80;
}

}  // namespace lab
