// lab-multi-port as a real process: one PID on many ports, answers naming the port, ports taken
// by others reported and skipped, connections listed by local port with their 4-tuples.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <set>

#include <catch2/catch.hpp>

#include "json_output.hpp"
#include "loopback_client.hpp"
#include "process.hpp"
#include "sockets/socket_table.hpp"

using namespace labtest;

namespace {

// Distinct free ports (bind to 0 on each protocol, then let go).
std::vector<std::uint16_t> free_ports(std::size_t count) {
  std::vector<std::uint16_t> ports;
  while (ports.size() < count) {
    auto port = free_port_tcp();
    if (std::find(ports.begin(), ports.end(), port) == ports.end()) ports.push_back(port);
  }
  return ports;
}

std::string join(const std::vector<std::uint16_t>& ports) {
  std::string text;
  for (auto port : ports)
    text += (text.empty() ? "" : ",") + std::to_string(port);
  return text;
}

}  // namespace

TEST_CASE("lab-multi-port answers on each port with its PID and that port, then echoes") {
  auto tcp = free_ports(3);
  auto udp = free_port_udp();
  Process server({bin("lab-multi-port"), "--tcp", join(tcp), "--udp", std::to_string(udp)});
  REQUIRE(server.wait_for_out("holds 4 of 4 ports"));
  const auto pid = std::to_string(server.pid());
  for (auto port : tcp) {
    LoopbackClient client(port);
    CHECK(client.read_line() == "PID " + pid + ", port " + std::to_string(port) + "/tcp\n");
    REQUIRE(write(client.fd, "echo me\n", 8) == 8);
    CHECK(client.read_line() == "echo me\n");
  }
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  timeval tv{5, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  auto address = loopback(udp);
  sendto(fd, "ping", 4, 0, reinterpret_cast<sockaddr*>(&address), sizeof address);
  char buffer[128];
  ssize_t got = recv(fd, buffer, sizeof buffer, 0);  // one answer: the line, then the datagram
  CHECK(std::string(buffer, got > 0 ? got : 0) ==
        "PID " + pid + ", port " + std::to_string(udp) + "/udp\nping");
  close(fd);
  server.signal(SIGINT);
  CHECK(server.wait() == 0);
  CHECK(server.out().find("stopped: 4 ports, 3 connections, 0 refused, 1 datagram") !=
        std::string::npos);
}

TEST_CASE(
    "lab-tcp-client --step against lab-multi-port: the greeting, the whole echo, no stray bytes") {
  // Worksheet 5, step 3: the server greets before it echoes. The step client must show what it
  // really read (the greeting line, then all 26 bytes of the echo) and say the truth about its
  // receive queue at the pause, not one echoed letter after the greeting.
  auto tcp = free_ports(1);
  Process server({bin("lab-multi-port"), "--tcp", join(tcp)});
  REQUIRE(server.wait_for_out("holds 1 of 1 ports"));
  auto client =
      run({bin("lab-tcp-client"), "--port", std::to_string(tcp[0]), "--step"}, "\n\n\n\n");
  CHECK(client.exit_code == 0);
  const std::string greeting =
      "PID " + std::to_string(server.pid()) + ", port " + std::to_string(tcp[0]) + "/tcp";
  INFO(client.out);
  CHECK(client.out.find("[2/4] sent 26 bytes; read " + std::to_string(greeting.size() + 1 + 26) +
                        " back: the server's own line first (" + greeting +
                        "), then our 26 bytes echoed\n") != std::string::npos);
  CHECK(count_lines_with(client.out, "nothing is waiting in the queues") == 1);
  for (const auto& line : lines(client.out))
    CHECK(line != "h");
  server.signal(SIGINT);
  CHECK(server.wait() == 0);
}

TEST_CASE("lab-multi-port: a port already taken is reported with its holder, the rest served") {
  Process holder({bin("lab-port-conflict"), "hold", "--port", "0"});
  const std::string taken = std::to_string(started_port(holder));
  auto free = free_ports(1).front();
  Process server({bin("lab-multi-port"), "--tcp", taken + "," + std::to_string(free)});
  REQUIRE(server.wait_for_out("holds 1 of 2 ports"));
  CHECK(server.wait_for_err("port " + taken + "/tcp on 127.0.0.1 is already in use by PID " +
                            std::to_string(holder.pid()) + " (lab-port-conflict) — skipped"));
  CHECK(server.err().starts_with("lab-multi-port: warning: "));
  LoopbackClient client(free);
  CHECK(client.read_line().find("port " + std::to_string(free) + "/tcp") != std::string::npos);
}

TEST_CASE("lab-multi-port: no port could be taken → one error line, exit 1") {
  Process holder({bin("lab-port-conflict"), "hold", "--port", "0"});
  auto result = run({bin("lab-multi-port"), "--tcp", std::to_string(started_port(holder))});
  CHECK(result.exit_code == 1);
  CHECK(result.err.find("lab-multi-port: error: could not take any of the 1 ports") !=
        std::string::npos);
}

TEST_CASE("lab-multi-port: every socket it holds carries its one PID in the socket table") {
  auto tcp = free_ports(2);
  Process server({bin("lab-multi-port"), "--tcp", join(tcp), "--udp", std::to_string(tcp[0])});
  REQUIRE(server.wait_for_out("holds 3 of 3 ports"));
  LoopbackClient first(tcp[0]), second(tcp[0]), third(tcp[1]);
  first.read_line();
  second.read_line();
  third.read_line();
  std::vector<lab::sockets::SocketRow> rows;
  // Three listeners/UDP rows plus three ESTABLISHED rows on the server side.
  REQUIRE(eventually([&] {
    rows = lab::sockets::sockets_of_pid(server.pid());
    return rows.size() == 6;
  }));
  std::size_t established_on_first = 0;
  for (const auto& row : rows) {
    CHECK(row.pid == server.pid());
    CHECK(row.program == "lab-multi-port");
    if (row.state == lab::sockets::TcpState::established && row.local.port == tcp[0])
      ++established_on_first;
  }
  CHECK(established_on_first == 2);  // two connections share one server port
}

TEST_CASE("lab-multi-port lists connections grouped by local port, each by its 4-tuple") {
  auto tcp = free_ports(2);
  Process server({bin("lab-multi-port"), "--tcp", join(tcp)});
  REQUIRE(server.wait_for_out("holds 2 of 2 ports"));
  LoopbackClient a(tcp[0]), b(tcp[0]), c(tcp[1]);
  for (LoopbackClient* client : {&a, &b, &c})
    client->read_line();
  REQUIRE(server.wait_for_out("(1 open on port " + std::to_string(tcp[1]) + ")"));
  server.signal(SIGUSR1);
  REQUIRE(server.wait_for_out("3 open connections"));
  const auto here = [](std::uint16_t port) { return "127.0.0.1:" + std::to_string(port); };
  REQUIRE(server.wait_for_out(here(tcp[1]) + " ⇄ " + here(c.local_port()) + "  ESTABLISHED"));
  const auto out = server.out();
  const auto listing = out.substr(out.find("3 open connections"));
  const auto heading = [&](std::uint16_t port, int count) -> std::ptrdiff_t {
    std::smatch match;
    std::regex pattern("TCP " + here(port) + " +LISTENING · " + std::to_string(count) +
                       " connections");
    return std::regex_search(listing, match, pattern) ? match.position(0) : -1;
  };
  const auto group_a = heading(tcp[0], 2);
  const auto group_b = heading(tcp[1], 1);
  REQUIRE(group_a >= 0);
  REQUIRE(group_b >= 0);
  // Both 4-tuples on the first port sit under its heading, before the second port's.
  for (LoopbackClient* client : {&a, &b}) {
    auto row = static_cast<std::ptrdiff_t>(
        listing.find(here(tcp[0]) + " ⇄ " + here(client->local_port())));
    CHECK(row > group_a);
    CHECK(row < group_b);
  }

  // Enter lists too; --json gives the same as data.
  Process json({bin("lab-multi-port"), "--tcp", std::to_string(free_ports(1)[0]), "--json"});
  REQUIRE(json.wait_for_out(R"("event":"holding")"));
  json.write("\n");
  CHECK(json.wait_for_out(R"("event":"connections","pid":)" + std::to_string(json.pid())));
}

TEST_CASE("lab-multi-port: Enter still lists after a line longer than it holds (4 KiB)") {
  Process multi({bin("lab-multi-port"), "--tcp", std::to_string(free_ports(1)[0])});
  REQUIRE(multi.wait_for_out("to list the connections"));
  const auto listings = [&] { return count_lines_with(multi.out(), " open connections"); };
  multi.write("\n");
  REQUIRE(eventually([&] { return listings() == 1; }));
  multi.write(std::string(10'000, 'a') + "\n");  // one line: one listing, its bytes dropped
  CHECK(eventually([&] { return listings() == 2; }));
  multi.write("\n");  // and reading goes on
  CHECK(eventually([&] { return listings() == 3; }));
  multi.signal(SIGINT);
  CHECK(multi.wait(10s) == 0);
}

TEST_CASE("lab-multi-port: beyond --max-connections a client is told so and closed") {
  auto port = free_ports(1).front();
  Process server({bin("lab-multi-port"), "--tcp", std::to_string(port), "--max-connections", "1"});
  REQUIRE(server.wait_for_out("holds 1 of 1 ports"));
  LoopbackClient first(port);
  CHECK(first.read_line().starts_with("PID "));
  LoopbackClient second(port);
  CHECK(second.read_line() == "[server full] 1 connection at once; try again later\n");
  char c;
  CHECK(read(second.fd, &c, 1) == 0);  // then closed
}

TEST_CASE("lab-multi-port: bad lists, too many ports, port 0, unknown host → one line, exit 2") {
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"--tcp", "7001,7001"},
           {"--tcp", "7001-7005,7003"},
           {"--tcp", "7007-7005"},
           {"--tcp", "0"},
           {"--udp", "7001,0"},
           {"--tcp", "1-65535"},
           {"--tcp", "7001-7065"},
           {"--tcp", "7001,,7002"},
           {"--tcp", "http"},
           {"--tcp", "7001", "--bind", "no-such-host.invalid"},
           {"--tcp", "7001", "--max-connections", "0"},
           {},
       }) {
    std::vector<std::string> argv{bin("lab-multi-port")};
    argv.insert(argv.end(), args.begin(), args.end());
    INFO((args.empty() ? std::string("(none)") : args.back()));
    auto result = run(argv);
    CHECK(result.exit_code == 2);
    CHECK(result.err.starts_with("lab-multi-port: error: "));
    CHECK(count_lines_with(result.err, "") == 1);
  }
  auto many = run({bin("lab-multi-port"), "--tcp", "7001-7065"});
  CHECK(many.err.find("65 ports is too many for one list (at most 64)") != std::string::npos);
}

TEST_CASE("lab-multi-port --echo-only: lab-tcp-client's connections share one server port") {
  auto port = free_ports(1).front();
  Process server({bin("lab-multi-port"), "--tcp", std::to_string(port), "--echo-only"});
  REQUIRE(server.wait_for_out("holds 1 of 1 ports"));
  Process load({bin("lab-tcp-client"), "--port", std::to_string(port), "--connections", "10",
                "--duration", "2"});
  REQUIRE(server.wait_for_out("(10 open on port " + std::to_string(port) + ")"));
  server.signal(SIGUSR1);
  REQUIRE(server.wait_for_out("10 open connections"));
  CHECK(load.wait(20s) == 0);
  // Ten different 4-tuples, one local port: the remote port tells them apart.
  std::set<std::string> remotes;
  std::regex row("127\\.0\\.0\\.1:" + std::to_string(port) +
                 R"( ⇄ 127\.0\.0\.1:(\d+)  ESTABLISHED)");
  const auto out = server.out();
  for (auto it = std::sregex_iterator(out.begin(), out.end(), row); it != std::sregex_iterator();
       ++it)
    remotes.insert((*it)[1]);
  CHECK(remotes.size() == 10);
}

TEST_CASE("lab-multi-port: lab-netstat --json shows its one PID on every row of its ports") {
  auto tcp = free_ports(2);
  Process server({bin("lab-multi-port"), "--tcp", join(tcp), "--udp", std::to_string(tcp[1])});
  REQUIRE(server.wait_for_out("holds 3 of 3 ports"));
  LoopbackClient a(tcp[0]), b(tcp[0]);
  a.read_line();
  b.read_line();
  REQUIRE(server.wait_for_out("(2 open on port " + std::to_string(tcp[0]) + ")"));
  auto netstat = run({bin("lab-netstat"), "-ano", "--json"});
  REQUIRE(netstat.exit_code == 0);
  // Every row whose local port is one of ours (the clients' ends have other local ports).
  const auto document = json_document(netstat.out);
  REQUIRE(document.contains("rows"));
  std::size_t ours = 0;
  for (const auto& row : document["rows"]) {
    const auto local_port = lab::json::number_field(row, "local_port");
    if (std::find(tcp.begin(), tcp.end(), local_port) == tcp.end()) continue;
    INFO(row.dump());
    CHECK(lab::json::number_field(row, "pid") == server.pid());
    ++ours;
  }
  CHECK(ours == 5);  // 2 LISTEN + 1 UDP + 2 ESTABLISHED on the first port
}

TEST_CASE("lab-multi-port --lang ko: start-up, accept, listing and summary in Korean") {
  auto port = free_ports(1).front();
  Process server({bin("lab-multi-port"), "--tcp", std::to_string(port), "--lang", "ko"});
  REQUIRE(server.wait_for_out("잡았습니다"));
  {
    LoopbackClient client(port);
    client.read_line();
    REQUIRE(server.wait_for_out("연결 수락 127.0.0.1:" + std::to_string(port)));
    server.signal(SIGUSR1);
    REQUIRE(server.wait_for_out("열린 연결 1개"));
  }
  REQUIRE(server.wait_for_out("연결 종료"));
  server.signal(SIGINT);
  CHECK(server.wait() == 0);
  CHECK(server.out().find("종료: 포트 1개, 연결 1개") != std::string::npos);
  CHECK(server.err().empty());
}
