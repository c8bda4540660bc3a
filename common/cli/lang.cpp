#include "cli/lang.hpp"

#include <cstdlib>

namespace lab {
namespace {
Lang g_lang = lang_from_environment();

std::string_view env(const char* name) {
  const char* value = std::getenv(name);
  return value ? std::string_view(value) : std::string_view();
}
}  // namespace

Lang lang_from_locale_values(std::string_view lc_all, std::string_view lc_messages,
                             std::string_view lang) {
  for (std::string_view value : {lc_all, lc_messages, lang}) {
    if (value.empty()) continue;
    return value.substr(0, 2) == "ko" ? Lang::ko : Lang::en;
  }
  return Lang::en;
}

Lang lang_from_environment() {
  return lang_from_locale_values(env("LC_ALL"), env("LC_MESSAGES"), env("LANG"));
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
