// What both OSes share: the hash that finds a row's details. The dump itself has one backend per
// OS: tcp_details_linux.cpp (NETLINK_SOCK_DIAG), tcp_details_windows.cpp (none to read).
#include "sockets/tcp_details.hpp"

namespace lab::sockets {
// FNV-1a over both ends' address bytes and ports: cheap, and loopback connections that differ
// only in the last bits of a port still spread over the whole table.
std::size_t ConnectionEndsHash::operator()(const ConnectionEnds& ends) const noexcept {
  std::uint64_t hash = 14695981039346656037ull;
  const auto mix = [&hash](std::uint8_t byte) { hash = (hash ^ byte) * 1099511628211ull; };
  for (const Endpoint* end : {&ends.local, &ends.remote}) {
    for (const std::uint8_t byte : end->address.bytes)
      mix(byte);
    mix(static_cast<std::uint8_t>(end->port >> 8));
    mix(static_cast<std::uint8_t>(end->port & 0xff));
  }
  return static_cast<std::size_t>(hash);
}
}  // namespace lab::sockets
