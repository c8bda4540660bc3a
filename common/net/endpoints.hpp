#pragma once
// Addresses as students type them and as lab-netstat prints them.
#include <cstdint>
#include <string>
#include <string_view>

#include <asio/ip/address.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/ip/udp.hpp>

namespace lab {

// "127.0.0.1:7000" or "[::1]:7000": the same text lab-netstat shows in its address columns.
std::string to_string(const asio::ip::tcp::endpoint& endpoint);
std::string to_string(const asio::ip::udp::endpoint& endpoint);
std::string to_string(const asio::ip::address& address, std::uint16_t port);

// A --bind / --host value: a numeric address, or a name resolved now (first answer, IPv4
// preferred). Fails with one line (exit 2) naming the host when it does not resolve.
asio::ip::address resolve_host(std::string_view host);

// "HOST:PORT" (--to, --connect): split, validate the port, resolve the host. `option` names the
// option in the error line. Port 0 is refused.
struct HostAndPort {
  asio::ip::address address;
  std::uint16_t port = 0;
};
HostAndPort resolve_host_port(std::string_view text, std::string_view option);

// Prints the start-up line a student matches against lab-netstat, e.g.
//   PID 4312 · TCP 127.0.0.1:7000 LISTENING
// `what` is the state column ("LISTENING", "ESTABLISHED", or "" for UDP).
void announce(std::string_view protocol, std::string_view local, std::string_view what,
              std::string_view remote = {});

}  // namespace lab
