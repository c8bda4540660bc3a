#include "bind/bind_options.hpp"

#include <cerrno>

#include <fmt/format.h>

#include "sockets/socket_table.hpp"

namespace lab::bind {
namespace {

template <class Socket, class Protocol>
std::error_code open_with_options(Socket& socket, Protocol protocol, const BindRequest& request,
                                  std::string& step) {
  std::error_code ec;
  step = "socket";
  socket.open(protocol, ec);
  if (ec) return ec;
  step = "setsockopt";
  socket.set_option(asio::socket_base::reuse_address(request.reuse_address), ec);
  if (!ec) socket.set_option(reuse_port(request.reuse_port), ec);
  if (ec) return ec;
  step = "bind";
  socket.bind({request.address, request.port}, ec);
  return ec;
}

}  // namespace

std::error_code open_bind_listen(asio::ip::tcp::acceptor& acceptor, const BindRequest& request,
                                 std::string& step) {
  auto protocol = request.address.is_v6() ? asio::ip::tcp::v6() : asio::ip::tcp::v4();
  auto ec = open_with_options(acceptor, protocol, request, step);
  if (ec) return ec;
  step = "listen";
  acceptor.listen(asio::socket_base::max_listen_connections, ec);
  return ec;
}

std::error_code open_bind(asio::ip::udp::socket& socket, const BindRequest& request,
                          std::string& step) {
  auto protocol = request.address.is_v6() ? asio::ip::udp::v6() : asio::ip::udp::v4();
  return open_with_options(socket, protocol, request, step);
}

std::string options_text(bool reuse_address, bool reuse_port) {
  return fmt::format("SO_REUSEADDR {}, SO_REUSEPORT {}", reuse_address ? "on" : "off",
                     reuse_port ? "on" : "off");
}

std::vector<Holder> port_holders(Transport transport, const asio::ip::address& address,
                                 std::uint16_t port) {
  std::optional<sockets::Address> where;
  // A wildcard bind collides with every address on the port, so every holder counts.
  if (!address.is_unspecified()) where = sockets::Address::parse(address.to_string());
  auto protocol = transport == Transport::tcp ? sockets::Protocol::tcp : sockets::Protocol::udp;
  std::vector<Holder> holders;
  for (const auto& row : sockets::who_holds(protocol, port, where)) {
    if (!row.pid) continue;
    bool seen = false;
    for (const auto& holder : holders)
      seen = seen || holder.pid == *row.pid;
    if (!seen) holders.push_back({*row.pid, row.program});
  }
  return holders;
}

std::size_t time_wait_count(std::uint16_t port) {
  sockets::TableQuery query;
  query.udp = false;
  std::size_t count = 0;
  for (const auto& row : sockets::read_socket_table(query).rows)
    if (row.local.port == port && row.state == sockets::TcpState::time_wait) ++count;
  return count;
}

std::string errno_text(int value) {
  auto name = errno_name(value);
  if (name.empty()) return std::to_string(value);
  return fmt::format("{} {}", name, value);
}

std::string windows_error_text(int value) {
  switch (value) {
    case EADDRINUSE:
      return "WSAEADDRINUSE 10048";
    case EACCES:
      return "WSAEACCES 10013";
    case EADDRNOTAVAIL:
      return "WSAEADDRNOTAVAIL 10049";
    case EINVAL:
      return "WSAEINVAL 10022";
    default:
      return {};
  }
}

}  // namespace lab::bind
