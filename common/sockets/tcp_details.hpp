#pragma once
// Per-connection TCP details, as `ss -ti` shows them: the same NETLINK_SOCK_DIAG dump as the
// socket table, asking the kernel to attach INET_DIAG_INFO (a struct tcp_info) to each record.
// lab-netstat --details prints them under each TCP row: rtt, rto, retransmits, cwnd, unacked.
// Parsing is pure (bytes in, details out) like sock_diag.hpp.
#include <cstdint>
#include <span>
#include <unordered_map>
#include <vector>

#include "sockets/socket_row.hpp"
#include "tcp_info/tcp_info.hpp"

namespace lab::sockets {

struct TcpDetails {
  Endpoint local;
  Endpoint remote;
  TcpFigures figures;
};

// The dump request for `family` with INET_DIAG_INFO asked for.
std::vector<std::uint8_t> make_tcp_details_request(Family family, std::uint32_t sequence);
// Appends what one reply datagram holds; returns false once the dump is over (DONE or error).
bool parse_tcp_details(std::span<const std::uint8_t> bytes, std::vector<TcpDetails>& out);

// A connection is known by its two ends. The table of details is looked up once per row shown,
// so it is a hash table: a search through a list per row made --details quadratic (9 s for
// 20,000 connections, where `ss -tani` takes a quarter of a second).
struct ConnectionEnds {
  Endpoint local;
  Endpoint remote;
  friend bool operator==(const ConnectionEnds&, const ConnectionEnds&) = default;
};
struct ConnectionEndsHash {
  std::size_t operator()(const ConnectionEnds& ends) const noexcept;
};
using TcpDetailsByEnds = std::unordered_map<ConnectionEnds, TcpFigures, ConnectionEndsHash>;

// Every TCP socket's details, IPv4 and IPv6 (empty where netlink is missing).
TcpDetailsByEnds read_tcp_details();
// The figures of the connection in `row`, or nullptr (a listener, UDP, TIME_WAIT, gone).
const TcpFigures* find_tcp_details(const TcpDetailsByEnds& all, const SocketRow& row);

}  // namespace lab::sockets
