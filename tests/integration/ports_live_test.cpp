// lab-ports --live: who holds a port right now, checked against sockets whose owner we know.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <csignal>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <catch2/catch.hpp>

#include "process.hpp"

using namespace labtest;

namespace {

// A socket of this test process on 127.0.0.1, any free port; closed on destruction.
struct OwnSocket {
  explicit OwnSocket(int type) {
    fd = socket(AF_INET, type, 0);
    REQUIRE(fd >= 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    if (type == SOCK_STREAM) REQUIRE(listen(fd, 4) == 0);
    socklen_t length = sizeof address;
    getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    port = ntohs(address.sin_port);
  }
  ~OwnSocket() { close(fd); }
  int fd = -1;
  std::uint16_t port = 0;
};

bool contains(const std::string& text, const std::string& needle) {
  return text.find(needle) != std::string::npos;
}

}  // namespace

TEST_CASE("lab-ports: --live finds this test's own TCP listener and UDP socket by PID") {
  OwnSocket tcp(SOCK_STREAM);
  auto result = run({bin("lab-ports"), "--live", std::to_string(tcp.port), "--json"});
  CHECK(result.exit_code == 0);
  CHECK(contains(
      result.out,
      fmt::format(
          R"({{"port":{},"protocol":"TCP","holders":[{{"local":"127.0.0.1:{}","state":"LISTEN","pid":{},)",
          tcp.port, tcp.port, getpid())));
  CHECK(contains(result.out,
                 fmt::format(R"({{"port":{},"protocol":"UDP","holders":[]}})", tcp.port)));

  OwnSocket udp(SOCK_DGRAM);
  auto udp_result = run({bin("lab-ports"), "--live", std::to_string(udp.port)});
  CHECK(udp_result.exit_code == 0);
  CHECK(std::regex_search(
      udp_result.out,
      std::regex(fmt::format(R"(\n  UDP\s+127\.0\.0\.1:{}\s+{}\s)", udp.port, getpid()))));
}

TEST_CASE("lab-ports: --live finds a real lab-tcp-server with its PID") {
  Process server({bin("lab-tcp-server"), "--port", "0"});
  const std::string port = std::to_string(started_port(server));

  auto result = run({bin("lab-ports"), "--live", port});
  CHECK(result.exit_code == 0);
  CHECK(std::regex_search(
      result.out,
      std::regex(fmt::format(R"(\n  TCP\s+127\.0\.0\.1:{}\s+LISTENING\s+{}\s+lab-tcp-server\n)",
                             port, server.pid()))));
  CHECK(contains(result.out, "Free right now: UDP " + port));

  auto json = run({bin("lab-ports"), "--live", port, "--json"});
  CHECK(contains(json.out, fmt::format(R"("state":"LISTEN","pid":{},"program":"lab-tcp-server")",
                                       server.pid())));

  // Once the server is gone, nobody holds the port.
  server.signal(SIGTERM);
  REQUIRE(server.wait());
  auto after = run({bin("lab-ports"), "--live", port});
  CHECK(after.out == fmt::format("Nobody holds TCP {}, UDP {} right now.\n", port, port));
}

TEST_CASE("lab-ports: --live by name checks every port of the service") {
  auto result = run({bin("lab-ports"), "--live", "dhcp", "--json"});
  CHECK(result.exit_code == 0);
  CHECK(contains(result.out, R"({"port":67,"protocol":"TCP")"));
  CHECK(contains(result.out, R"({"port":68,"protocol":"UDP")"));

  auto unknown = run({bin("lab-ports"), "--live", "htp"});
  CHECK(unknown.exit_code == 1);
  CHECK(unknown.err.starts_with("lab-ports: error: no service named 'htp' (did you mean: http"));
}
