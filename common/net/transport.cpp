#include "net/transport.hpp"

#include <unistd.h>

#include <fmt/format.h>

namespace lab {

std::string_view transport_name(Transport transport) {
  return transport == Transport::tcp ? "tcp" : "udp";
}

std::string answer_line(Transport transport, std::uint16_t port) {
  return fmt::format("PID {}, port {}/{}\n", getpid(), port, transport_name(transport));
}

}  // namespace lab
