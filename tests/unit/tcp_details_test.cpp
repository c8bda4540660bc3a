// TCP_INFO figures from netlink bytes (lab-netstat --details) and their text: pure parsing,
// checked with hand-built messages, including short and lying ones. (Linux: netlink headers.)
#if defined(__linux__)
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include <cstring>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "cli/lang.hpp"
#include "render/json.hpp"
#include "sockets/tcp_details.hpp"
#include "tcp_info/tcp_info.hpp"

using namespace lab;

namespace {
// One SOCK_DIAG_BY_FAMILY record 127.0.0.1:7000 -> 127.0.0.1:40000, with INET_DIAG_INFO.
std::vector<std::uint8_t> record_with_info(const tcp_info& info, std::size_t info_length) {
  inet_diag_msg record{};
  record.idiag_family = AF_INET;
  record.idiag_state = 1;
  record.id.idiag_sport = htons(7000);
  record.id.idiag_dport = htons(40000);
  record.id.idiag_src[0] = htonl(0x7f000001);
  record.id.idiag_dst[0] = htonl(0x7f000001);
  rtattr attribute{};
  attribute.rta_type = INET_DIAG_INFO;
  attribute.rta_len = static_cast<unsigned short>(RTA_LENGTH(info_length));
  nlmsghdr header{};
  header.nlmsg_type = SOCK_DIAG_BY_FAMILY;
  header.nlmsg_len = static_cast<std::uint32_t>(
      NLMSG_LENGTH(NLMSG_ALIGN(sizeof record) + RTA_ALIGN(attribute.rta_len)));
  std::vector<std::uint8_t> bytes(NLMSG_ALIGN(header.nlmsg_len));
  std::memcpy(bytes.data(), &header, sizeof header);
  std::memcpy(bytes.data() + NLMSG_HDRLEN, &record, sizeof record);
  const std::size_t at = NLMSG_HDRLEN + NLMSG_ALIGN(sizeof record);
  std::memcpy(bytes.data() + at, &attribute, sizeof attribute);
  std::memcpy(bytes.data() + at + RTA_LENGTH(0), &info, info_length);
  return bytes;
}
}  // namespace

TEST_CASE("tcp details: INET_DIAG_INFO becomes rtt, rto, retransmits and cwnd") {
  tcp_info info{};
  info.tcpi_rtt = 100250;
  info.tcpi_rttvar = 3000;
  info.tcpi_rto = 304000;
  info.tcpi_total_retrans = 7;
  info.tcpi_snd_cwnd = 10;
  info.tcpi_unacked = 2;
  auto bytes = record_with_info(info, sizeof info);
  nlmsghdr done{};
  done.nlmsg_type = NLMSG_DONE;
  done.nlmsg_len = NLMSG_LENGTH(sizeof(int));
  const std::size_t end = bytes.size();
  bytes.resize(end + NLMSG_ALIGN(done.nlmsg_len));
  std::memcpy(bytes.data() + end, &done, sizeof done);

  std::vector<sockets::TcpDetails> details;
  CHECK_FALSE(sockets::parse_tcp_details(bytes, details));  // DONE: the dump is over
  REQUIRE(details.size() == 1);
  CHECK(details[0].local.to_string() == "127.0.0.1:7000");
  CHECK(details[0].remote.to_string() == "127.0.0.1:40000");
  CHECK(details[0].figures.rtt_us == 100250);
  CHECK(details[0].figures.rto_us == 304000);
  CHECK(details[0].figures.total_retransmits == 7);
  CHECK(details[0].figures.send_cwnd == 10);
  CHECK(details[0].figures.unacked == 2);

  set_lang(Lang::en);
  CHECK(tcp_figures_line(details[0].figures) ==
        "TCP_INFO: 7 retransmitted segments, RTT 100.25 ms (±3.00 ms), RTO 304 ms, cwnd 10");
}

TEST_CASE("tcp details: short, truncated or lying messages are skipped, never read past") {
  tcp_info info{};
  // A tcp_info cut before tcpi_total_retrans (a very old kernel): no figures.
  std::vector<sockets::TcpDetails> details;
  CHECK(sockets::parse_tcp_details(record_with_info(info, 16), details));
  CHECK(details.empty());
  // A message whose length claims more than the datagram holds.
  auto bytes = record_with_info(info, sizeof info);
  bytes.resize(bytes.size() - 8);
  CHECK_FALSE(sockets::parse_tcp_details(bytes, details));
  CHECK(details.empty());
  // Garbage and empty input.
  std::vector<std::uint8_t> garbage(7, 0xff);
  CHECK(sockets::parse_tcp_details(garbage, details));
  CHECK(sockets::parse_tcp_details({}, details));
  CHECK(details.empty());
  CHECK_FALSE(tcp_figures_from_bytes({}));
}

TEST_CASE("tcp details: the load mode's sum adds retransmits and averages the RTT") {
  TcpFiguresSum sum;
  TcpFigures a;
  a.total_retransmits = 2, a.rtt_us = 1000, a.rto_us = 201000;
  TcpFigures b;
  b.total_retransmits = 3, b.rtt_us = 3000, b.rto_us = 400000;
  sum.add(a);
  sum.add(b);
  CHECK(sum.connections == 2);
  CHECK(sum.average().total_retransmits == 5);
  CHECK(sum.average().rtt_us == 2000);
  CHECK(sum.average().rto_us == 400000);
  set_lang(Lang::en);
  CHECK(tcp_figures_sum_line(sum) ==
        "TCP_INFO over 2 connections: 5 retransmitted segments, mean RTT 2.00 ms, largest RTO 400 "
        "ms");
}

TEST_CASE("tcp details: the JSON form names every figure, in a fixed order; null without them") {
  TcpFigures f;
  f.total_retransmits = 3, f.rtt_us = 50300, f.rtt_var_us = 1200, f.rto_us = 254000;
  f.send_cwnd = 10, f.unacked = 2, f.lost = 1;
  const json::Value value = tcp_figures_json(f);
  REQUIRE(value.is_object());
  std::vector<std::string> keys;
  for (const auto& [key, ignored] : value.items())
    keys.push_back(key);
  CHECK(keys == std::vector<std::string>{"retransmits", "rtt_us", "rtt_var_us", "rto_us", "cwnd",
                                         "unacked", "lost"});
  CHECK(json::number_field(value, "retransmits") == 3);
  CHECK(json::number_field(value, "rtt_us") == 50300);
  CHECK(json::number_field(value, "rtt_var_us") == 1200);
  CHECK(json::number_field(value, "rto_us") == 254000);
  CHECK(json::number_field(value, "cwnd") == 10);
  CHECK(json::number_field(value, "unacked") == 2);
  CHECK(json::number_field(value, "lost") == 1);
  CHECK(tcp_figures_json(std::nullopt).is_null());
}

TEST_CASE("tcp details: each row finds the figures of its own connection among many") {
  // 10,000 connections to one server port, each from its own client port: the key is both ends.
  sockets::TcpDetailsByEnds all;
  const auto loopback = sockets::Address::v4(127, 0, 0, 1);
  for (std::uint16_t client = 30000; client < 40000; ++client) {
    TcpFigures figures;
    figures.send_cwnd = client;
    all.emplace(sockets::ConnectionEnds{{loopback, 7000}, {loopback, client}}, figures);
  }
  REQUIRE(all.size() == 10000);
  sockets::SocketRow row;
  row.state = sockets::TcpState::established;
  row.local = {loopback, 7000};
  row.remote = {loopback, 34567};
  const TcpFigures* found = sockets::find_tcp_details(all, row);
  REQUIRE(found);
  CHECK(found->send_cwnd == 34567);
  row.remote.port = 40001;  // no such connection
  CHECK_FALSE(sockets::find_tcp_details(all, row));
  row.remote.port = 34567;
  row.remote.address = *sockets::Address::parse("127.0.0.2");  // same ports, another address
  CHECK_FALSE(sockets::find_tcp_details(all, row));
  row.state = sockets::TcpState::listen;  // a listener has no figures to show
  row.remote = {loopback, 34567};
  CHECK_FALSE(sockets::find_tcp_details(all, row));
}

#endif  // __linux__
