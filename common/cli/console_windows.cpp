#include <windows.h>

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

}  // namespace lab
