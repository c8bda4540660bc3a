#include "sockets/socket_row.hpp"

#ifdef _WIN32
#include <ws2tcpip.h>  // inet_pton, inet_ntop
#else
#include <arpa/inet.h>
#endif

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstring>

namespace lab::sockets {

Address Address::v4(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d) {
  Address out;
  out.bytes[0] = a;
  out.bytes[1] = b;
  out.bytes[2] = c;
  out.bytes[3] = d;
  return out;
}

std::optional<Address> Address::parse(std::string_view text) {
  std::string copy(text);
  Address out;
  if (inet_pton(AF_INET, copy.c_str(), out.bytes.data()) == 1) return out;
  out.family = Family::ipv6;
  if (inet_pton(AF_INET6, copy.c_str(), out.bytes.data()) == 1) return out;
  return std::nullopt;
}

bool Address::is_unspecified() const {
  const std::size_t n = family == Family::ipv4 ? 4 : 16;
  return std::all_of(bytes.begin(), bytes.begin() + n, [](std::uint8_t b) { return b == 0; });
}

bool Address::is_v4_mapped() const {
  if (family != Family::ipv6) return false;
  static const std::uint8_t prefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  return std::memcmp(bytes.data(), prefix, sizeof prefix) == 0;
}

std::string Address::to_string() const {
  if (family == Family::ipv4) {
    // By hand: inet_ntop writes IPv4 through sprintf, which shows in a table of 60,000 rows.
    char text[16];
    char* end = text;
    for (std::size_t i = 0; i < 4; ++i) {
      if (i > 0) *end++ = '.';
      end = std::to_chars(end, text + sizeof text, bytes[i]).ptr;
    }
    return std::string(text, end);
  }
  char text[INET6_ADDRSTRLEN] = {};
  inet_ntop(family == Family::ipv4 ? AF_INET : AF_INET6, bytes.data(), text, sizeof text);
  return text;
}

std::string Endpoint::to_string() const {
  if (address.family == Family::ipv6)
    return "[" + address.to_string() + "]:" + std::to_string(port);
  return address.to_string() + ":" + std::to_string(port);
}

std::string_view linux_state_name(TcpState state) {
  switch (state) {
    case TcpState::established:
      return "ESTABLISHED";
    case TcpState::syn_sent:
      return "SYN_SENT";
    case TcpState::syn_recv:
      return "SYN_RECV";
    case TcpState::fin_wait1:
      return "FIN_WAIT1";
    case TcpState::fin_wait2:
      return "FIN_WAIT2";
    case TcpState::time_wait:
      return "TIME_WAIT";
    case TcpState::close:
      return "CLOSE";
    case TcpState::close_wait:
      return "CLOSE_WAIT";
    case TcpState::last_ack:
      return "LAST_ACK";
    case TcpState::listen:
      return "LISTEN";
    case TcpState::closing:
      return "CLOSING";
    case TcpState::new_syn_recv:
      return "NEW_SYN_RECV";
    case TcpState::unknown:
      break;
  }
  return "UNKNOWN";
}

std::string_view windows_state_name(TcpState state) {
  switch (state) {
    case TcpState::established:
      return "ESTABLISHED";
    case TcpState::syn_sent:
      return "SYN_SENT";
    case TcpState::syn_recv:
    case TcpState::new_syn_recv:
      return "SYN_RECEIVED";
    case TcpState::fin_wait1:
      return "FIN_WAIT_1";
    case TcpState::fin_wait2:
      return "FIN_WAIT_2";
    case TcpState::time_wait:
      return "TIME_WAIT";
    case TcpState::close:
      return "CLOSED";
    case TcpState::close_wait:
      return "CLOSE_WAIT";
    case TcpState::last_ack:
      return "LAST_ACK";
    case TcpState::listen:
      return "LISTENING";
    case TcpState::closing:
      return "CLOSING";
    case TcpState::unknown:
      break;
  }
  return "UNKNOWN";
}

std::optional<TcpState> parse_state_name(std::string_view text) {
  std::string key;
  for (char c : text) {
    if (c == '-' || c == '_' || c == ' ') continue;
    key += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  struct Name {
    std::string_view key;
    TcpState state;
  };
  static const Name names[] = {
      {"ESTABLISHED", TcpState::established},
      {"ESTAB", TcpState::established},
      {"SYNSENT", TcpState::syn_sent},
      {"SYNRECV", TcpState::syn_recv},
      {"SYNRECEIVED", TcpState::syn_recv},
      {"FINWAIT1", TcpState::fin_wait1},
      {"FINWAIT2", TcpState::fin_wait2},
      {"TIMEWAIT", TcpState::time_wait},
      {"CLOSE", TcpState::close},
      {"CLOSED", TcpState::close},
      {"CLOSEWAIT", TcpState::close_wait},
      {"LASTACK", TcpState::last_ack},
      {"LISTEN", TcpState::listen},
      {"LISTENING", TcpState::listen},
      {"UNCONN", TcpState::close},
      {"CLOSING", TcpState::closing},
      {"NEWSYNRECV", TcpState::new_syn_recv},
  };
  for (const Name& name : names)
    if (name.key == key) return name.state;
  return std::nullopt;
}

std::string_view protocol_name(Protocol protocol) {
  return protocol == Protocol::tcp ? "TCP" : "UDP";
}

}  // namespace lab::sockets
