// lab-netstat watching the real lab programs, as the worksheets have students do:
// lab-tcp-server and lab-tcp-client in their own processes, each with its own PID.
#include <catch2/catch.hpp>
#include <regex>
#include <string>

#include "process.hpp"

using namespace labtest;

namespace {

struct Server {
  explicit Server(std::vector<std::string> extra = {}) : process(args(std::move(extra))) {
    // "lab-tcp-server: PID 4312 · TCP 127.0.0.1:PORT LISTENING": the PID is its own
    port = std::to_string(started_port(process));
    pid = std::to_string(process.pid());
    REQUIRE(process.out().find("PID " + pid + " · TCP 127.0.0.1:" + port) != std::string::npos);
  }
  static std::vector<std::string> args(std::vector<std::string> extra) {
    std::vector<std::string> out{bin("lab-tcp-server"), "--port", "0"};
    out.insert(out.end(), extra.begin(), extra.end());
    return out;
  }
  Process process;
  std::string pid, port;
};

// An interactive lab-tcp-client: connected once it prints its start-up line.
struct Client {
  explicit Client(const std::string& server_port)
      : process({bin("lab-tcp-client"), "--port", server_port}) {
    // "PID 4313 · TCP 127.0.0.1:54321 → 127.0.0.1:7000 ESTABLISHED"
    auto match = process.wait_for_match(
        std::regex(R"(PID (\d+) · TCP 127\.0\.0\.1:(\d+) → 127\.0\.0\.1:\d+ ESTABLISHED)"));
    REQUIRE(match);
    pid = (*match)[1];
    port = (*match)[2];
  }
  Process process;
  std::string pid, port;
};

bool netstat_shows(const std::string& port, const std::string& row_pattern,
                   std::vector<std::string> extra = {}) {
  std::vector<std::string> args{bin("lab-netstat"), "-ano", "--port", port};
  args.insert(args.end(), extra.begin(), extra.end());
  return eventually([&] { return std::regex_search(run(args).out, std::regex(row_pattern)); });
}

}  // namespace

TEST_CASE("lab-netstat + lab-tcp-server: LISTENING with the server's PID and program") {
  Server server;
  CHECK(netstat_shows(server.port, "  TCP    127\\.0\\.0\\.1:" + server.port +
                                       " +0\\.0\\.0\\.0:0 +LISTENING +" + server.pid + "\n"));
  auto linux_style = run({bin("lab-netstat"), "-tlnp", "--port", server.port});
  CHECK(std::regex_search(linux_style.out,
                          std::regex("LISTENING +" + server.pid + " +lab-tcp-server\n")));
  auto by_program =
      run({bin("lab-netstat"), "-ano", "--program", "lab-tcp-server", "--port", server.port});
  CHECK(count_lines_with(by_program.out, "127.0.0.1:" + server.port) == 1);
}

TEST_CASE("lab-netstat + lab-tcp-client: two ESTABLISHED rows, then TIME_WAIT with PID 0") {
  Server server;
  Client client(server.port);
  const std::string server_end = "127\\.0\\.0\\.1:" + server.port;
  const std::string client_end = "127\\.0\\.0\\.1:" + client.port;
  CHECK(netstat_shows(server.port, "TCP +" + server_end + " +" + client_end + " +ESTABLISHED +" +
                                       server.pid + "\n"));
  CHECK(netstat_shows(server.port, "TCP +" + client_end + " +" + server_end + " +ESTABLISHED +" +
                                       client.pid + "\n"));
  // The client ends (end of input): it closes first, so its end goes to TIME_WAIT, which no
  // process holds: PID 0.
  client.process.close_stdin();
  REQUIRE(client.process.wait(10s) == 0);
  CHECK(netstat_shows(server.port, "TCP +" + client_end + " +" + server_end + " +TIME_WAIT +0\n"));
}

TEST_CASE("lab-netstat + lab-tcp-server --no-close: CLOSE_WAIT at the server") {
  Server server({"--no-close"});
  Client client(server.port);
  client.process.close_stdin();
  REQUIRE(client.process.wait(10s) == 0);
  const std::string server_end = "127\\.0\\.0\\.1:" + server.port;
  const std::string client_end = "127\\.0\\.0\\.1:" + client.port;
  CHECK(netstat_shows(server.port, "TCP +" + server_end + " +" + client_end + " +CLOSE_WAIT +" +
                                       server.pid + "\n"));
  // The client closed and left: its end waits in FIN_WAIT_2, held by no process.
  CHECK(netstat_shows(server.port, "TCP +" + client_end + " +" + server_end + " +FIN_WAIT_2 +0\n"));
  // --state takes the Linux spelling too.
  auto linux_spelling =
      run({bin("lab-netstat"), "-ano", "--state", "close-wait", "--port", server.port});
  CHECK(count_lines_with(linux_spelling.out, "CLOSE_WAIT") == 1);
}
