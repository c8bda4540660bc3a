// lab-tcp-server and lab-tcp-client as real processes over loopback.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "process.hpp"

using namespace labtest;

namespace {

// A lab-tcp-server on a free port; the port comes from its start-up line.
struct EchoServer {
  explicit EchoServer(std::vector<std::string> extra = {}) : process(args(std::move(extra))) {
    port = started_port(process);
  }
  static std::vector<std::string> args(std::vector<std::string> extra) {
    std::vector<std::string> out{bin("lab-tcp-server"), "--port", "0"};
    out.insert(out.end(), extra.begin(), extra.end());
    return out;
  }
  std::string port_text() const { return std::to_string(port); }
  Process process;
  std::uint16_t port = 0;
};

// A plain client socket in the test process, for what the lab client never does on purpose.
int connect_to(std::uint16_t port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  return fd;
}

std::uint16_t local_port_of(int fd) {
  sockaddr_in address{};
  socklen_t length = sizeof address;
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  return ntohs(address.sin_port);
}

bool read_exactly(int fd, std::string& out, std::size_t size) {
  out.resize(size);
  std::size_t got = 0;
  while (got < size) {
    ssize_t n = read(fd, out.data() + got, size - got);
    if (n <= 0) return false;
    got += static_cast<std::size_t>(n);
  }
  return true;
}

void set_receive_timeout(int fd, int seconds) {
  timeval tv{seconds, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
}

}  // namespace

TEST_CASE("lab-tcp-server: echoes text typed into lab-tcp-client") {
  EchoServer server;
  auto client = run({bin("lab-tcp-client"), "--port", server.port_text()}, "hello\nsecond line\n");
  CHECK(client.exit_code == 0);
  CHECK(client.out.find("): hello") != std::string::npos);
  CHECK(client.out.find("): second line") != std::string::npos);
  CHECK(client.out.find("2 lines echoed") != std::string::npos);
  // The client's start-up line names its PID and both ends, as lab-netstat will show them.
  CHECK(
      std::regex_search(client.out, std::regex(R"(PID \d+ · TCP 127\.0\.0\.1:\d+ → 127\.0\.0\.1:)" +
                                               server.port_text() + " ESTABLISHED")));
  // The server logged the accept and the close with the 4-tuple, and who closed first.
  CHECK(server.process.wait_for_out("client closed first"));
  CHECK(server.process.out().find("accept #1 127.0.0.1:" + server.port_text() + " ← 127.0.0.1:") !=
        std::string::npos);
}

TEST_CASE("lab-tcp-server: binary-safe, all 256 byte values come back unchanged") {
  EchoServer server;
  int fd = connect_to(server.port);
  set_receive_timeout(fd, 5);
  std::string all;
  for (int round = 0; round < 4; ++round)
    for (int value = 0; value < 256; ++value)
      all.push_back(static_cast<char>(value));
  REQUIRE(write(fd, all.data(), all.size()) == static_cast<ssize_t>(all.size()));
  std::string echo;
  REQUIRE(read_exactly(fd, echo, all.size()));
  CHECK(echo == all);
  close(fd);
}

TEST_CASE("lab-tcp-client: --count verifies every byte and counts reads") {
  EchoServer server;
  auto client = run({bin("lab-tcp-client"), "--port", server.port_text(), "--count", "200",
                     "--size", "1000", "--json"});
  REQUIRE(client.exit_code == 0);
  CHECK(client.out.find(R"("messages":200)") != std::string::npos);
  CHECK(client.out.find(R"("bytes_received":200000)") != std::string::npos);
  CHECK(client.out.find(R"("verified":true)") != std::string::npos);
}

TEST_CASE("lab-tcp-server: a slow reader gets several sends in one read (no boundaries)") {
  EchoServer server({"--read-delay", "300"});
  auto client =
      run({bin("lab-tcp-client"), "--port", server.port_text(), "--count", "5", "--size", "10"});
  REQUIRE(client.exit_code == 0);
  CHECK(client.out.find("sent 5 messages of 10 bytes") != std::string::npos);
  // Five sends arrived while the server slept: one read took all 50 bytes.
  REQUIRE(server.process.wait_for_out("client closed first"));
  CHECK(server.process.out().find("50 bytes in 1 read") != std::string::npos);
}

TEST_CASE("lab-tcp-client: a closed port is refused in one line, exit 1") {
  const auto port = free_port_tcp();  // nobody listens here
  auto client = run({bin("lab-tcp-client"), "--port", std::to_string(port), "--count", "1"});
  CHECK(client.exit_code == 1);
  CHECK(client.err.find("refused") != std::string::npos);
  CHECK(count_lines_with(client.err, "") == 1);
}

TEST_CASE("lab-tcp-server and lab-tcp-client: bad arguments exit 2 with one line") {
  for (const auto& args : std::vector<std::vector<std::string>>{
           {bin("lab-tcp-server"), "--port", "70000"},
           {bin("lab-tcp-server"), "--port", "abc"},
           {bin("lab-tcp-server"), "--bind", "no-such-host.invalid"},
           {bin("lab-tcp-server"), "--read-size", "0"},
           {bin("lab-tcp-server"), "--no-close", "--reset"},
           {bin("lab-tcp-client"), "--port", "70000"},
           {bin("lab-tcp-client"), "--port", "0"},
           {bin("lab-tcp-client"), "--to", "no-such-host.invalid:7000"},
           {bin("lab-tcp-client"), "--to", "127.0.0.1"},
           {bin("lab-tcp-client"), "--count", "-3"},
           {bin("lab-tcp-client"), "--size", "1.5k", "--count", "1"},
       }) {
    INFO(args[1] << " " << args[2]);
    auto result = run(args);
    CHECK(result.exit_code == 2);
    CHECK(count_lines_with(result.err, "") == 1);
    CHECK(result.err.find(": error: ") != std::string::npos);
  }
}

TEST_CASE("lab-tcp-server: a port already in use names the process that holds it") {
  EchoServer first;
  auto second = run({bin("lab-tcp-server"), "--port", first.port_text()});
  CHECK(second.exit_code == 1);
  CHECK(second.err.find(
            "port " + first.port_text() + "/tcp on 127.0.0.1 is already in use by PID " +
            std::to_string(first.process.pid()) + " (lab-tcp-server)") != std::string::npos);
}

TEST_CASE("lab-tcp-server: a client that sends without reading cannot grow its memory") {
  EchoServer server({"--quiet"});
  // Let the server settle, then note its resident memory.
  std::this_thread::sleep_for(200ms);
  const long before = server.process.rss_kib().value_or(0);
  int fd = connect_to(server.port);
  fcntl(fd, F_SETFL, O_NONBLOCK);
  std::vector<char> chunk(64 * 1024, 'x');
  std::size_t sent = 0;
  const std::size_t goal = 64u << 20;  // 64 MiB offered, never read back
  auto deadline = std::chrono::steady_clock::now() + 4s;
  while (sent < goal && std::chrono::steady_clock::now() < deadline) {
    ssize_t n = write(fd, chunk.data(), chunk.size());
    if (n > 0)
      sent += static_cast<std::size_t>(n);
    else
      std::this_thread::sleep_for(5ms);  // the window is full: that is the back-pressure
  }
  const long after = server.process.rss_kib().value_or(0);
  INFO("accepted by the kernel: " << sent << " bytes; server RSS " << before << " -> " << after
                                  << " KiB");
  CHECK(sent < goal);                // TCP stopped us: nobody buffered 64 MiB for us
  CHECK(after - before < 8 * 1024);  // the server kept to its one 64 KiB buffer (plus slack)
  close(fd);
  // And it still serves others.
  auto client = run({bin("lab-tcp-client"), "--port", server.port_text(), "--count", "3"});
  CHECK(client.exit_code == 0);
}

TEST_CASE("lab-tcp-server: 200 clients that vanish with RST leave it serving") {
  EchoServer server({"--quiet"});
  std::vector<int> fds;
  for (int i = 0; i < 200; ++i) {
    int fd = connect_to(server.port);
    if (i % 2 == 0) REQUIRE(write(fd, "half a mess", 11) == 11);  // some vanish mid-message
    fds.push_back(fd);
  }
  for (int fd : fds) {
    linger hard{1, 0};
    setsockopt(fd, SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
    close(fd);  // RST
  }
  auto client = run({bin("lab-tcp-client"), "--port", server.port_text(), "--count", "10"});
  CHECK(client.exit_code == 0);
  CHECK(server.process.running());
}

TEST_CASE("lab-tcp-server --no-close: CLOSE_WAIT here, FIN_WAIT_2 at the client") {
  EchoServer server({"--no-close"});
  int fd = connect_to(server.port);
  const auto client_port = local_port_of(fd);
  shutdown(fd, SHUT_WR);  // the client's FIN; the socket stays open so FIN_WAIT_2 is held
  CHECK(eventually([&] { return kernel_has_tcp_row(server.port, client_port, 8); }));  // CLOSE_WAIT
  CHECK(eventually([&] { return kernel_has_tcp_row(client_port, server.port, 5); }));  // FIN_WAIT2
  CHECK(server.process.wait_for_out("not closing back"));
  close(fd);
}

TEST_CASE("lab-tcp-server --half-close: FIN after the first echo, still reading") {
  EchoServer server({"--half-close"});
  int fd = connect_to(server.port);
  set_receive_timeout(fd, 5);
  const auto client_port = local_port_of(fd);
  REQUIRE(write(fd, "ping", 4) == 4);
  std::string echo;
  REQUIRE(read_exactly(fd, echo, 4));
  CHECK(echo == "ping");
  char byte;
  CHECK(read(fd, &byte, 1) == 0);  // EOF: the server's FIN
  CHECK(eventually([&] { return kernel_has_tcp_row(server.port, client_port, 5); }));  // FIN_WAIT2
  CHECK(eventually([&] { return kernel_has_tcp_row(client_port, server.port, 8); }));  // CLOSE_WAIT
  REQUIRE(write(fd, "more", 4) == 4);  // the server still reads
  close(fd);
  CHECK(server.process.wait_for_out("server half-closed first"));
  CHECK(server.process.out().find("8 bytes in 2 reads") != std::string::npos);
}

TEST_CASE("lab-tcp-server --reset: RST after the first echo, and no TIME_WAIT anywhere") {
  EchoServer server({"--reset"});
  int fd = connect_to(server.port);
  set_receive_timeout(fd, 5);
  const auto client_port = local_port_of(fd);
  REQUIRE(write(fd, "ping", 4) == 4);
  std::string echo;
  REQUIRE(read_exactly(fd, echo, 4));
  char byte;
  errno = 0;
  CHECK(read(fd, &byte, 1) < 0);
  CHECK(errno == ECONNRESET);
  close(fd);
  CHECK_FALSE(kernel_has_tcp_row(client_port, server.port, 6));
  CHECK_FALSE(kernel_has_tcp_row(server.port, client_port, 6));
  CHECK(server.process.wait_for_out("server reset the connection"));
}

TEST_CASE("lab-tcp-server --max-clients: the one too many is told so politely") {
  EchoServer server({"--max-clients", "1"});
  int first = connect_to(server.port);
  REQUIRE(server.process.wait_for_out("accept #1"));
  int second = connect_to(server.port);
  set_receive_timeout(second, 5);
  std::string reply(100, '\0');
  ssize_t n = read(second, reply.data(), reply.size());
  REQUIRE(n > 0);
  reply.resize(static_cast<std::size_t>(n));
  CHECK(reply == "[server full] 1 client at once; try again later\n");
  close(second);
  close(first);
}

TEST_CASE("lab-tcp-server --idle-timeout: a silent client is closed by the server") {
  EchoServer server({"--idle-timeout", "1"});
  int fd = connect_to(server.port);
  set_receive_timeout(fd, 5);
  char byte;
  CHECK(read(fd, &byte, 1) == 0);  // the server's FIN arrives after about a second
  CHECK(server.process.wait_for_out("idle timeout"));
  close(fd);
}

TEST_CASE("lab-tcp-server: Ctrl-C exits 0 with a one-line summary") {
  EchoServer server;
  auto client =
      run({bin("lab-tcp-client"), "--port", server.port_text(), "--count", "4", "--size", "25"});
  REQUIRE(client.exit_code == 0);
  REQUIRE(server.process.wait_for_out("client closed first"));
  server.process.signal(SIGINT);
  CHECK(server.process.wait(5s) == 0);
  CHECK(server.process.out().find("stopped · 1 client served, 0 refused, 100 bytes echoed") !=
        std::string::npos);
}

TEST_CASE("lab-tcp-server --json: events as JSON Lines") {
  EchoServer server({"--json"});
  auto client = run({bin("lab-tcp-client"), "--port", server.port_text(), "--count", "1"});
  REQUIRE(client.exit_code == 0);
  REQUIRE(server.process.wait_for_out(R"("event":"close")"));
  server.process.signal(SIGTERM);
  CHECK(server.process.wait(5s) == 0);
  auto out = server.process.out();
  CHECK(out.find(R"({"event":"listening","pid":)" + std::to_string(server.process.pid())) !=
        std::string::npos);
  CHECK(out.find(R"("closed_by":"client")") != std::string::npos);
  CHECK(out.find(R"({"event":"summary","clients_served":1)") != std::string::npos);
}

TEST_CASE("lab-tcp-client --step: narrates each state the kernel reports") {
  SECTION("a normal server closes back: TIME_WAIT on our side") {
    EchoServer server;
    auto client = run({bin("lab-tcp-client"), "--port", server.port_text(), "--step"}, "\n\n\n\n");
    CHECK(client.exit_code == 0);
    CHECK(client.out.find("[1/4]") != std::string::npos);
    CHECK(client.out.find("[4/4]") != std::string::npos);
    CHECK(client.out.find("lab-netstat -ano --port " + server.port_text()) != std::string::npos);
    CHECK(count_lines_with(client.out, "this socket is: ESTABLISHED") == 2);
    CHECK(count_lines_with(client.out, "this socket is: TIME_WAIT") == 2);
  }
  SECTION("a --no-close server: FIN_WAIT_2 on our side after the half-close") {
    EchoServer server({"--no-close"});
    auto client = run({bin("lab-tcp-client"), "--port", server.port_text(), "--step"}, "\n\n\n\n");
    CHECK(client.exit_code == 0);
    CHECK(count_lines_with(client.out, "this socket is: FIN_WAIT_2") == 2);
  }
}

TEST_CASE("lab-tcp-client: load mode reports round trips and percentiles") {
  EchoServer server({"--quiet"});
  auto client = run({bin("lab-tcp-client"), "--port", server.port_text(), "--connections", "8",
                     "--duration", "1", "--json"});
  REQUIRE(client.exit_code == 0);
  std::smatch match;
  REQUIRE(std::regex_search(client.out, match, std::regex(R"("round_trips":(\d+))")));
  CHECK(std::stoull(match[1]) > 100);
  CHECK(client.out.find(R"("errors":0)") != std::string::npos);
  CHECK(client.out.find(R"("p99_us":)") != std::string::npos);
}

TEST_CASE("lab-tcp-client: a server that resets mid-stream ends the client with one line") {
  EchoServer server({"--reset"});
  auto client = run({bin("lab-tcp-client"), "--port", server.port_text(), "--count", "50", "--size",
                     "1000", "--interval", "5"});
  CHECK(client.exit_code == 1);
  CHECK(count_lines_with(client.err, "") == 1);
  CHECK((client.err.find("reset") != std::string::npos ||
         client.err.find("closed the connection") != std::string::npos));
}

TEST_CASE("lab-tcp-client: Ctrl-C while it waits for the keyboard closes with a summary") {
  EchoServer server;
  SECTION("interactive") {
    Process client({bin("lab-tcp-client"), "--port", server.port_text()});
    REQUIRE(client.wait_for_out("ESTABLISHED"));
    client.write("one line\n");
    REQUIRE(client.wait_for_out("): one line"));
    client.signal(SIGINT);
    CHECK(client.wait(5s) == 0);
    CHECK(client.out().find("interrupted (Ctrl-C): 1 line echoed; closing.") != std::string::npos);
  }
  SECTION("step mode") {
    Process client({bin("lab-tcp-client"), "--port", server.port_text(), "--step"});
    REQUIRE(client.wait_for_out("[Enter]"));
    client.signal(SIGINT);
    CHECK(client.wait(5s) == 0);
    CHECK(client.out().find("interrupted (Ctrl-C) at step 1/4") != std::string::npos);
  }
  // The server saw an ordinary close from the client, not a crash.
  CHECK(server.process.wait_for_out("client closed first"));
}

TEST_CASE("lab-tcp-client: a server that greets first is shown whole, and the client ends") {
  // lab-multi-port says "PID N, port P/tcp" before it echoes: a reply longer than the line sent.
  const auto port = free_port_tcp();
  Process server({bin("lab-multi-port"), "--tcp", std::to_string(port)});
  REQUIRE(server.wait_for_out(std::to_string(port)));
  auto client = run({bin("lab-tcp-client"), "--port", std::to_string(port)},
                    "a line longer than the greeting of the server, to be sure\n", 15s);
  CHECK(client.exit_code == 0);
  CHECK(client.out.find("port " + std::to_string(port) + "/tcp") != std::string::npos);
  CHECK(client.out.find("a line longer than the greeting") != std::string::npos);
}
