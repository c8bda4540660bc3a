#pragma once
// trace_pipe lines -> Events. Pure text in, event out (no tracefs calls), so the unit tests feed
// it recorded lines and the fuzzer feeds it anything.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "events.hpp"

namespace trace_lab {

// One line of trace_pipe -> an event (times still on the trace clock, "mono": nanoseconds of
// CLOCK_MONOTONIC). `lost` receives N for a "CPU:3 [LOST N EVENTS]" line.
std::optional<Event> parse_trace_line(std::string_view line, std::uint64_t& lost);

// "TCP_FIN_WAIT1" -> fin_wait1.
std::optional<TcpState> parse_kernel_state(std::string_view name);

// The kernel filter for inet_sock_set_state and tcp_retransmit_skb: TCP on these ports.
std::string kernel_filter(const std::vector<std::uint16_t>& ports, bool with_protocol);

}  // namespace trace_lab
