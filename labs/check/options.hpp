#pragma once
// lab-check's command line: the options and the one function that reads them.
#include <cstdint>
#include <string>
#include <vector>

#include "cli/app.hpp"

namespace check_lab {

struct Options {
  std::string kind;                  // tcp-server, tcp-client, udp-receiver, udp-sender
  std::vector<std::string> command;  // the student's program, with {host} and {port}
  std::uint16_t port = 0;            // 0: a free port of lab-check's choosing
  lab::CommonOptions common;
};

// Parses the command line: --help and --version print and end the program (exit 0), a usage
// error (also a kind without the COMMAND or --port it needs) is one line and exit 2 (through
// lab::run_main).
Options parse_options(int argc, char** argv);

}  // namespace check_lab
