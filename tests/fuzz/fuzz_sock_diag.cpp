// Fuzzes the NETLINK_SOCK_DIAG reply parser: any bytes, never a crash or a read past the end
// (AddressSanitizer watches), and rows only of the two families it knows.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "sockets/sock_diag.hpp"

using namespace lab::sockets;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const Protocol protocol = (data[0] & 1) ? Protocol::udp : Protocol::tcp;
  // Copy into an exact-size buffer so any overread is caught.
  std::vector<std::uint8_t> bytes(data + 1, data + size);
  SockDiagParse parsed;
  parse_sock_diag(bytes, protocol, parsed);
  if (parsed.error < 0) std::abort();
  for (const SocketRow& row : parsed.rows) {
    if (row.protocol != protocol) std::abort();
    if (row.family != Family::ipv4 && row.family != Family::ipv6) std::abort();
    (void)row.local.to_string();
  }
  return 0;
}
