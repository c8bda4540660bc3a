#pragma once
// One model of a socket, whatever the backend that found it (netlink, /proc/net, iphlpapi).
// Asio-free on purpose: the parsers that fill it are fuzzed with clang.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lab::sockets {

enum class Protocol : std::uint8_t { tcp, udp };
enum class Family : std::uint8_t { ipv4, ipv6 };

// Linux numbering (netinet/tcp.h, include/net/tcp_states.h), as /proc/net/tcp's `st` column.
enum class TcpState : std::uint8_t {
  unknown = 0,
  established = 1,
  syn_sent = 2,
  syn_recv = 3,
  fin_wait1 = 4,
  fin_wait2 = 5,
  time_wait = 6,
  close = 7,
  close_wait = 8,
  last_ack = 9,
  listen = 10,
  closing = 11,
  new_syn_recv = 12,
};

struct Address {
  Family family = Family::ipv4;
  std::array<std::uint8_t, 16> bytes{};  // network order; IPv4 uses the first 4

  static Address v4(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d);
  static std::optional<Address> parse(std::string_view text);  // "127.0.0.1", "::1"
  bool is_unspecified() const;                                 // 0.0.0.0 or ::
  bool is_v4_mapped() const;                                   // ::ffff:a.b.c.d
  std::string to_string() const;                               // inet_ntop form
  friend bool operator==(const Address&, const Address&) = default;
};

struct Endpoint {
  Address address;
  std::uint16_t port = 0;
  // "127.0.0.1:7000", "[::1]:7000" (the brackets are how netstat -ano writes IPv6).
  std::string to_string() const;
  friend bool operator==(const Endpoint&, const Endpoint&) = default;
};

struct SocketRow {
  Protocol protocol = Protocol::tcp;
  Family family = Family::ipv4;
  Endpoint local;
  Endpoint remote;
  TcpState state = TcpState::unknown;  // UDP: close (unconnected) or established (connected)
  std::uint32_t uid = 0;
  std::uint64_t inode = 0;  // 0: no socket file (TIME_WAIT, SYN_RECV) -> no process holds it
  std::uint32_t rx_queue = 0;
  std::uint32_t tx_queue = 0;
  std::optional<int> pid;  // empty: not asked for, or not visible to us
  std::string program;     // full name from /proc/PID/comm (or cmdline), empty when unknown
  std::string raw;         // the /proc/net line this row came from (only with that backend)
};

// "ESTABLISHED", "TIME_WAIT" ... (Linux names with underscores).
std::string_view linux_state_name(TcpState state);
// Windows netstat spells LISTEN as LISTENING and has no CLOSE/NEW_SYN_RECV.
std::string_view windows_state_name(TcpState state);
// Accepts both spellings, any case, '-' or '_': LISTENING, listen, time-wait, TIME_WAIT, UNCONN ...
std::optional<TcpState> parse_state_name(std::string_view text);

std::string_view protocol_name(Protocol protocol);  // "TCP" / "UDP"

}  // namespace lab::sockets
