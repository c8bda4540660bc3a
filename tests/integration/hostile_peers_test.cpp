// What hostile peers and clumsy starts did to the servers and clients (issue 16): each test
// here failed before its fix. Real processes over loopback, free ports only, every wait bounded.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "loopback_client.hpp"
#include "process.hpp"

using namespace labtest;

namespace {

std::uint16_t tcp_server_port(Process& server) {
  return started_port(server);
}

}  // namespace

TEST_CASE("lab-tcp-server: idle clients cost kilobytes, not --read-size each") {
  Process server({bin("lab-tcp-server"), "--port", "0", "--read-size", "16M", "--max-clients",
                  "200", "--quiet"});
  const auto port = tcp_server_port(server);
  const long before = server.rss_kib().value_or(0);
  std::vector<std::unique_ptr<LoopbackClient>> clients;
  for (int i = 0; i < 30; ++i) {
    clients.push_back(std::make_unique<LoopbackClient>(port));
    REQUIRE(write(clients.back()->fd, "x", 1) == 1);
    char echo = 0;
    REQUIRE(read(clients.back()->fd, &echo, 1) == 1);  // the server has read (and echoed) it
  }
  const long after = server.peak_rss_kib().value_or(0);
  INFO("RSS before " << before << " KiB, peak after 30 idle clients " << after << " KiB");
  // 30 × 16 MiB would be 480 MiB; the whole read budget is 64 MiB.
  CHECK(after - before < 32 * 1024);
}

TEST_CASE(
    "lab-tcp-server and lab-multi-port: a client that resets at once is logged with its "
    "address") {
  const auto multi_port = free_port_tcp();
  Process tcp_server({bin("lab-tcp-server"), "--port", "0"});
  Process multi({bin("lab-multi-port"), "--tcp", std::to_string(multi_port), "--echo-only"});
  const auto tcp_port = tcp_server_port(tcp_server);
  REQUIRE(multi.wait_for_out("holds 1 of 1 ports"));
  for (auto* server : {&tcp_server, &multi}) {
    const auto port = server == &tcp_server ? tcp_port : multi_port;
    // Stopped, the server cannot accept: every client connects (the kernel queues it), then
    // resets before accept() returns it. Deterministic, unlike a race on a busy machine.
    server->signal(SIGSTOP);
    std::vector<std::uint16_t> client_ports;
    for (int i = 0; i < 10; ++i) {
      LoopbackClient client(port);
      client_ports.push_back(client.local_port());
      client.reset();
    }
    server->signal(SIGCONT);
    for (auto client_port : client_ports) {
      INFO("client port " << client_port);
      CHECK(server->wait_for_out("127.0.0.1:" + std::to_string(client_port)));
    }
    CHECK(server->out().find("0.0.0.0:0") == std::string::npos);
  }
}

TEST_CASE("lab-tcp-client: a full server is reported as full, exit 1") {
  Process server({bin("lab-tcp-server"), "--port", "0", "--max-clients", "1"});
  const auto port = std::to_string(tcp_server_port(server));
  LoopbackClient holder(std::stoi(port));
  REQUIRE(server.wait_for_out("accept #1"));
  for (const auto& mode : std::vector<std::vector<std::string>>{
           {"--count", "2"}, {"--connections", "2", "--duration", "1"}, {"--step"}, {}}) {
    std::vector<std::string> args{bin("lab-tcp-client"), "--port", port};
    args.insert(args.end(), mode.begin(), mode.end());
    auto client = run(args, "hello\n");
    INFO(args.back() << "\n" << client.out << client.err);
    CHECK(client.exit_code == 1);
    CHECK(client.err.find("full") != std::string::npos);
    CHECK(client.err.find("differs") == std::string::npos);
    CHECK(count_lines_with(client.err, "") == 1);
  }
}

TEST_CASE("lab-multi-port: a refusal is counted and logged, and the client says so") {
  const auto port = free_port_tcp();
  Process multi({bin("lab-multi-port"), "--tcp", std::to_string(port), "--max-connections", "1"});
  REQUIRE(multi.wait_for_out("holds 1 of 1 ports"));
  LoopbackClient holder(port);
  REQUIRE(multi.wait_for_out("accepted"));
  auto client = run({bin("lab-tcp-client"), "--port", std::to_string(port)}, "hello\n");
  CHECK(client.exit_code == 1);
  CHECK(client.err.find("full") != std::string::npos);
  CHECK(client.out.find("echo (") == std::string::npos);  // the busy line is not an echo
  CHECK(multi.wait_for_out("refused"));
  multi.signal(SIGINT);
  REQUIRE(multi.wait() == 0);
  CHECK(multi.out().find("1 connection, 1 refused") != std::string::npos);
}

TEST_CASE("lab-tcp-client and lab-udp-sender: closed stdin is end of input, no junk") {
  Process server({bin("lab-tcp-server"), "--port", "0"});
  const auto port = std::to_string(tcp_server_port(server));
  auto client = run_with_closed_fds({bin("lab-tcp-client"), "--port", port}, {STDIN_FILENO});
  CHECK(client.exit_code == 0);
  CHECK(client.out.find("0 lines echoed") != std::string::npos);
  REQUIRE(server.wait_for_out("client closed first"));
  CHECK(server.out().find("0 bytes in 0 reads") != std::string::npos);

  Process receiver({bin("lab-udp-receiver"), "--port", "0", "--json"});
  const auto udp_port = started_port(receiver, Announced::udp);
  auto sender = run_with_closed_fds(
      {bin("lab-udp-sender"), "--to", "127.0.0.1:" + std::to_string(udp_port)}, {STDIN_FILENO});
  CHECK(sender.exit_code == 0);
  std::this_thread::sleep_for(300ms);  // a datagram on loopback would be there long before
  receiver.signal(SIGINT);
  REQUIRE(receiver.wait() == 0);
  CHECK(receiver.out().find(R"("event":"datagram")") == std::string::npos);
  CHECK(receiver.out().find(R"("datagrams":0)") != std::string::npos);
}

TEST_CASE("numbers and names at the edges are usage errors in plain words") {
  struct Case {
    std::vector<std::string> args;
    std::string expected;
  };
  for (const auto& c : std::vector<Case>{
           {{bin("lab-udp-receiver"), "--timeout", "nan"}, "not a number of seconds"},
           {{bin("lab-udp-receiver"), "--timeout", "inf"}, "not a number of seconds"},
           {{bin("lab-udp-receiver"), "--timeout", "-1"}, "not a number of seconds"},
           {{bin("lab-tcp-server"), "--bind", "999.1.1.1"}, "'999.1.1.1' is not an IPv4 address"},
           {{bin("lab-tcp-client"), "--to", "no-such-host.invalid:7000"}, "not found"},
           {{bin("lab-udp-sender"), "--frobnicate"}, "unknown argument: --frobnicate"},
           {{bin("lab-tcp-server"), "--max-clients", "0"},
            "'0' is not a whole number from 1 to 10000"},
           {{bin("lab-tcp-server"), "--port", "1", "--port", "2"}, "may be given only once"},
           {{bin("lab-tcp-server"), "--lang"}, "--lang needs a value"},
           {{bin("lab-tcp-client"), "--json"}, "--json goes with --count"},
           {{bin("lab-tcp-client"), "--step", "--json"}, "--json goes with --count"},
       }) {
    INFO(c.args[1]);
    auto result = run(c.args);
    CHECK(result.exit_code == 2);
    CHECK(count_lines_with(result.err, "") == 1);
    CHECK(result.err.find(c.expected) != std::string::npos);
  }
  // The same in Korean: no CLI11 English left.
  auto korean = run({bin("lab-udp-sender"), "--lang", "ko", "--frobnicate"});
  CHECK(korean.exit_code == 2);
  CHECK(korean.err.find("알 수 없는 인자: --frobnicate") != std::string::npos);
}

TEST_CASE("lab-tcp-client load mode: the duration is a promise, Ctrl-C gives real figures") {
  // A listener that never accepts and never echoes: every round trip hangs until the deadline.
  const int listener = socket(AF_INET, SOCK_STREAM, 0);
  auto address = loopback(0);
  REQUIRE(bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  REQUIRE(listen(listener, 1) == 0);
  socklen_t length = sizeof address;
  getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length);
  const auto silent_port = std::to_string(ntohs(address.sin_port));
  const auto start = std::chrono::steady_clock::now();
  auto stuck = run({bin("lab-tcp-client"), "--port", silent_port, "--connections", "8",
                    "--duration", "1", "--timeout", "10", "--json"});
  const double took =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  INFO(stuck.out << stuck.err);
  CHECK(took < 6.0);  // not 1 s + the 10 s timeout
  close(listener);

  Process server({bin("lab-tcp-server"), "--port", "0", "--quiet"});
  const auto port = std::to_string(tcp_server_port(server));
  Process client(
      {bin("lab-tcp-client"), "--port", port, "--connections", "4", "--duration", "20", "--json"});
  std::this_thread::sleep_for(1500ms);
  client.signal(SIGINT);
  REQUIRE(client.wait(10s) == 0);
  const auto out = client.out();
  INFO(out);
  std::smatch m;
  REQUIRE(std::regex_search(out, m, std::regex(R"("duration_s":([0-9.e+-]+))")));
  const double seconds = std::stod(m[1]);
  REQUIRE(std::regex_search(out, m, std::regex(R"("round_trips":(\d+))")));
  const double round_trips = std::stod(m[1]);
  REQUIRE(std::regex_search(out, m, std::regex(R"("round_trips_per_s":([0-9.e+-]+))")));
  const double rate = std::stod(m[1]);
  CHECK(seconds < 10);
  CHECK(out.find(R"("interrupted":true)") != std::string::npos);
  CHECK(round_trips > 0);
  CHECK(rate == Approx(round_trips / seconds).epsilon(0.01));  // not divided by the planned 20
}

TEST_CASE("Korean --help under --lang ko or LANG=ko_KR, and in words") {
  SpawnOptions korean;
  korean.env = {"LANG=ko_KR.UTF-8"};
  for (const auto& program :
       {"lab-tcp-server", "lab-tcp-client", "lab-udp-sender", "lab-udp-receiver", "lab-multi-port",
        "lab-trace", "lab-badnet", "lab-ports"}) {
    INFO(program);
    auto by_flag = run({bin(program), "--help", "--lang", "ko"});
    auto by_env = run({bin(program), "--help"}, {}, 20s, korean);
    for (const auto* result : {&by_flag, &by_env}) {
      CHECK(result->exit_code == 0);
      CHECK(result->out.find("사용법:") != std::string::npos);
      CHECK(result->out.find("옵션:") != std::string::npos);
      CHECK(result->out.find("이 도움말을 보여 주고 끝냄") != std::string::npos);
      CHECK(result->out.find("Options:") == std::string::npos);
      CHECK(result->out.find("Excludes") == std::string::npos);
      CHECK(result->out.find("UINT") == std::string::npos);
    }
  }
  auto english = run({bin("lab-tcp-server"), "--help"});
  CHECK(english.out.find("-p,--port PORT (default: 7000)") != std::string::npos);
  CHECK(english.out.find("--reset (not with --no-close, --half-close)") != std::string::npos);
}

TEST_CASE("lab-udp-sender shows lab-multi-port's UDP answer") {
  const auto port = free_port_udp();
  Process multi({bin("lab-multi-port"), "--udp", std::to_string(port)});
  REQUIRE(multi.wait_for_out("holds 1 of 1 ports"));
  auto sender = run({bin("lab-udp-sender"), "--to", "127.0.0.1:" + std::to_string(port)}, "hi\n");
  INFO(sender.out << sender.err);
  CHECK(sender.exit_code == 0);
  CHECK(sender.out.find("reply from 127.0.0.1:" + std::to_string(port) + ": \"PID " +
                        std::to_string(multi.pid()) + ", port " + std::to_string(port) +
                        "/udp\\nhi\\n\"") != std::string::npos);
}
