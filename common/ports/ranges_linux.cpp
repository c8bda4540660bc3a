// The ports this Linux machine gives out and guards, read from /proc/sys/net/ipv4 (the parsers are
// in ranges.cpp; Windows asks netsh: ranges_windows.cpp).
#include "ports/ranges.hpp"

namespace lab::ports {

SystemPortRanges read_system_port_ranges(bool /*with_exclusions*/) {
  SystemPortRanges ranges;
  ranges.ephemeral = read_ephemeral_range();
  ranges.ephemeral_source = linux_ephemeral_path;
  ranges.unprivileged_port_start = read_unprivileged_port_start();
  return ranges;  // Linux has no excluded ranges of this kind (ip_local_reserved_ports aside)
}

}  // namespace lab::ports
