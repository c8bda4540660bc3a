#pragma once
// lab-udp-receiver's command line: the options and the one function that reads them.
#include <cstdint>
#include <string>

#include "cli/app.hpp"
#include "wire/header.hpp"

namespace udp_lab {

struct ReceiverOptions {
  std::string bind = "127.0.0.1";
  std::uint16_t port = 0;
  std::uint64_t count = 0;    // stop after this many datagrams (0 = no limit)
  double timeout_s = 0;       // stop after this long without a datagram (0 = never)
  std::uint64_t rcvbuf = 0;   // SO_RCVBUF to ask for (0 = the system default)
  std::uint64_t slow_ms = 0;  // sleep after each datagram
  std::uint64_t read_size = lab::wire::max_udp_payload_ipv4;  // bytes read per datagram
  bool quiet = false;
  lab::CommonOptions common;
};

// Parses the command line: --help and --version print and end the program (exit 0), a usage
// error is one line and exit 2 (through lab::run_main).
ReceiverOptions parse_options(int argc, char** argv);

}  // namespace udp_lab
