#include <windows.h>

#include <algorithm>
#include <string>

#include "render/console_text.hpp"

namespace lab::out {

bool write_to_console(std::FILE* stream, std::string_view text) {
  HANDLE console = GetStdHandle(stream == stderr ? STD_ERROR_HANDLE : STD_OUTPUT_HANDLE);
  DWORD mode = 0;
  if (console == nullptr || console == INVALID_HANDLE_VALUE || !GetConsoleMode(console, &mode))
    return false;       // a pipe or a file: UTF-8 bytes
  std::fflush(stream);  // whatever printf left in the buffer goes first
  const int size =
      MultiByteToWideChar(CP_UTF8, 0, text.data(), static_cast<int>(text.size()), nullptr, 0);
  std::wstring wide(static_cast<std::size_t>(std::max(size, 0)), L'\0');
  MultiByteToWideChar(CP_UTF8, 0, text.data(), static_cast<int>(text.size()), wide.data(), size);
  // In pieces: older consoles refuse one very large WriteConsoleW. A piece never ends between
  // the two halves of a surrogate pair.
  for (std::size_t at = 0; at < wide.size();) {
    std::size_t piece = std::min<std::size_t>(8192, wide.size() - at);
    if (piece < wide.size() - at && IS_HIGH_SURROGATE(wide[at + piece - 1])) --piece;
    DWORD written = 0;
    if (!WriteConsoleW(console, wide.data() + at, static_cast<DWORD>(piece), &written, nullptr))
      break;  // the console went away: nothing more to show
    at += piece;
  }
  return true;
}

bool console_takes_text() {
  return true;
}

}  // namespace lab::out
