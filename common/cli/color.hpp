#pragma once
// Colour only for a person at a terminal: never when NO_COLOR is set (https://no-color.org)
// or when the output goes to a pipe or a file. fmt's colour functions do not check either.
#include <string>
#include <string_view>

namespace lab {

enum class Color { none, red, green, yellow, blue, magenta, cyan, bold, dim };

// The rule itself, testable without a terminal.
bool color_allowed(bool is_terminal, const char* no_color_env);
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
