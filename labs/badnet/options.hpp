#pragma once
// lab-badnet's command line: which traffic (ports, protocols, interface) and what happens to it.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

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

std::unique_ptr<CLI::App> make_app(Options& options);
// Checks what CLI11 cannot (the port list, the interface, the rate) and fills the derived
// fields; a bad value is a usage error (exit 2).
void finish(Options& options);

// "800k", "1.5M", "10M", "1G", "64000" (bits per second, decimal multiples; "kbit"/"mbit"/"gbit"
// too).
std::optional<std::uint64_t> parse_rate(std::string_view text);

}  // namespace badnet_lab
