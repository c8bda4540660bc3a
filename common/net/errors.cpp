#include "net/errors.hpp"

#include <cerrno>

#include <fmt/format.h>

#include "cli/lang.hpp"
#include "net/endpoints.hpp"
#include "sockets/socket_table.hpp"

namespace lab {
namespace {

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
    std::vector<sockets::SocketRow> rows;
    auto protocol = transport == Transport::tcp ? sockets::Protocol::tcp : sockets::Protocol::udp;
    // A wildcard address (0.0.0.0, ::) collides with every address on the port: ask for all.
    std::optional<sockets::Address> where;
    if (!address.is_unspecified()) where = sockets::Address::parse(address.to_string());
    rows = sockets::who_holds(protocol, port, where);
    if (transport == Transport::tcp && rows.empty()) {
      // Nobody listens: a TIME_WAIT connection on this port may still block the bind.
      sockets::TableQuery query;
      query.udp = false;
      for (auto& row : sockets::read_socket_table(query).rows)
        if (row.local.port == port && row.state == sockets::TcpState::time_wait)
          rows.push_back(row);
    }
    holder = holders_text(rows);
  } catch (const std::exception&) {
    // The socket table is an extra; the error line stands without it.
  }
  return trf("port {}/{} on {} is already in use{}", "포트 {}/{} ({})는 이미 사용 중입니다{}", port,
             transport_name(transport), address.to_string(), holder);
}

std::string bind_error_message(std::error_code ec, Transport transport,
                               const asio::ip::address& address, std::uint16_t port) {
  switch (ec.value()) {
    case EADDRINUSE:
      return port_in_use_message(transport, address, port);
    case EACCES:
      return trf("port {}/{} is below 1024: only root may bind it (try a port from 1024 up)",
                 "포트 {}/{}는 1024 미만이라 root만 쓸 수 있습니다 (1024 이상을 쓰세요)", port,
                 transport_name(transport));
    case EADDRNOTAVAIL:
      return trf("{} is not an address of this machine", "{}은(는) 이 컴퓨터의 주소가 아닙니다",
                 address.to_string());
    default:
      return trf("cannot bind {}/{}: {}", "{}/{}에 bind할 수 없습니다: {}",
                 to_string(address, port), transport_name(transport), ec.message());
  }
}

std::string connect_error_message(std::error_code ec, std::string_view peer) {
  switch (ec.value()) {
    case ECONNREFUSED:
      return trf("connection to {} refused: nothing listens on that port (ECONNREFUSED)",
                 "{}에 연결이 거부되었습니다: 그 포트에서 기다리는 프로그램이 없습니다 "
                 "(ECONNREFUSED)",
                 peer);
    case ECONNRESET:
      return trf("connection to {} reset by the peer (RST, ECONNRESET)",
                 "{}와의 연결이 상대에 의해 리셋되었습니다 (RST, ECONNRESET)", peer);
    case ETIMEDOUT:
      return trf("connection to {} timed out (ETIMEDOUT)",
                 "{}에 연결하는 시간이 초과되었습니다 "
                 "(ETIMEDOUT)",
                 peer);
    case EHOSTUNREACH:
    case ENETUNREACH:
      return trf("{} is unreachable from here ({})", "{}에 도달할 수 없습니다 ({})", peer,
                 errno_name(ec.value()));
    case EPIPE:
      return trf("the peer {} closed the connection (EPIPE)", "상대 {}가 연결을 닫았습니다 (EPIPE)",
                 peer);
    default:
      return trf("{}: {}", "{}: {}", peer, ec.message());
  }
}

std::string_view errno_name(int value) {
  switch (value) {
    case EADDRINUSE:
      return "EADDRINUSE";
    case EADDRNOTAVAIL:
      return "EADDRNOTAVAIL";
    case EACCES:
      return "EACCES";
    case ECONNREFUSED:
      return "ECONNREFUSED";
    case ECONNRESET:
      return "ECONNRESET";
    case ETIMEDOUT:
      return "ETIMEDOUT";
    case EHOSTUNREACH:
      return "EHOSTUNREACH";
    case ENETUNREACH:
      return "ENETUNREACH";
    case EPIPE:
      return "EPIPE";
    case EINVAL:
      return "EINVAL";
    case EMSGSIZE:
      return "EMSGSIZE";
    case EAGAIN:
      return "EAGAIN";
    default:
      return "";
  }
}

}  // namespace lab
