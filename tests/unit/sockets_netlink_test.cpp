// common/sockets: the NETLINK_SOCK_DIAG request and reply parser, on messages built here.
#include <arpa/inet.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
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
  CHECK(request.idiag_states == sock_diag_states);
  CHECK((request.idiag_states & (1u << 6)) != 0);   // TIME_WAIT
  CHECK((request.idiag_states & (1u << 13)) == 0);  // bound-inactive: not in /proc/net either
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

TEST_CASE("sockets netlink: every state code from 1 to 12 is kept, 13 and up are skipped") {
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
      CHECK(parsed.malformed == 0);
      CHECK(parsed.unknown_states == 1);
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

TEST_CASE("sockets process map: a /proc file that cannot be read is no name, not an exception") {
  // A process that ends between open() and read() makes read() fail (ESRCH); a directory where a
  // file was expected fails the same way (EISDIR) and is easy to set up. An ifstream read through
  // istreambuf_iterator throws out of that read and once ended lab-netstat and lab-check.
  char root_template[] = "/tmp/socketlab-proc-XXXXXX";
  const std::string root = mkdtemp(root_template);
  const std::string process = root + "/4242";
  REQUIRE(mkdir(process.c_str(), 0700) == 0);
  REQUIRE(mkdir((process + "/cmdline").c_str(), 0700) == 0);
  {
    std::string contents;
    CHECK_FALSE(read_proc_file(process + "/cmdline", contents));
    CHECK_FALSE(read_proc_file(process + "/nothing-here", contents));
  }
  std::FILE* comm = std::fopen((process + "/comm").c_str(), "w");
  REQUIRE(comm != nullptr);
  std::fputs("my_server\n", comm);
  std::fclose(comm);
  std::string name;
  REQUIRE_NOTHROW(name = program_name_of(4242, root));
  CHECK(name == "my_server");  // comm, since cmdline could not be read
  std::remove((process + "/comm").c_str());
  rmdir((process + "/cmdline").c_str());
  rmdir(process.c_str());
  rmdir(root.c_str());
}

TEST_CASE("sockets netlink: the one-walk TCP request and its replies") {
  auto bytes = make_tcp_diag_request_both_families(3);
  REQUIRE(bytes.size() == sizeof(nlmsghdr) + sizeof(inet_diag_req));
  nlmsghdr header;
  std::memcpy(&header, bytes.data(), sizeof header);
  CHECK(header.nlmsg_type == TCPDIAG_GETSOCK);
  CHECK(header.nlmsg_flags == (NLM_F_REQUEST | NLM_F_DUMP));
  // The kernel answers with messages of the request's type.
  std::vector<std::uint8_t> reply;
  auto record = record_v4("127.0.0.1", 7000, "127.0.0.1", 40000, 1, 9);
  append_message(reply, TCPDIAG_GETSOCK, &record, sizeof record);
  SockDiagParse parsed;
  parse_sock_diag(reply, Protocol::tcp, parsed);
  REQUIRE(parsed.rows.size() == 1);
  CHECK(parsed.rows[0].remote.to_string() == "127.0.0.1:40000");
}
