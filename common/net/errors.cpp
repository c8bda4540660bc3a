#include "net/errors.hpp"

#include <cerrno>

#include <fmt/format.h>

#include "cli/lang.hpp"
#include "cli/wording.hpp"
#include "net/endpoints.hpp"

namespace lab {

namespace {

std::string connect_error_text(std::error_code ec, std::string_view peer) {
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
      return trf("the peer {}{} closed the connection (EPIPE)",
                 "상대 {}{} 연결을 닫았습니다 (EPIPE)", peer, ko_particle(peer, Particle::i_ga));
    default:
      return trf("{}: {}", "{}: {}", peer, ec.message());
  }
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
