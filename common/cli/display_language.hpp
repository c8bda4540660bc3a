#pragma once
// The language a student reads when no --lang says: the locale variables first (LC_ALL,
// LC_MESSAGES, LANG, in POSIX precedence; the first one set decides, ko... is Korean), else the
// OS's own display language. A Windows PC rarely sets LANG, so there the display language of
// Windows decides (GetUserDefaultUILanguage); Linux has nothing beyond the variables.
//
// One mechanism for every program: the full programs (cli/lang) and the textbook programs
// (labs/textbook/lesson.cpp, which use nothing else of common/) both ask here. Built as its own
// small library, lab_locale (cmake/locale-library.cmake).
#include <string_view>

namespace lab {

// The rule above for this process.
bool korean_by_default();

// The pure rule, for tests: the first non-empty value decides; when all are empty,
// `display_language_korean`.
bool korean_from_locale_values(std::string_view lc_all, std::string_view lc_messages,
                               std::string_view lang, bool display_language_korean);

// The OS's display language is Korean: one backend per OS (display_language_windows.cpp asks
// GetUserDefaultUILanguage; display_language_posix.cpp says no, the variables are all there is).
bool display_language_is_korean();

}  // namespace lab
