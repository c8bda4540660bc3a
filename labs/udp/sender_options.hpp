#pragma once
// lab-udp-sender's command line: the options and the one function that reads them.
#include <cstdint>
#include <optional>
#include <string>

#include "cli/app.hpp"

namespace udp_lab {

struct SenderOptions {
  std::string to;                      // HOST:PORT
  std::optional<std::uint64_t> count;  // numbered datagrams; without it, lines from stdin
  std::uint64_t size = 64;             // bytes per numbered datagram, header included
  std::optional<double> rate;          // datagrams per second; empty = max
  bool connect = false;
  lab::CommonOptions common;
};

// Parses the command line: --help and --version print and end the program (exit 0), a usage
// error is one line and exit 2 (through lab::run_main).
SenderOptions parse_options(int argc, char** argv);

}  // namespace udp_lab
