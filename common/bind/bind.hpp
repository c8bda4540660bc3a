#pragma once
// bind(), the suite's one module for it: every reuse option decided explicitly (Asio's acceptor
// turns SO_REUSEADDR on by itself; nothing here lets it), and a failed bind explained in one
// line a student can act on: which process holds the port, why a low port needs root, why an
// address is not ours. Port lists as typed (bind/port_list.hpp) are the other half.
#include <cstdint>
#include <stdexcept>
#include <string>
#include <system_error>
#include <type_traits>
#include <vector>

#include <asio/ip/tcp.hpp>
#include <asio/ip/udp.hpp>

#include "net/errors.hpp"
#include "net/transport.hpp"

namespace lab::bind {

// A bind that the program cannot go on without failed (bind_or_fail): the message is already
// worded for the student. The bind layer only reports; run_main decides the exit code.
class BindFailed : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// An on/off socket option that Asio has no class for. Asio accepts any class with level(),
// name(), data() and size() as a socket option (its SettableSocketOption requirements).
template <int Level, int Name>
class on_off_option {
 public:
  explicit on_off_option(bool on) : value_(on ? 1 : 0) {}
  template <class Protocol>
  int level(const Protocol&) const {
    return Level;
  }
  template <class Protocol>
  int name(const Protocol&) const {
    return Name;
  }
  template <class Protocol>
  const void* data(const Protocol&) const {
    return &value_;
  }
  template <class Protocol>
  std::size_t size(const Protocol&) const {
    return sizeof value_;
  }

 private:
  int value_;
};

#ifdef SO_REUSEPORT
// SO_REUSEPORT (Linux, BSD). Windows has none: there a request for it fails with "operation not
// supported" and unsupported_option() says why in one line.
using reuse_port = on_off_option<SOL_SOCKET, SO_REUSEPORT>;
#endif
#ifdef SO_EXCLUSIVEADDRUSE
// SO_EXCLUSIVEADDRUSE (Windows only): no other socket may bind this address and port, not even
// with SO_REUSEADDR. Set on a socket that also sets SO_REUSEADDR, bind fails with WSAEINVAL.
using exclusive_address_use = on_off_option<SOL_SOCKET, SO_EXCLUSIVEADDRUSE>;
#endif

struct BindRequest {
  Transport transport = Transport::tcp;
  asio::ip::address address = asio::ip::make_address_v4("127.0.0.1");
  std::uint16_t port = 0;
  bool reuse_address = false;      // SO_REUSEADDR
  bool reuse_port = false;         // SO_REUSEPORT (Linux, BSD)
  bool exclusive_address = false;  // SO_EXCLUSIVEADDRUSE (Windows)
};

// The options this OS has: Linux has SO_REUSEPORT and no SO_EXCLUSIVEADDRUSE, Windows the
// other way round.
inline constexpr bool has_reuse_port =
#ifdef SO_REUSEPORT
    true;
#else
    false;
#endif
inline constexpr bool has_exclusive_address_use =
#ifdef SO_EXCLUSIVEADDRUSE
    true;
#else
    false;
#endif

// When the request asks for an option this OS does not have: one line that says so and what
// this OS has instead (a program refuses the command line with it). Empty when all is well.
std::string unsupported_option(const BindRequest& request);

// socket() -> setsockopt(SO_REUSEADDR, SO_REUSEPORT or SO_EXCLUSIVEADDRUSE) -> bind(); for TCP
// also listen(). An option this OS does not have fails at "setsockopt" with
// operation_not_supported (see unsupported_option). Returns the first error; `step` says which
// call gave it ("socket", "setsockopt", "bind", "listen").
std::error_code open_bind_listen(asio::ip::tcp::acceptor& acceptor, const BindRequest& request,
                                 std::string& step);
std::error_code open_bind(asio::ip::udp::socket& socket, const BindRequest& request,
                          std::string& step);

// "SO_REUSEADDR on, SO_REUSEPORT off": what was asked of the kernel, for the narration. On
// Windows the second option named is SO_EXCLUSIVEADDRUSE ("SO_REUSEADDR off, SO_EXCLUSIVEADDRUSE
// on"); a request for SO_REUSEPORT there is named too.
std::string options_text(bool reuse_address, bool reuse_port);
std::string options_text(const BindRequest& request);

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

}  // namespace lab::bind

namespace lab {

// "port 7000/tcp on 127.0.0.1 is already in use by PID 4312 (lab-tcp-server)". Asks the socket
// table who holds the port; says so when the holder is hidden (another user's process) or is a
// connection in TIME_WAIT that no process holds any more.
std::string port_in_use_message(Transport transport, const asio::ip::address& address,
                                std::uint16_t port);

// A failed bind explained: EADDRINUSE names the holder, EACCES explains privileged ports (Linux)
// or, on Windows, WSAEACCES a port held exclusively or inside a range Windows reserved (Hyper-V,
// WinNAT: `netsh interface ipv4 show excludedportrange protocol=tcp`), EADDRNOTAVAIL says the
// address is not on this machine.
std::string bind_error_message(std::error_code ec, Transport transport,
                               const asio::ip::address& address, std::uint16_t port);

// bind() for a program that cannot go on without it: on failure it throws bind::BindFailed,
// whose message keeps the call's name ("bind: port 7000/tcp on 127.0.0.1 is already in use by
// PID 4312 ..."); run_main (cli/app.hpp) prints it as the one error line and exits 1.
template <class Socket, class Endpoint>
void bind_or_fail(Socket& socket, const Endpoint& endpoint) {
  std::error_code ec;
  socket.bind(endpoint, ec);
  if (!ec) return;
  constexpr bool is_tcp = std::is_same_v<typename Endpoint::protocol_type, asio::ip::tcp>;
  throw bind::BindFailed("bind: " + bind_error_message(ec, is_tcp ? Transport::tcp : Transport::udp,
                                                       endpoint.address(), endpoint.port()));
}

}  // namespace lab
