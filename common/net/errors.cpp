#include "net/errors.hpp"

#include <cerrno>

#include <fmt/format.h>
#include <asio/error.hpp>

#include "cli/lang.hpp"
#include "cli/wording.hpp"
#include "net/endpoints.hpp"

namespace lab {

namespace {

// The name a student looks the error up by: ECONNREFUSED on Linux; on Windows its Winsock
// name and number, WSAECONNREFUSED 10061 (what Microsoft's documentation lists).
std::string error_name(std::string_view posix_name, const std::error_code& ec) {
#ifdef _WIN32
  return fmt::format("WSA{} {}", posix_name, ec.value());
#else
  (void)ec;
  return std::string(posix_name);
#endif
}

// Asio's error constants are errno values on Linux and WSA codes on Windows; an errno a caller
// wrapped in the generic category matches too.
bool is(const std::error_code& ec, asio::error::basic_errors which) {
  return ec.default_error_condition() == std::error_code(which).default_error_condition();
}

std::string connect_error_text(std::error_code ec, std::string_view peer) {
  if (is(ec, asio::error::connection_refused))
    return trf("connection to {} refused: nothing listens on that port ({})",
               "{}에 연결이 거부되었습니다: 그 포트에서 기다리는 프로그램이 없습니다 "
               "({})",
               peer, error_name("ECONNREFUSED", ec));
  if (is(ec, asio::error::connection_reset))
    return trf("connection to {} reset by the peer (RST, {})",
               "상대({})가 연결을 리셋했습니다 (RST, {})", peer, error_name("ECONNRESET", ec));
  if (is(ec, asio::error::timed_out))
    return trf("connection to {} timed out ({})",
               "{}에 연결하는 시간이 초과되었습니다 "
               "({})",
               peer, error_name("ETIMEDOUT", ec));
  if (is(ec, asio::error::host_unreachable) || is(ec, asio::error::network_unreachable))
    return trf(
        "{} is unreachable from here ({})", "{}에 도달할 수 없습니다 ({})", peer,
        error_name(is(ec, asio::error::host_unreachable) ? "EHOSTUNREACH" : "ENETUNREACH", ec));
  if (is(ec, asio::error::broken_pipe))
    return trf("the peer {}{} closed the connection (EPIPE)", "상대 {}{} 연결을 닫았습니다 (EPIPE)",
               peer, ko_particle(peer, Particle::i_ga));
  return fmt::format("{}: {}", peer, ec.message());
}

}  // namespace

std::string connect_error_message(std::error_code ec, std::string_view peer,
                                  std::string_view call) {
  std::string text = connect_error_text(ec, peer);
  return call.empty() ? text : fmt::format("{}: {}", call, text);
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
