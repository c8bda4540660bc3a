#pragma once
// Per-connection TCP details, as `ss -ti` shows them: the same NETLINK_SOCK_DIAG dump as the
// socket table, asking the kernel to attach INET_DIAG_INFO (a struct tcp_info) to each record.
// lab-netstat --details prints them under each TCP row: rtt, rto, retransmits, cwnd, unacked.
// Parsing is pure (bytes in, details out) like sock_diag.hpp.
#include <cstdint>
#include <span>
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
// Every TCP socket's details, IPv4 and IPv6 (empty where netlink is missing).
std::vector<TcpDetails> read_tcp_details();
// The details of the connection with these ends, or nullptr.
const TcpDetails* find_tcp_details(const std::vector<TcpDetails>& all, const SocketRow& row);

}  // namespace lab::sockets
