#pragma once
// What lab-trace sees, from either source, in one shape: a state change of a TCP socket (from the
// kernel's tracepoints), a segment or datagram on the wire (from libpcap), an ICMP "port
// unreachable", a retransmission or a reset. Times are nanoseconds of CLOCK_REALTIME, so both
// sources interleave on one clock.
#include <cstdint>
#include <string>

#include "sockets/socket_row.hpp"

namespace trace_lab {

using lab::sockets::Endpoint;
using lab::sockets::TcpState;

enum class EventKind : std::uint8_t {
  state,             // a TCP socket changed state (local = the socket's own address)
  segment,           // a TCP segment, src -> dst
  retransmit,        // the kernel sent a segment again (src = the sender)
  reset_sent,        // the kernel sent an RST (src = the sender)
  reset_received,    // a socket received an RST (src = the socket that received it)
  datagram,          // a UDP datagram, src -> dst
  icmp_unreachable,  // ICMP port unreachable: dst = the closed port, src = who sent the datagram
};

// TCP header flags, as on the wire.
inline constexpr std::uint8_t flag_fin = 0x01;
inline constexpr std::uint8_t flag_syn = 0x02;
inline constexpr std::uint8_t flag_rst = 0x04;
inline constexpr std::uint8_t flag_psh = 0x08;
inline constexpr std::uint8_t flag_ack = 0x10;

struct Event {
  EventKind kind = EventKind::segment;
  std::int64_t time_ns = 0;  // CLOCK_REALTIME
  Endpoint src;              // state: the socket's local end
  Endpoint dst;              // state: the socket's remote end
  // state
  TcpState old_state = TcpState::unknown;
  TcpState new_state = TcpState::unknown;
  std::uint64_t socket_id = 0;  // the kernel's socket address (skaddr): one socket, all its life
  int task_pid = 0;             // the process the kernel was running when it happened
  std::string task_name;
  // segment / datagram
  std::uint8_t flags = 0;
  std::uint32_t seq = 0;
  std::uint32_t ack = 0;
  std::uint32_t length = 0;  // payload bytes
  std::uint16_t window = 0;
  // set by the timeline: a TIME_WAIT the tracepoint cannot report, inferred from the segments
  bool inferred = false;
};

// "SYN", "SYN+ACK", "PSH+ACK", "FIN+ACK", "RST+ACK" ...
std::string flag_names(std::uint8_t flags);

}  // namespace trace_lab
