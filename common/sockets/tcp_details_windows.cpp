// Per-connection TCP details on Windows: there is no NETLINK_SOCK_DIAG, so lab-netstat --details
// has none to show (the Windows socket table has its own ways; tcp_info/ reads SIO_TCP_INFO of a
// socket the program holds itself).
#include "sockets/tcp_details.hpp"

namespace lab::sockets {
std::vector<std::uint8_t> make_tcp_details_request(Family, std::uint32_t) {
  return {};
}
bool parse_tcp_details(std::span<const std::uint8_t>, std::vector<TcpDetails>&) {
  return false;
}
TcpDetailsByEnds read_tcp_details() {
  return {};
}
const TcpFigures* find_tcp_details(const TcpDetailsByEnds&, const SocketRow&) {
  return nullptr;
}
}  // namespace lab::sockets
