// common/sockets: the NETLINK_SOCK_DIAG request and reply parser, on messages built here.
#include <arpa/inet.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>

#include <catch2/catch.hpp>
#include <cstring>
#include <vector>

#include "sockets/process_map.hpp"
#include "sockets/sock_diag.hpp"

using namespace lab::sockets;

namespace {

void append_message(std::vector<std::uint8_t>& out, std::uint16_t type, const void* payload,
                    std::size_t length) {
  nlmsghdr header{};
  header.nlmsg_len = static_cast<std::uint32_t>(sizeof header + length);
  header.nlmsg_type = type;
  const std::size_t start = out.size();
  out.resize(start + NLMSG_ALIGN(header.nlmsg_len));
  std::memcpy(out.data() + start, &header, sizeof header);
  if (length > 0) std::memcpy(out.data() + start + sizeof header, payload, length);
}

inet_diag_msg record_v4(const char* local, std::uint16_t lport, const char* remote,
                        std::uint16_t rport, std::uint8_t state, std::uint32_t inode) {
  inet_diag_msg record{};
  record.idiag_family = AF_INET;
  record.idiag_state = state;
  inet_pton(AF_INET, local, record.id.idiag_src);
  inet_pton(AF_INET, remote, record.id.idiag_dst);
  record.id.idiag_sport = htons(lport);
  record.id.idiag_dport = htons(rport);
  record.idiag_uid = 1000;
  record.idiag_inode = inode;
  record.idiag_rqueue = 3;
  record.idiag_wqueue = 128;
  return record;
}

}  // namespace

TEST_CASE("sockets netlink: the request asks for every state of one protocol and family") {
  auto bytes = make_sock_diag_request(Protocol::udp, Family::ipv6, 7);
  REQUIRE(bytes.size() == sizeof(nlmsghdr) + sizeof(inet_diag_req_v2));
  nlmsghdr header;
  std::memcpy(&header, bytes.data(), sizeof header);
  CHECK(header.nlmsg_len == bytes.size());
  CHECK(header.nlmsg_type == SOCK_DIAG_BY_FAMILY);
  CHECK(header.nlmsg_flags == (NLM_F_REQUEST | NLM_F_DUMP));
  CHECK(header.nlmsg_seq == 7);
  inet_diag_req_v2 request;
  std::memcpy(&request, bytes.data() + sizeof header, sizeof request);
  CHECK(request.sdiag_family == AF_INET6);
  CHECK(request.sdiag_protocol == IPPROTO_UDP);
  CHECK(request.idiag_states == ~0u);
}

TEST_CASE("sockets netlink: IPv4 and IPv6 records become rows, DONE ends the dump") {
  std::vector<std::uint8_t> bytes;
  auto listen = record_v4("127.0.0.1", 7000, "0.0.0.0", 0, 10, 4242);
  append_message(bytes, SOCK_DIAG_BY_FAMILY, &listen, sizeof listen);
  inet_diag_msg v6{};
  v6.idiag_family = AF_INET6;
  v6.idiag_state = 6;  // TIME_WAIT: no inode
  inet_pton(AF_INET6, "::1", v6.id.idiag_src);
  inet_pton(AF_INET6, "::ffff:127.0.0.1", v6.id.idiag_dst);
  v6.id.idiag_sport = htons(54321);
  v6.id.idiag_dport = htons(7000);
  append_message(bytes, SOCK_DIAG_BY_FAMILY, &v6, sizeof v6);
  int zero = 0;
  append_message(bytes, NLMSG_DONE, &zero, sizeof zero);

  SockDiagParse parsed;
  parse_sock_diag(bytes, Protocol::tcp, parsed);
  CHECK(parsed.done);
  CHECK(parsed.error == 0);
  CHECK(parsed.malformed == 0);
  REQUIRE(parsed.rows.size() == 2);
  CHECK(parsed.rows[0].local.to_string() == "127.0.0.1:7000");
  CHECK(parsed.rows[0].remote.to_string() == "0.0.0.0:0");
  CHECK(parsed.rows[0].state == TcpState::listen);
  CHECK(parsed.rows[0].inode == 4242);
  CHECK(parsed.rows[0].uid == 1000);
  CHECK(parsed.rows[0].rx_queue == 3);
  CHECK(parsed.rows[0].tx_queue == 128);
  CHECK(parsed.rows[1].family == Family::ipv6);
  CHECK(parsed.rows[1].local.to_string() == "[::1]:54321");
  CHECK(parsed.rows[1].remote.to_string() == "[::ffff:127.0.0.1]:7000");
  CHECK(parsed.rows[1].state == TcpState::time_wait);
  CHECK(parsed.rows[1].inode == 0);
}

TEST_CASE("sockets netlink: every state code from 1 to 12 is kept, 13 and up are refused") {
  for (std::uint8_t state = 1; state <= 13; ++state) {
    std::vector<std::uint8_t> bytes;
    auto record = record_v4("127.0.0.1", 1, "127.0.0.1", 2, state, 1);
    append_message(bytes, SOCK_DIAG_BY_FAMILY, &record, sizeof record);
    SockDiagParse parsed;
    parse_sock_diag(bytes, Protocol::tcp, parsed);
    if (state <= 12) {
      REQUIRE(parsed.rows.size() == 1);
      CHECK(static_cast<int>(parsed.rows[0].state) == state);
    } else {
      CHECK(parsed.rows.empty());
      CHECK(parsed.malformed == 1);
    }
  }
}

TEST_CASE("sockets netlink: an error reply, short and lying messages are not trusted") {
  SECTION("NLMSG_ERROR carries the errno") {
    std::vector<std::uint8_t> bytes;
    nlmsgerr error{};
    error.error = -ENOENT;
    append_message(bytes, NLMSG_ERROR, &error, sizeof error);
    SockDiagParse parsed;
    parse_sock_diag(bytes, Protocol::udp, parsed);
    CHECK(parsed.done);
    CHECK(parsed.error == ENOENT);
  }
  SECTION("a record shorter than inet_diag_msg") {
    std::vector<std::uint8_t> bytes;
    std::uint8_t half[20] = {AF_INET, 1};
    append_message(bytes, SOCK_DIAG_BY_FAMILY, half, sizeof half);
    SockDiagParse parsed;
    parse_sock_diag(bytes, Protocol::tcp, parsed);
    CHECK(parsed.rows.empty());
    CHECK(parsed.malformed == 1);
  }
  SECTION("a length beyond the buffer stops the parse") {
    std::vector<std::uint8_t> bytes;
    auto record = record_v4("127.0.0.1", 1, "127.0.0.1", 2, 1, 1);
    append_message(bytes, SOCK_DIAG_BY_FAMILY, &record, sizeof record);
    bytes.resize(bytes.size() - 10);
    SockDiagParse parsed;
    parse_sock_diag(bytes, Protocol::tcp, parsed);
    CHECK(parsed.rows.empty());
    CHECK(parsed.malformed == 1);
    CHECK_FALSE(parsed.done);
  }
  SECTION("a family that is neither IPv4 nor IPv6") {
    std::vector<std::uint8_t> bytes;
    auto record = record_v4("127.0.0.1", 1, "127.0.0.1", 2, 1, 1);
    record.idiag_family = AF_UNIX;
    append_message(bytes, SOCK_DIAG_BY_FAMILY, &record, sizeof record);
    SockDiagParse parsed;
    parse_sock_diag(bytes, Protocol::tcp, parsed);
    CHECK(parsed.rows.empty());
  }
}

TEST_CASE("sockets process map: socket links parse, other links do not") {
  std::uint64_t inode = 0;
  auto parse = [&](std::string_view link) {
    return parse_socket_link(link.data(), link.size(), inode);
  };
  CHECK(parse("socket:[12345]"));
  CHECK(inode == 12345);
  CHECK_FALSE(parse("socket:[]"));
  CHECK_FALSE(parse("socket:[12a]"));
  CHECK_FALSE(parse("pipe:[12345]"));
  CHECK_FALSE(parse("/dev/null"));
  CHECK_FALSE(parse("socket:[99999999999999999999999]"));
}
