#include <windows.h>

#include "cli/display_language.hpp"

namespace lab {

// The language Windows shows its own menus in (Settings > Time & language > Language); a Korean
// Windows answers LANG_KOREAN.
bool display_language_is_korean() {
  return PRIMARYLANGID(GetUserDefaultUILanguage()) == LANG_KOREAN;
}

}  // namespace lab
