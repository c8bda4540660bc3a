#pragma once
// Binding with every reuse option decided explicitly, and naming who holds a port when a bind
// fails. Asio's acceptor turns SO_REUSEADDR on by itself; nothing here lets it.
#include <cstdint>
#include <string>
#include <system_error>
#include <vector>

#include <asio/ip/tcp.hpp>
#include <asio/ip/udp.hpp>

#include "net/errors.hpp"

namespace lab::bind {

// SO_REUSEPORT has no Asio option class: this is the same kind of option, for Linux and BSD.
using reuse_port = asio::detail::socket_option::boolean<SOL_SOCKET, SO_REUSEPORT>;

struct BindRequest {
  Transport transport = Transport::tcp;
  asio::ip::address address = asio::ip::make_address_v4("127.0.0.1");
  std::uint16_t port = 0;
  bool reuse_address = false;  // SO_REUSEADDR
  bool reuse_port = false;     // SO_REUSEPORT
};

// socket() -> setsockopt(SO_REUSEADDR, SO_REUSEPORT) -> bind(); for TCP also listen().
// Returns the first error; `step` says which call gave it ("socket", "bind", "listen").
std::error_code open_bind_listen(asio::ip::tcp::acceptor& acceptor, const BindRequest& request,
                                 std::string& step);
std::error_code open_bind(asio::ip::udp::socket& socket, const BindRequest& request,
                          std::string& step);

// "SO_REUSEADDR on, SO_REUSEPORT off": what was asked of the kernel, for the narration.
std::string options_text(bool reuse_address, bool reuse_port);

// Processes that hold `port` (bound, or listening for TCP) where `address` would collide: every
// address when `address` is 0.0.0.0 or ::. Each PID once. Empty when nobody visible holds it.
struct Holder {
  int pid = 0;
  std::string program;
};
std::vector<Holder> port_holders(Transport transport, const asio::ip::address& address,
                                 std::uint16_t port);
// TCP connections in TIME_WAIT on local `port` (no process holds them).
std::size_t time_wait_count(std::uint16_t port);

// "EADDRINUSE 98" and, where Windows has its own number, "WSAEADDRINUSE 10048".
std::string errno_text(int value);
std::string windows_error_text(int value);

}  // namespace lab::bind
