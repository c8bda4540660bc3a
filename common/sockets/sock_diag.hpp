#pragma once
// NETLINK_SOCK_DIAG, the interface `ss` uses: one request per protocol and family, answered by
// a dump of inet_diag_msg records. Building the request and parsing the reply are pure
// functions (bytes in, rows out) so the unit tests and the fuzzer reach them without a kernel.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "sockets/socket_row.hpp"

namespace lab::sockets {

// A SOCK_DIAG_BY_FAMILY dump request for every state of `protocol` over `family`.
std::vector<std::uint8_t> make_sock_diag_request(Protocol protocol, Family family,
                                                 std::uint32_t sequence);
// The older TCPDIAG_GETSOCK request: every TCP socket, IPv4 and IPv6, in one walk of the
// kernel's connection table (the by-family request walks the whole table once per family).
std::vector<std::uint8_t> make_tcp_diag_request_both_families(std::uint32_t sequence);

// The states a dump asks for: ESTABLISHED..NEW_SYN_RECV, as /proc/net/tcp lists them (newer
// kernels know more, e.g. bound-but-inactive sockets, which /proc/net does not show).
inline constexpr std::uint32_t sock_diag_states = (1u << 13) - 1;

struct SockDiagParse {
  std::vector<SocketRow> rows;
  bool done = false;               // NLMSG_DONE arrived: the dump is complete
  int error = 0;                   // errno carried by an NLMSG_ERROR (positive), 0 if none
  std::size_t malformed = 0;       // messages too short or of the wrong family
  std::size_t unknown_states = 0;  // records in a state this model does not know (skipped)
};

// Parses one datagram of the reply (a run of netlink messages) and appends to `out`.
// Anything may arrive: lengths are checked before every read, nothing is trusted.
void parse_sock_diag(std::span<const std::uint8_t> bytes, Protocol protocol, SockDiagParse& out);

}  // namespace lab::sockets
