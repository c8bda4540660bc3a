// common/sockets: /proc/net parser on more fixtures: every state code, IPv6 forms, bad input.
#include <catch2/catch.hpp>
#include <string>

#include "sockets/proc_net.hpp"

using namespace lab::sockets;

namespace {
std::string tcp_line(const char* state_hex) {
  return std::string("   0: 0100007F:1B58 0100007F:D431 ") + state_hex +
         " 00000010:00000020 00:00000000 00000000  1000        0 777 1 0 20 4 30 10 -1";
}
}  // namespace

TEST_CASE("sockets /proc/net: every state code 01-0C parses, others do not") {
  for (int code = 0; code <= 0x0d; ++code) {
    char hex[3];
    std::snprintf(hex, sizeof hex, "%02X", code);
    auto row = parse_proc_net_line(tcp_line(hex), Protocol::tcp, Family::ipv4);
    if (code >= 1 && code <= 12) {
      REQUIRE(row);
      CHECK(static_cast<int>(row->state) == code);
      CHECK(row->tx_queue == 0x10);
      CHECK(row->rx_queue == 0x20);
    } else if (code == 0) {
      CHECK(row);  // 00 is kept as "unknown", the kernel never prints it
    } else {
      CHECK_FALSE(row);
    }
  }
}

TEST_CASE("sockets /proc/net: IPv6 any address and a UDP socket") {
  auto any = parse_proc_net_line(
      "   0: 00000000000000000000000000000000:0016 00000000000000000000000000000000:0000 0A "
      "00000000:00000000 00:00000000 00000000     0        0 2222 1 0 100 0 0 10 0",
      Protocol::tcp, Family::ipv6);
  REQUIRE(any);
  CHECK(any->local.to_string() == "[::]:22");
  CHECK(any->local.address.is_unspecified());
  auto udp = parse_proc_net_line(
      "  12: 0100007F:0035 00000000:0000 07 00000000:00000000 00:00000000 00000000   101        0 "
      "3333 2 0000000000000000 0",
      Protocol::udp, Family::ipv4);
  REQUIRE(udp);
  CHECK(udp->protocol == Protocol::udp);
  CHECK(udp->state == TcpState::close);
  CHECK(udp->local.port == 53);
}

TEST_CASE("sockets /proc/net: truncated and oversized fields are malformed") {
  for (const char* bad : {
           "   0: 0100007F:1B58",
           "   0: 0100007F:1B58 00000000:0000 0A",
           "   0: 0100007F1B58 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1",
           "   0: 0100007F:1B5800 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1",
           "   0: 00000000000000000000000001000000:1B58 00000000:0000 0A 00000000:00000000 "
           "00:00000000 00000000 0 0 1",
           "   0: 0100007F:1B58 00000000:0000 0A 00000000:00000000 00:00000000 00000000 x 0 1",
           "   0: 0100007F:1B58 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 -1",
           "  x: 0100007F:1B58 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1",
       })
    CHECK_FALSE(parse_proc_net_line(bad, Protocol::tcp, Family::ipv4));
}
