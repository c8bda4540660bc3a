#include "net/errors.hpp"

#include <fmt/format.h>
#include <asio/error.hpp>

#include "cli/error_names.hpp"
#include "cli/lang.hpp"
#include "cli/wording.hpp"
#include "net/endpoints.hpp"

namespace lab {

namespace {

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
               peer, error_label("ECONNREFUSED"));
  if (is(ec, asio::error::connection_reset))
    return trf("connection to {} reset by the peer (RST, {})",
               "상대({})가 연결을 리셋했습니다 (RST, {})", peer, error_label("ECONNRESET"));
  if (is(ec, asio::error::timed_out))
    return trf("connection to {} timed out ({})",
               "{}에 연결하는 시간이 초과되었습니다 "
               "({})",
               peer, error_label("ETIMEDOUT"));
  if (is(ec, asio::error::host_unreachable) || is(ec, asio::error::network_unreachable))
    return trf("{} is unreachable from here ({})", "{}에 도달할 수 없습니다 ({})", peer,
               error_label(is(ec, asio::error::host_unreachable) ? "EHOSTUNREACH" : "ENETUNREACH"));
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

}  // namespace lab
