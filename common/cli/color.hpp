#pragma once
// Colour only for a person at a terminal: never when NO_COLOR is set (https://no-color.org),
// when the output goes to a pipe or a file, or when the terminal says it is "dumb" (TERM=dumb,
// or no TERM at all: an editor's shell buffer, a CI log). fmt's colour functions check none.
#include <string>
#include <string_view>

namespace lab {

enum class Color { none, red, green, yellow, blue, magenta, cyan, bold, dim };

// The rules themselves, testable without a terminal. `term_env` is $TERM (nullptr: unset).
bool color_allowed(bool is_terminal, const char* no_color_env, const char* term_env);
// Moving the cursor and clearing (a line redrawn with \r, a screen cleared for a new table):
// only on a terminal whose TERM is set and not "dumb". NO_COLOR does not forbid it.
bool terminal_control_allowed(bool is_terminal, const char* term_env);
// terminal_control_allowed() for this file descriptor and this process's environment.
bool terminal_control_for_fd(int fd);
// color_allowed() for this file descriptor and this process's environment.
bool color_enabled_for_fd(int fd);
// For stdout; decided once, at first use.
bool stdout_color();

// Wraps text in the ANSI sequence for `color` when `enabled`, else returns it unchanged.
std::string paint(Color color, std::string_view text, bool enabled);
inline std::string paint(Color color, std::string_view text) {
  return paint(color, text, stdout_color());
}

}  // namespace lab
