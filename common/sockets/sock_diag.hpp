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

struct SockDiagParse {
  std::vector<SocketRow> rows;
  bool done = false;          // NLMSG_DONE arrived: the dump is complete
  int error = 0;              // errno carried by an NLMSG_ERROR (positive), 0 if none
  std::size_t malformed = 0;  // messages too short or of the wrong family
};

// Parses one datagram of the reply (a run of netlink messages) and appends to `out`.
// Anything may arrive: lengths are checked before every read, nothing is trusted.
void parse_sock_diag(std::span<const std::uint8_t> bytes, Protocol protocol, SockDiagParse& out);

}  // namespace lab::sockets
