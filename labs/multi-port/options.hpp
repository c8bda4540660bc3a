#pragma once
// lab-multi-port's command line: the options and the one function that reads them.
#include <cstdint>
#include <string>
#include <vector>

#include <asio/ip/address.hpp>

#include "cli/app.hpp"

namespace multi_port_lab {

inline constexpr unsigned default_max_connections = 256;  // a classroom, with room to spare
inline constexpr unsigned max_max_connections = 1024;

struct Options {
  std::vector<std::uint16_t> tcp_ports;
  std::vector<std::uint16_t> udp_ports;
  std::string bind = "127.0.0.1";
  asio::ip::address address;
  unsigned max_connections = default_max_connections;
  unsigned list_every_s = 0;  // 0: list only on Enter / SIGUSR1
  bool echo_only = false;     // no "PID 4312, port 7002/tcp" line: a plain echo server
  lab::CommonOptions common;
};

// Parses the command line: --help and --version print and end the program (exit 0), a usage
// error (no port list, a bad one) is one line and exit 2 (through lab::run_main).
Options parse_options(int argc, char** argv);

}  // namespace multi_port_lab
