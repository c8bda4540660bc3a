#include "cli/color.hpp"

#include <unistd.h>

#include <cstdlib>

namespace lab {

namespace {
// $TERM. A Windows console sets none and understands the same sequences (prepare_console()
// turns them on), so there the console counts as a capable terminal.
const char* term_env() {
#ifdef _WIN32
  return "windows-console";
#else
  return std::getenv("TERM");
#endif
}
}  // namespace

bool terminal_control_allowed(bool is_terminal, const char* term_env) {
  const std::string_view term = term_env == nullptr ? "" : term_env;
  return is_terminal && !term.empty() && term != "dumb";
}

bool color_allowed(bool is_terminal, const char* no_color_env, const char* term_env) {
  const bool no_color = no_color_env != nullptr && no_color_env[0] != '\0';
  return terminal_control_allowed(is_terminal, term_env) && !no_color;
}

bool color_enabled_for_fd(int fd) {
  return color_allowed(isatty(fd) == 1, std::getenv("NO_COLOR"), term_env());
}

bool terminal_control_for_fd(int fd) {
  return terminal_control_allowed(isatty(fd) == 1, term_env());
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
