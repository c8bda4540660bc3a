#include "cli/display_language.hpp"

namespace lab {

// Linux and macOS: the locale variables are the display language; nothing else to ask.
bool display_language_is_korean() {
  return false;
}

}  // namespace lab
