#pragma once
// Addresses as students type them and as lab-netstat prints them.
#include <cstdint>
#include <stdexcept>
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

// What resolve_host and resolve_host_port throw when the text is not an address they can use:
// one line, in the student's language, naming the host or the option. This layer only reports;
// the program decides what it means (run_main: a usage error, exit 2).
struct AddressError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A --bind / --host value: a numeric address, or a name resolved now (first answer, IPv4
// preferred). Throws AddressError naming the host when it does not resolve.
asio::ip::address resolve_host(std::string_view host);

// "HOST:PORT" (--to, --connect): split, validate the port, resolve the host. `option` names the
// option in the AddressError. Port 0 is refused.
struct HostAndPort {
  asio::ip::address address;
  std::uint16_t port = 0;
};
HostAndPort resolve_host_port(std::string_view text, std::string_view option);

// announce(), the start-up line with the PID, is a program convention: cli/app.hpp.

}  // namespace lab
