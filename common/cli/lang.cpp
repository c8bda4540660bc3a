#include "cli/lang.hpp"

#include "cli/display_language.hpp"

namespace lab {
namespace {
Lang g_lang = lang_from_environment();
}  // namespace

Lang lang_from_locale_values(std::string_view lc_all, std::string_view lc_messages,
                             std::string_view lang) {
  return korean_from_locale_values(lc_all, lc_messages, lang, false) ? Lang::ko : Lang::en;
}

Lang lang_from_environment() {
  return korean_by_default() ? Lang::ko : Lang::en;
}

bool parse_lang(std::string_view text, Lang& out) {
  if (text == "ko") {
    out = Lang::ko;
    return true;
  }
  if (text == "en") {
    out = Lang::en;
    return true;
  }
  return false;
}

Lang current_lang() {
  return g_lang;
}
void set_lang(Lang lang) {
  g_lang = lang;
}

}  // namespace lab
