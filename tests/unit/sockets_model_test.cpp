// common/sockets: the row model, state names and the /proc/net parser (fixtures written here).
#include <catch2/catch.hpp>

#include "sockets/proc_net.hpp"
#include "sockets/socket_row.hpp"

using namespace lab::sockets;

TEST_CASE("state names: Windows and Linux spellings both parse") {
  CHECK(parse_state_name("LISTENING") == TcpState::listen);
  CHECK(parse_state_name("listen") == TcpState::listen);
  CHECK(parse_state_name("TIME_WAIT") == TcpState::time_wait);
  CHECK(parse_state_name("time-wait") == TcpState::time_wait);
  CHECK(parse_state_name("FIN_WAIT_2") == TcpState::fin_wait2);
  CHECK(parse_state_name("fin-wait-2") == TcpState::fin_wait2);
  CHECK(parse_state_name("ESTAB") == TcpState::established);
  CHECK_FALSE(parse_state_name("LISTENNING"));
  CHECK(windows_state_name(TcpState::listen) == "LISTENING");
  CHECK(linux_state_name(TcpState::listen) == "LISTEN");
  CHECK(windows_state_name(TcpState::fin_wait2) == "FIN_WAIT_2");
}

TEST_CASE("/proc/net/tcp: a listening IPv4 socket") {
  auto row = parse_proc_net_line(
      "   0: 0100007F:1B58 00000000:0000 0A 00000000:00000002 00:00000000 00000000  1000        0 "
      "123456 1 0000000000000000 100 0 0 10 0",
      Protocol::tcp, Family::ipv4);
  REQUIRE(row);
  CHECK(row->local.to_string() == "127.0.0.1:7000");
  CHECK(row->remote.to_string() == "0.0.0.0:0");
  CHECK(row->state == TcpState::listen);
  CHECK(row->uid == 1000);
  CHECK(row->inode == 123456);
  CHECK(row->rx_queue == 2);
}

TEST_CASE("/proc/net/tcp6: loopback and v4-mapped addresses") {
  auto row = parse_proc_net_line(
      "   1: 00000000000000000000000001000000:1B58 0000000000000000FFFF00000100007F:D431 01 "
      "00000000:00000000 00:00000000 00000000     0        0 99 1 0000000000000000 20 4 30 10 -1",
      Protocol::tcp, Family::ipv6);
  REQUIRE(row);
  CHECK(row->local.to_string() == "[::1]:7000");
  CHECK(row->remote.address.is_v4_mapped());
  CHECK(row->remote.to_string() == "[::ffff:127.0.0.1]:54321");
  CHECK(row->state == TcpState::established);
}

TEST_CASE("/proc/net: header skipped, malformed lines counted, not fatal") {
  std::string text =
      "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout "
      "inode\n"
      "   0: 0100007F:1B58 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000 0 1 1\n"
      "garbage line\n"
      "   1: 0100007F:ZZZZ 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000 0 2 1\n"
      "   2: 0100007F:1B58 00000000:0000 FF 00000000:00000000 00:00000000 00000000  1000 0 3 1\n"
      "\n";
  auto parsed = parse_proc_net(text, Protocol::tcp, Family::ipv4, true);
  CHECK(parsed.rows.size() == 1);
  CHECK(parsed.malformed_lines == 3);
  CHECK(parsed.rows[0].raw.find("0100007F:1B58") != std::string::npos);
}
