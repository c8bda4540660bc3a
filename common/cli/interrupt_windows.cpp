// Ctrl-C on Windows: the console control handler (there are no POSIX signals to catch). It runs
// on a thread of its own, so it only sets the flag and cancels a blocked read of the keyboard.
#include <windows.h>

#include <atomic>

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
}  // namespace lab
