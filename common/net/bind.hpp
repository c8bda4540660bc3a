#pragma once
// bind() with a student-readable error: which process holds the port, why a low port needs
// root, why an address is not ours. Works for acceptors and for UDP sockets alike.
#include <asio/ip/tcp.hpp>
#include <asio/ip/udp.hpp>

#include "cli/app.hpp"
#include "net/errors.hpp"

namespace lab {

template <class Socket, class Endpoint>
void bind_or_fail(Socket& socket, const Endpoint& endpoint) {
  asio::error_code ec;
  socket.bind(endpoint, ec);
  if (!ec) return;
  constexpr bool is_tcp = std::is_same_v<typename Endpoint::protocol_type, asio::ip::tcp>;
  fail(bind_error_message(ec, is_tcp ? Transport::tcp : Transport::udp, endpoint.address(),
                          endpoint.port()));
}

}  // namespace lab
