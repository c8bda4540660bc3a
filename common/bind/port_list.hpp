#pragma once
// Port lists as students type them: "7001,7002,7005-7007". Pure (no sockets, no Asio), so the
// unit tests and fuzzers can hammer it.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lab::bind {

// A lab program holds a handful of ports, not thousands: a bigger list is a typo.
inline constexpr std::size_t max_ports_per_list = 64;

struct PortList {
  std::vector<std::uint16_t> ports;  // in the order typed, each port once
  std::string problem;               // empty when the list is good; else one line, in tr()
  bool ok() const { return problem.empty(); }
};

// Items are separated by commas; an item is PORT or FIRST-LAST (FIRST <= LAST). Refused, with
// the reason: empty items, port 0, a reversed range, a port named twice (also through
// overlapping ranges), more than max_ports_per_list ports.
PortList parse_port_list(std::string_view text);

}  // namespace lab::bind
