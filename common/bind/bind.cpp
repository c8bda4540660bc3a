#include "bind/bind.hpp"

#include <cerrno>

#include <fmt/format.h>

#include "cli/lang.hpp"
#include "cli/wording.hpp"
#include "net/endpoints.hpp"
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
#ifdef SO_REUSEPORT
  if (!ec) socket.set_option(reuse_port(request.reuse_port), ec);
#else
  if (!ec && request.reuse_port) ec = asio::error::operation_not_supported;
#endif
  if (ec) return ec;
  step = "bind";
  socket.bind({request.address, request.port}, ec);
  return ec;
}

// TCP connections in TIME_WAIT with local `port`: no process holds them, yet they can block a bind.
std::vector<sockets::SocketRow> time_wait_rows(std::uint16_t port) {
  sockets::TableQuery query;
  query.udp = false;
  std::vector<sockets::SocketRow> rows;
  for (auto& row : sockets::read_socket_table(query).rows)
    if (row.local.port == port && row.state == sockets::TcpState::time_wait)
      rows.push_back(std::move(row));
  return rows;
}

// The sockets that hold `port` where `address` would collide (a wildcard address collides with
// every address on the port, so then every holder counts).
std::vector<sockets::SocketRow> rows_holding(Transport transport, const asio::ip::address& address,
                                             std::uint16_t port) {
  std::optional<sockets::Address> where;
  if (!address.is_unspecified()) where = sockets::Address::parse(address.to_string());
  return sockets::who_holds(transport, port, where);
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
  std::vector<Holder> holders;
  for (const auto& row : rows_holding(transport, address, port)) {
    if (!row.pid) continue;
    bool seen = false;
    for (const auto& holder : holders)
      seen = seen || holder.pid == *row.pid;
    if (!seen) holders.push_back({*row.pid, row.program});
  }
  return holders;
}

std::size_t time_wait_count(std::uint16_t port) {
  return time_wait_rows(port).size();
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

namespace lab {
namespace {

// EADDRNOTAVAIL, which has no asio::error name: WSAEADDRNOTAVAIL under Winsock.
#ifdef _WIN32
constexpr int address_not_available = WSAEADDRNOTAVAIL;
#else
constexpr int address_not_available = EADDRNOTAVAIL;
#endif

std::string holders_text(const std::vector<sockets::SocketRow>& holders) {
  std::string named;
  bool hidden = false;
  bool time_wait = false;
  for (const auto& row : holders) {
    if (row.pid) {
      std::string who = fmt::format("PID {} ({})", *row.pid, row.program);
      if (named.find(who) == std::string::npos) named += (named.empty() ? "" : ", ") + who;
    } else if (row.state == sockets::TcpState::time_wait || row.inode == 0) {
      time_wait = true;
    } else {
      hidden = true;
    }
  }
  if (!named.empty()) return trf(" by {}", " — 사용 중인 프로세스: {}", named);
  if (hidden)
    return tr(" by a process we may not see (another user's; run as root to name it)",
              " — 다른 사용자의 프로세스라 누구인지 볼 수 없습니다 (root로 실행하면 보입니다)");
  if (time_wait)
    return tr(" by connections in TIME_WAIT (no process; they expire in about 60 s)",
              " — TIME_WAIT 상태의 연결 때문입니다 (프로세스 없음, 약 60초 뒤 사라집니다)");
  return {};
}

}  // namespace

std::string port_in_use_message(Transport transport, const asio::ip::address& address,
                                std::uint16_t port) {
  std::string holder;
  try {
    auto rows = bind::rows_holding(transport, address, port);
    // Nobody listens: a TIME_WAIT connection on this port may still block the bind.
    if (transport == Transport::tcp && rows.empty()) rows = bind::time_wait_rows(port);
    holder = holders_text(rows);
  } catch (const std::exception&) {
    // The socket table is an extra; the error line stands without it.
  }
  return trf("port {}/{} on {} is already in use{}", "포트 {}/{} ({})는 이미 사용 중입니다{}", port,
             transport_name(transport), address.to_string(), holder);
}

std::string bind_error_message(std::error_code ec, Transport transport,
                               const asio::ip::address& address, std::uint16_t port) {
  // Asio's error constants are errno values on Linux and WSA codes on Windows.
  if (ec == asio::error::address_in_use) return port_in_use_message(transport, address, port);
  if (ec == asio::error::access_denied)
    return trf("port {}/{} is below 1024: only root may bind it (try a port from 1024 up)",
               "포트 {}/{}는 1024 미만이라 root만 쓸 수 있습니다 (1024 이상을 쓰세요)", port,
               transport_name(transport));
  if (ec == std::error_code(address_not_available, asio::error::get_system_category()))
    return trf("{}{} is not an address of this machine", "{}{} 이 컴퓨터의 주소가 아닙니다",
               address.to_string(), ko_particle(address.to_string(), Particle::eun_neun));
  return trf("cannot bind {}/{}: {}", "{}/{}에 bind할 수 없습니다: {}", to_string(address, port),
             transport_name(transport), ec.message());
}

}  // namespace lab
