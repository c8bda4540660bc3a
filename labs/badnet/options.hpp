#pragma once
// lab-badnet's command line: which traffic (ports, protocols, interface) and what happens to it.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "impairment.hpp"

namespace badnet_lab {

struct Options {
  std::string port_text;
  std::vector<std::uint16_t> ports;
  bool tcp = false;
  bool udp = false;
  std::string interface = "lo";
  Impairment impairment;
  double delay_ms = 0;
  double jitter_ms = 0;
  std::string rate_text;
  bool json = false;
  bool clean = false;
};

// The command line, checked: CLI11 checks each value, then what it cannot (the port list, the
// interface, the rate) is checked here and the derived fields are filled. A bad value is a usage
// error (exit 2); --help and --version end the program.
Options parse_options(int argc, char** argv);

// "800k", "1.5M", "10M", "1G", "64000" (bits per second, decimal multiples; "kbit"/"mbit"/"gbit"
// too).
std::optional<std::uint64_t> parse_rate(std::string_view text);

}  // namespace badnet_lab
