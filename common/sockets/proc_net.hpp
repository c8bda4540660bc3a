#pragma once
// Parser for /proc/net/{tcp,tcp6,udp,udp6}. Pure text in, rows out: no file access, so the
// unit tests feed it fixtures and the fuzzer feeds it anything.
#include <optional>
#include <string_view>
#include <vector>

#include "sockets/socket_row.hpp"

namespace lab::sockets {

// One data line, e.g.
//   "   0: 0100007F:1B58 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000 0 12345 ..."
// Returns nothing for the header line and for anything malformed.
std::optional<SocketRow> parse_proc_net_line(std::string_view line, Protocol protocol,
                                             Family family);

struct ProcNetParse {
  std::vector<SocketRow> rows;
  std::size_t malformed_lines = 0;  // lines that were neither the header nor a row
};
// A whole file. `keep_raw` stores each row's source line in SocketRow::raw.
ProcNetParse parse_proc_net(std::string_view contents, Protocol protocol, Family family,
                            bool keep_raw = false);

// The hex address forms of /proc/net: "0100007F" (IPv4, 8 digits) or 32 digits for IPv6,
// each 32-bit word printed in host byte order.
std::optional<Address> parse_proc_net_address(std::string_view hex, Family family);

}  // namespace lab::sockets
