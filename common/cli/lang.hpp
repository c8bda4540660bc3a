#pragma once
// Korean and English strings. Every sentence a student reads is written twice, in place:
//   lab::tr("Listening on {}", "{}에서 연결을 기다립니다")
// The language comes from --lang, else LC_ALL / LC_MESSAGES / LANG (ko_KR... means Korean).
#include <string>
#include <string_view>

#include <fmt/format.h>

namespace lab {

enum class Lang { en, ko };

// Language named by the locale variables, in POSIX precedence (LC_ALL, LC_MESSAGES, LANG).
Lang lang_from_environment();
// Pure form of the rule above, for tests: the first non-empty value decides.
Lang lang_from_locale_values(std::string_view lc_all, std::string_view lc_messages,
                             std::string_view lang);
// "ko" / "en" (as --lang spells them); anything else is not a language.
bool parse_lang(std::string_view text, Lang& out);

Lang current_lang();
void set_lang(Lang lang);

inline std::string tr(std::string_view en, std::string_view ko) {
  return std::string(current_lang() == Lang::ko ? ko : en);
}

// tr() and format in one step. Both strings are fmt::format_string: the compiler checks each
// against the real arguments (a missing argument, a wrong type, "{} {2}" do not build).
template <class... Args>
std::string trf(fmt::format_string<Args...> en, fmt::format_string<Args...> ko, Args&&... args) {
  return current_lang() == Lang::ko ? fmt::format(ko, std::forward<Args>(args)...)
                                    : fmt::format(en, std::forward<Args>(args)...);
}

}  // namespace lab
