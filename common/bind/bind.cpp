#include "bind/bind.hpp"

#include <cerrno>

#include <fmt/format.h>

#include "cli/lang.hpp"
#include "cli/wording.hpp"
#include "net/endpoints.hpp"
#include "ports/ranges.hpp"
#include "sockets/socket_table.hpp"

namespace lab::bind {
namespace {

#ifdef _WIN32
constexpr bool on_windows = true;
#else
constexpr bool on_windows = false;
#endif

template <class Socket, class Protocol>
std::error_code open_with_options(Socket& socket, Protocol protocol, const BindRequest& request,
                                  std::string& step) {
  std::error_code ec;
  step = "socket";
  socket.open(protocol, ec);
  if (ec) return ec;
  step = "setsockopt";
  if (!unsupported_option(request).empty()) return asio::error::operation_not_supported;
  socket.set_option(asio::socket_base::reuse_address(request.reuse_address), ec);
#ifdef SO_REUSEPORT
  if (!ec) socket.set_option(reuse_port(request.reuse_port), ec);
#endif
#ifdef SO_EXCLUSIVEADDRUSE
  if (!ec) socket.set_option(exclusive_address_use(request.exclusive_address), ec);
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

std::string unsupported_option(const BindRequest& request) {
  if (request.reuse_port && !has_reuse_port)
    return tr(
        "Windows has no SO_REUSEPORT (Linux and BSD have it): here two sockets share a port "
        "only through SO_REUSEADDR (demo scenario 1), and Windows does not spread "
        "connections among them",
        "Windows에는 SO_REUSEPORT가 없습니다 (Linux와 BSD에만 있음): 여기서는 "
        "SO_REUSEADDR로만 두 소켓이 한 포트를 함께 쓰고 (demo 시나리오 1), 연결을 나눠 "
        "주지도 않습니다");
  if (request.exclusive_address && !has_exclusive_address_use)
    return tr(
        "SO_EXCLUSIVEADDRUSE exists only on Windows: on Linux a bound port is already "
        "exclusive unless every socket on it sets SO_REUSEPORT",
        "SO_EXCLUSIVEADDRUSE는 Windows에만 있습니다: Linux에서는 포트의 모든 소켓이 "
        "SO_REUSEPORT를 켜지 않는 한 바인드한 포트는 이미 혼자 씁니다");
  return {};
}

std::string options_text(bool reuse_address, bool reuse_port) {
  BindRequest request;
  request.reuse_address = reuse_address;
  request.reuse_port = reuse_port;
  return options_text(request);
}

std::string options_text(const BindRequest& request) {
  auto on_off = [](bool on) { return on ? "on" : "off"; };
  std::string text = fmt::format("SO_REUSEADDR {}", on_off(request.reuse_address));
  if (has_reuse_port || request.reuse_port)
    text += fmt::format(", SO_REUSEPORT {}", on_off(request.reuse_port));
  if (has_exclusive_address_use || request.exclusive_address)
    text += fmt::format(", SO_EXCLUSIVEADDRUSE {}", on_off(request.exclusive_address));
  return text;
}

std::vector<Holder> port_holders(Transport transport, const asio::ip::address& address,
                                 std::uint16_t port) {
  std::vector<Holder> holders;
  for (const auto& row : rows_holding(transport, address, port)) {
    if (!row.pid || *row.pid == 0) continue;  // 0: Windows names no owner (Wine: never does)
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
    if (row.pid && *row.pid != 0) {
      std::string who = fmt::format("PID {} ({})", *row.pid, row.program);
      if (named.find(who) == std::string::npos) named += (named.empty() ? "" : ", ") + who;
    } else if (row.state == sockets::TcpState::time_wait || (row.inode == 0 && !bind::on_windows)) {
      time_wait = true;
    } else {
      hidden = true;
    }
  }
  if (!named.empty()) return trf(" by {}", " — 사용 중인 프로세스: {}", named);
  if (hidden && bind::on_windows)
    return tr(" by a socket whose process the socket table does not name (PID 0)",
              " — 소켓 표가 어느 프로세스인지 알려 주지 않는 소켓 때문입니다 (PID 0)");
  if (hidden)
    return tr(" by a process we may not see (another user's; run as root to name it)",
              " — 다른 사용자의 프로세스라 누구인지 볼 수 없습니다 (root로 실행하면 보입니다)");
  if (time_wait && bind::on_windows)  // TcpTimedWaitDelay: 120 s unless changed
    return tr(" by connections in TIME_WAIT (no process; they expire in about 120 s)",
              " — TIME_WAIT 상태의 연결 때문입니다 (프로세스 없음, 약 120초 뒤 사라집니다)");
  if (time_wait)
    return tr(" by connections in TIME_WAIT (no process; they expire in about 60 s)",
              " — TIME_WAIT 상태의 연결 때문입니다 (프로세스 없음, 약 60초 뒤 사라집니다)");
  return {};
}

// WSAEACCES from bind() on Windows: the port is held by a socket that does not share it
// (SO_EXCLUSIVEADDRUSE, or another user's), or Windows reserved it (an excluded port range of
// Hyper-V, WinNAT or Docker, which netstat never shows).
std::string windows_access_denied(Transport transport, const asio::ip::address& address,
                                  std::uint16_t port) {
  std::string holder;
  try {
    holder = holders_text(bind::rows_holding(transport, address, port));
  } catch (const std::exception&) {
  }
  if (!holder.empty())
    return trf(
        "port {}/{} on {} is held{}, and that socket does not share it (WSAEACCES: since "
        "Windows Server 2003 two sockets share an address:port only when both set "
        "SO_REUSEADDR before bind; the holder did not, or it set SO_EXCLUSIVEADDRUSE)",
        "포트 {}/{} ({})는 이미 쓰이고 있고{}, 그 소켓이 함께 쓰기를 허락하지 않습니다 "
        "(WSAEACCES: Windows Server 2003부터 두 소켓이 한 주소:포트를 함께 쓰려면 둘 다 "
        "bind 전에 SO_REUSEADDR를 켜야 합니다. 먼저 잡은 소켓이 켜지 않았거나 "
        "SO_EXCLUSIVEADDRUSE를 켰습니다)",
        port, transport_name(transport), address.to_string(), holder);
  const std::string command = fmt::format("netsh interface ipv4 show excludedportrange protocol={}",
                                          transport_name(transport));
  std::optional<std::vector<ports::ExcludedRange>> excluded;
  if (transport == Transport::tcp) excluded = ports::read_system_port_ranges(true).excluded;
  if (excluded)
    for (const auto& range : *excluded)
      if (range.ports.first <= port && port <= range.ports.last)
        return trf(
            "port {}/{} is in the range {}-{} that Windows reserved (an excluded port "
            "range: Hyper-V, WinNAT, Docker); netstat does not show it. Pick a port "
            "outside the ranges that `{}` lists",
            "포트 {}/{}는 Windows가 예약한 범위 {}-{} 안에 있습니다 (제외된 포트 범위: "
            "Hyper-V, WinNAT, Docker). netstat에는 나오지 않습니다. `{}`가 보여 주는 "
            "범위 밖의 포트를 고르세요",
            port, transport_name(transport), range.ports.first, range.ports.last, command);
  return trf(
      "Windows refused port {}/{} (WSAEACCES, access denied): no socket holds it, so "
      "Windows may have reserved it (Hyper-V, WinNAT and Docker exclude port ranges that "
      "netstat does not show); list them with: {}",
      "Windows가 포트 {}/{}를 거절했습니다 (WSAEACCES, 접근 거부): 쓰는 소켓이 없으니 "
      "Windows가 예약했을 수 있습니다 (Hyper-V, WinNAT, Docker가 netstat에 나오지 않는 "
      "포트 범위를 제외해 둡니다). 범위 보기: {}",
      port, transport_name(transport), command);
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
  if (ec == asio::error::access_denied && bind::on_windows)
    return windows_access_denied(transport, address, port);
  if (ec == asio::error::access_denied)
    return trf("port {}/{} is below 1024: only root may bind it (try a port from 1024 up)",
               "포트 {}/{}는 1024 미만이라 root만 쓸 수 있습니다 (1024 이상을 쓰세요)", port,
               transport_name(transport));
  if (ec == asio::error::operation_not_supported) {
    // An option this OS does not have (SO_REUSEPORT on Windows, SO_EXCLUSIVEADDRUSE on Linux).
    bind::BindRequest asked;
    asked.reuse_port = true;
    auto why = bind::unsupported_option(asked);
    asked.reuse_port = false;
    asked.exclusive_address = true;
    if (why.empty()) why = bind::unsupported_option(asked);
    if (!why.empty()) return why;
  }
  if (ec == std::error_code(address_not_available, asio::error::get_system_category()))
    return trf("{}{} is not an address of this machine", "{}{} 이 컴퓨터의 주소가 아닙니다",
               address.to_string(), ko_particle(address.to_string(), Particle::eun_neun));
  return trf("cannot bind {}/{}: {}", "{}/{}에 바인드할 수 없습니다: {}", to_string(address, port),
             transport_name(transport), ec.message());
}

}  // namespace lab
