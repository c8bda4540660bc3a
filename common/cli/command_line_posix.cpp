#include "cli/command_line.hpp"

namespace lab {

std::vector<std::string> command_line_arguments(int argc, char** argv) {
  return argc > 1 ? std::vector<std::string>(argv + 1, argv + argc) : std::vector<std::string>();
}

}  // namespace lab
