#include "cli/color.hpp"

#include <unistd.h>

#include <cstdlib>

namespace lab {

bool color_allowed(bool is_terminal, const char* no_color_env) {
  const bool no_color = no_color_env != nullptr && no_color_env[0] != '\0';
  return is_terminal && !no_color;
}

bool color_enabled_for_fd(int fd) {
  return color_allowed(isatty(fd) == 1, std::getenv("NO_COLOR"));
}

bool stdout_color() {
  static const bool enabled = color_enabled_for_fd(STDOUT_FILENO);
  return enabled;
}

std::string paint(Color color, std::string_view text, bool enabled) {
  if (!enabled || color == Color::none) return std::string(text);
  const char* code = "";
  switch (color) {
    case Color::red:
      code = "\x1b[31m";
      break;
    case Color::green:
      code = "\x1b[32m";
      break;
    case Color::yellow:
      code = "\x1b[33m";
      break;
    case Color::blue:
      code = "\x1b[34m";
      break;
    case Color::magenta:
      code = "\x1b[35m";
      break;
    case Color::cyan:
      code = "\x1b[36m";
      break;
    case Color::bold:
      code = "\x1b[1m";
      break;
    case Color::dim:
      code = "\x1b[2m";
      break;
    case Color::none:
      break;
  }
  std::string out(code);
  out += text;
  out += "\x1b[0m";
  return out;
}

}  // namespace lab
