// The textbook programs (labs/textbook/) as a student runs them: the TCP echo pair, the UDP pair,
// their rows and PIDs in lab-netstat, and the one-line errors that name the failing call.
#include <signal.h>

#include <catch2/catch.hpp>
#include <regex>
#include <string>
#include <vector>

#include "process.hpp"

using namespace labtest;

namespace {

// "lab-textbook-tcp-server: PID 4312 · TCP 127.0.0.1:7000 LISTENING" → {pid, port}.
struct Started {
  std::string pid, port;
};
Started started(Process& process, const std::string& line_pattern) {
  auto match = process.wait_for_match(std::regex(line_pattern));
  REQUIRE(match);
  return {(*match)[1], (*match)[2]};
}

// The rows of `lab-netstat --json -a --port PORT`, each as its flat JSON object text.
std::vector<std::string> json_rows(const std::string& port) {
  auto result = run({bin("lab-netstat"), "--json", "-a", "-u", "-t", "--port", port});
  REQUIRE(result.exit_code == 0);
  std::vector<std::string> rows;
  const std::regex object(R"(\{"protocol"[^{}]*\})");
  for (std::sregex_iterator it(result.out.begin(), result.out.end(), object), end; it != end; ++it)
    rows.push_back(it->str());
  return rows;
}

// One field of a flat JSON object, as its literal text ("\"TCP\"" or "4312").
std::string field(const std::string& row, const std::string& name) {
  std::smatch match;
  if (!std::regex_search(row, match, std::regex("\"" + name + "\":(\"[^\"]*\"|[^,}]*)"))) return "";
  return match[1];
}

// True when lab-netstat shows a row with these field values (a socket may take a moment).
bool netstat_has_row(const std::string& port,
                     std::vector<std::pair<std::string, std::string>> want) {
  return eventually([&] {
    for (const auto& row : json_rows(port)) {
      bool all = true;
      for (const auto& [name, value] : want)
        all = all && field(row, name) == value;
      if (all) return true;
    }
    return false;
  });
}

const std::string tcp_server_line =
    R"(lab-textbook-tcp-server: PID (\d+) · TCP 127\.0\.0\.1:(\d+) LISTENING)";
const std::string tcp_client_line =
    R"(lab-textbook-tcp-client: PID (\d+) · TCP 127\.0\.0\.1:(\d+) → 127\.0\.0\.1:\d+ ESTABLISHED)";
const std::string udp_receiver_line =
    R"(lab-textbook-udp-receiver: PID (\d+) · UDP 127\.0\.0\.1:(\d+))";

}  // namespace

TEST_CASE(
    "lab-textbook-tcp-server and -client: typed lines come back, and the server logs both ends") {
  Process server({bin("lab-textbook-tcp-server"), "0"});
  const auto listening = started(server, tcp_server_line);
  CHECK(listening.pid == std::to_string(server.pid()));

  auto client = run({bin("lab-textbook-tcp-client"), "127.0.0.1", listening.port},
                    "hello\nsecond line\n한국어 줄\n");
  INFO(client.out << client.err);
  CHECK(client.exit_code == 0);
  CHECK(client.err.empty());
  CHECK(client.out.find("echo: hello\necho: second line\necho: 한국어 줄\n") != std::string::npos);
  std::smatch match;
  REQUIRE(std::regex_search(client.out, match, std::regex(tcp_client_line)));
  const std::string client_port = match[2];
  // Each client is logged by the address and port its connect() was given.
  CHECK(server.wait_for_out("accepted 127.0.0.1:" + client_port + "\n"));
  CHECK(server.wait_for_out("closed 127.0.0.1:" + client_port + "\n"));

  // Serving one client at a time, it is ready for the next when the first has gone.
  auto again = run({bin("lab-textbook-tcp-client"), "localhost", listening.port}, "again\n");
  CHECK(again.exit_code == 0);
  CHECK(again.out.find("echo: again\n") != std::string::npos);
}

TEST_CASE("lab-textbook-tcp-*: lab-netstat shows LISTENING and both ESTABLISHED ends with PIDs") {
  Process server({bin("lab-textbook-tcp-server"), "0"});
  const auto listening = started(server, tcp_server_line);
  CHECK(netstat_has_row(listening.port, {{"protocol", "\"TCP\""},
                                         {"local_port", listening.port},
                                         {"state_windows", "\"LISTENING\""},
                                         {"pid", listening.pid},
                                         {"program", "\"lab-textbook-tcp-server\""}}));

  Process client({bin("lab-textbook-tcp-client"), "127.0.0.1", listening.port});
  const auto connected = started(client, tcp_client_line);
  client.write("ping\n");
  REQUIRE(client.wait_for_out("echo: ping\n"));
  // The client's end: its ephemeral port → the server's port, held by the client's PID.
  CHECK(netstat_has_row(listening.port, {{"local_port", connected.port},
                                         {"remote_port", listening.port},
                                         {"state_windows", "\"ESTABLISHED\""},
                                         {"pid", connected.pid}}));
  // The server's end of the same connection: the socket accept() returned, same PID as the
  // listener.
  CHECK(netstat_has_row(listening.port, {{"local_port", listening.port},
                                         {"remote_port", connected.port},
                                         {"state_windows", "\"ESTABLISHED\""},
                                         {"pid", listening.pid}}));
  // End of input: the client closes first, so its end waits in TIME_WAIT, held by no process.
  client.close_stdin();
  REQUIRE(client.wait(10s) == 0);
  CHECK(netstat_has_row(
      listening.port,
      {{"local_port", connected.port}, {"state_windows", "\"TIME_WAIT\""}, {"pid", "0"}}));
}

TEST_CASE(
    "lab-textbook-udp-sender and -receiver: one datagram per word, per line, with the sender") {
  Process receiver({bin("lab-textbook-udp-receiver"), "0"});
  const auto bound = started(receiver, udp_receiver_line);
  CHECK(netstat_has_row(bound.port, {{"protocol", "\"UDP\""},
                                     {"local_address", "\"127.0.0.1\""},
                                     {"local_port", bound.port},
                                     {"pid", bound.pid},
                                     {"program", "\"lab-textbook-udp-receiver\""}}));

  auto words = run({bin("lab-textbook-udp-sender"), "127.0.0.1", bound.port, "hello", "there"});
  CHECK(words.exit_code == 0);
  CHECK(count_lines_with(words.out, "sent 5 bytes to 127.0.0.1:" + bound.port) == 2);
  auto match = receiver.wait_for_match(std::regex(R"(5 bytes from 127\.0\.0\.1:(\d+): hello\n)"));
  REQUIRE(match);
  // Both words came from the same socket: the same sender port.
  CHECK(receiver.wait_for_out("5 bytes from 127.0.0.1:" + (*match)[1] + ": there\n"));

  auto typed = run({bin("lab-textbook-udp-sender"), "localhost", bound.port}, "a typed line\n");
  CHECK(typed.exit_code == 0);
  CHECK(receiver.wait_for_match(std::regex(R"(12 bytes from 127\.0\.0\.1:\d+: a typed line\n)")));

  // Ctrl-C ends the receive loop, not the program: it closes its socket and exits 0 (killed by
  // the signal, it would exit 130 without reaching close()).
  receiver.signal(SIGINT);
  CHECK(receiver.wait(10s) == 0);
  CHECK(receiver.err().empty());  // no "recvfrom: Interrupted system call"
}

TEST_CASE("lab-textbook-udp-sender: nobody listening is no error (UDP does not know)") {
  const auto port = std::to_string(free_port_udp());
  auto sent = run({bin("lab-textbook-udp-sender"), "127.0.0.1", port, "anyone?"});
  CHECK(sent.exit_code == 0);
  CHECK(sent.err.empty());
  CHECK(sent.out == "sent 7 bytes to 127.0.0.1:" + port + "\n");
}

TEST_CASE("lab-textbook-*: runtime errors are one line naming the failing call, exit 1") {
  Process server({bin("lab-textbook-tcp-server"), "0"});
  const auto listening = started(server, tcp_server_line);
  auto taken = run({bin("lab-textbook-tcp-server"), listening.port});
  CHECK(taken.exit_code == 1);
  CHECK(taken.err == "lab-textbook-tcp-server: error: bind: Address already in use\n");

  Process receiver({bin("lab-textbook-udp-receiver"), "0"});
  const auto bound = started(receiver, udp_receiver_line);
  auto udp_taken = run({bin("lab-textbook-udp-receiver"), bound.port});
  CHECK(udp_taken.exit_code == 1);
  CHECK(udp_taken.err == "lab-textbook-udp-receiver: error: bind: Address already in use\n");

  const auto closed_port = std::to_string(free_port_tcp());
  auto refused = run({bin("lab-textbook-tcp-client"), "127.0.0.1", closed_port});
  CHECK(refused.exit_code == 1);
  CHECK(refused.err == "lab-textbook-tcp-client: error: connect: Connection refused\n");

  auto unknown = run({bin("lab-textbook-udp-sender"), "no-such-host.invalid", "9", "x"});
  CHECK(unknown.exit_code == 1);
  CHECK(unknown.err.starts_with(
      "lab-textbook-udp-sender: error: getaddrinfo: no-such-host.invalid: "));
  CHECK(count_lines_with(unknown.err, "") == 1);
}

TEST_CASE("lab-textbook-*: a bad command line is one line and exit 2") {
  struct Case {
    std::vector<std::string> argv;
    std::string error;
  };
  const std::vector<Case> cases = {
      {{"lab-textbook-tcp-server"}, "usage: lab-textbook-tcp-server PORT"},
      {{"lab-textbook-tcp-server", "7000", "7001"}, "usage: lab-textbook-tcp-server PORT"},
      {{"lab-textbook-tcp-server", "70000"}, "port '70000' is not a number from 0 to 65535"},
      {{"lab-textbook-tcp-server", "-5"}, "unknown option '-5' (see --help)"},
      {{"lab-textbook-tcp-client", "127.0.0.1"}, "usage: lab-textbook-tcp-client HOST PORT"},
      {{"lab-textbook-tcp-client", "127.0.0.1", "0"}, "port 0 is not a port one can send to"},
      {{"lab-textbook-tcp-client", "127.0.0.1", "http"},
       "port 'http' is not a number from 0 to 65535"},
      {{"lab-textbook-udp-receiver", "9000x"}, "port '9000x' is not a number from 0 to 65535"},
      {{"lab-textbook-udp-sender", "127.0.0.1"},
       "usage: lab-textbook-udp-sender HOST PORT [MESSAGE...]"},
      {{"lab-textbook-udp-sender", "--lang", "fr", "127.0.0.1", "9"},
       "--lang: 'fr' is not ko or en"},
  };
  for (const auto& [argv, error] : cases) {
    std::vector<std::string> full = argv;
    full[0] = bin(argv[0]);
    auto result = run(full);
    INFO(result.err);
    CHECK(result.exit_code == 2);
    CHECK(result.err == argv[0] + ": error: " + error + "\n");
    CHECK(result.out.empty());
  }
}

TEST_CASE("lab-textbook-*: --lang ko and LANG=ko_KR speak Korean") {
  Process server({bin("lab-textbook-tcp-server"), "--lang", "ko", "0"});
  const auto listening = started(server, tcp_server_line);
  SpawnOptions korean_locale;  // the client takes its language from LANG, as by default
  korean_locale.env = {"LANG=ko_KR.UTF-8"};
  auto client = run({bin("lab-textbook-tcp-client"), "127.0.0.1", listening.port}, "안녕\n", 20s,
                    korean_locale);
  CHECK(client.exit_code == 0);
  CHECK(client.out.find("에코: 안녕\n") != std::string::npos);
  CHECK(server.wait_for_out("연결 수락 127.0.0.1:"));
}
