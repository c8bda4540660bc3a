#pragma once
// Captured bytes -> Events. Pure (bytes in, event out, no libpcap calls) so the unit tests feed
// it hand-made frames and the fuzzer feeds it anything.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "events.hpp"

namespace trace_lab {

// One captured frame of link type `link_type` (DLT_EN10MB on Linux's lo, DLT_LINUX_SLL, DLT_RAW
// ...) -> a segment, datagram or ICMP port-unreachable event; nothing for anything else.
std::optional<Event> parse_frame(std::span<const std::uint8_t> frame, int link_type,
                                 std::int64_t time_ns);

// The BPF program text: TCP and UDP to or from the ports, and ICMP/ICMPv6 port unreachable.
std::string capture_filter(const std::vector<std::uint16_t>& ports);

}  // namespace trace_lab
