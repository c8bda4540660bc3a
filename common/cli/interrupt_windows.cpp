// Ctrl-C on Windows: the console control handler (there are no POSIX signals to catch). It runs
// on a thread of its own, so it only sets the flag and cancels a blocked read of the keyboard.
#include <io.h>
#include <windows.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <string>

#include "cli/input.hpp"
#include "cli/interrupt.hpp"

namespace lab {
namespace {

std::atomic<bool> g_interrupted{false};

BOOL WINAPI on_console_event(DWORD event) {
  if (event != CTRL_C_EVENT && event != CTRL_BREAK_EVENT && event != CTRL_CLOSE_EVENT) return FALSE;
  g_interrupted = true;
  // A std::getline blocked on the console returns: keyboard input ends, as on Linux.
  CancelIoEx(GetStdHandle(STD_INPUT_HANDLE), nullptr);
  return TRUE;  // handled: the program ends itself, with its summary
}

}  // namespace

void catch_interrupts() {
  SetConsoleCtrlHandler(on_console_event, TRUE);
}

bool interrupted() {
  return g_interrupted;
}

const std::atomic<bool>& interrupted_flag() {
  return g_interrupted;
}

ssize_t read_unless_interrupted(int fd, void* buffer, std::size_t size) {
  if (interrupted()) return 0;
  if (fd != 0) return _read(fd, buffer, static_cast<unsigned>(size));
  // Standard input cannot be polled on Windows: cli/input's reader thread reads it (a console
  // as UTF-16, turned into UTF-8) and read_stdin_line() waits for it in short slices, so Ctrl-C
  // ends the wait at once. Each line comes back with a plain '\n', as on Linux.
  static std::string leftover;
  if (leftover.empty()) {
    const auto line = read_stdin_line();
    if (!line) return 0;
    leftover = *line + "\n";
  }
  const std::size_t n = std::min(size, leftover.size());
  std::memcpy(buffer, leftover.data(), n);
  leftover.erase(0, n);
  return static_cast<ssize_t>(n);
}

}  // namespace lab
