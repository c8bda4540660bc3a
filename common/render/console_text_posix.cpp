#include "render/console_text.hpp"

namespace lab::out {

// A terminal shows the UTF-8 bytes under a UTF-8 locale; cli/app.cpp warns under any other.
bool write_to_console(std::FILE*, std::string_view) {
  return false;
}

bool console_takes_text() {
  return false;
}

}  // namespace lab::out
