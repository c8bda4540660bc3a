#include <windows.h>

#include <cstdlib>
#include <initializer_list>

#include "cli/console.hpp"

namespace lab {

void prepare_console() {
  SetConsoleOutputCP(CP_UTF8);
  // Colour through ANSI escape sequences, as on Linux (Windows 10 1511 and later).
  for (DWORD which : {STD_OUTPUT_HANDLE, STD_ERROR_HANDLE}) {
    HANDLE handle = GetStdHandle(which);
    DWORD mode = 0;
    if (GetConsoleMode(handle, &mode))
      SetConsoleMode(handle, mode | ENABLE_VIRTUAL_TERMINAL_PROCESSING);
  }
}

int terminal_columns(int fd) {
  const DWORD which = fd == 2 ? STD_ERROR_HANDLE : STD_OUTPUT_HANDLE;
  CONSOLE_SCREEN_BUFFER_INFO info{};
  if (GetConsoleScreenBufferInfo(GetStdHandle(which), &info)) {
    const int columns = info.srWindow.Right - info.srWindow.Left + 1;
    if (columns > 0) return columns;
  }
  if (const char* columns = std::getenv("COLUMNS")) {
    const int value = std::atoi(columns);
    if (value > 0 && value < 10000) return value;
  }
  return 80;
}

}  // namespace lab
