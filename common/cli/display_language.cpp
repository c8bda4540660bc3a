#include "cli/display_language.hpp"

#include <cstdlib>

namespace lab {

bool korean_from_locale_values(std::string_view lc_all, std::string_view lc_messages,
                               std::string_view lang, bool display_language_korean) {
  for (std::string_view value : {lc_all, lc_messages, lang})
    if (!value.empty()) return value.substr(0, 2) == "ko";
  return display_language_korean;
}

bool korean_by_default() {
  auto env = [](const char* name) {
    const char* value = std::getenv(name);
    return value ? std::string_view(value) : std::string_view();
  };
  const auto lc_all = env("LC_ALL"), lc_messages = env("LC_MESSAGES"), lang = env("LANG");
  if (!lc_all.empty() || !lc_messages.empty() || !lang.empty())
    return korean_from_locale_values(lc_all, lc_messages, lang, false);
  return display_language_is_korean();  // asked only when no variable is set
}

}  // namespace lab
