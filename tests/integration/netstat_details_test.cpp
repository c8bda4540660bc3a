// lab-netstat --details: per-connection TCP figures (INET_DIAG_INFO), as `ss -ti` shows them.
#include <signal.h>
#include <unistd.h>

#include <regex>
#include <string>

#include <catch2/catch.hpp>

#include "process.hpp"
#include "render/json.hpp"

using namespace labtest;

namespace {
std::string server_port(Process& server) {
  auto match = server.wait_for_match(std::regex(R"(127\.0\.0\.1:(\d+) LISTENING)"), 10s);
  REQUIRE(match);
  return (*match)[1];
}
// The client's connection, from its start line: "127.0.0.1:LOCAL → 127.0.0.1:PORT ESTABLISHED".
std::string client_port(Process& client) {
  auto match = client.wait_for_match(std::regex(R"(127\.0\.0\.1:(\d+) → \S+ ESTABLISHED)"), 10s);
  REQUIRE(match);
  return (*match)[1];
}
// From lab-netstat --details --json: the "tcp_info" of the connection whose local end is
// `local` ("127.0.0.1:PORT"); null when the output is not JSON or has no such connection.
lab::json::Value tcp_info_of(const std::string& json_text, const std::string& local) {
  const auto document = lab::json::parse(json_text);
  if (!document || !document->contains("tcp_details")) return nullptr;
  for (const auto& entry : (*document)["tcp_details"])
    if (lab::json::string_field(entry, "local") == local && entry.contains("tcp_info"))
      return entry["tcp_info"];
  return nullptr;
}
}  // namespace

TEST_CASE("lab-netstat --details: rtt, rto, retransmits and cwnd under each TCP connection") {
  Process server({bin("lab-tcp-server"), "--port", "0", "--quiet"});
  const auto port = server_port(server);
  Process client({bin("lab-tcp-client"), "--port", port});
  const auto local = client_port(client);
  client.write("hello\n");
  REQUIRE(client.wait_for_out("hello", 10s));

  auto text = run({bin("lab-netstat"), "-an", "--port", port, "--details"});
  INFO(text.out << text.err);
  REQUIRE(text.exit_code == 0);
  // Each ESTABLISHED row is followed by its figures; the listener has none.
  CHECK(std::regex_search(
      text.out,
      std::regex(
          "127\\.0\\.0\\.1:" + local +
          R"(\s+127\.0\.0\.1:\d+\s+ESTABLISHED\n\s+rtt:[0-9.]+/[0-9.]+ ms  rto:\d+ ms  retrans:0  cwnd:\d+)")));
  CHECK(count_lines_with(text.out, "rtt:") == 2);

  auto json = run({bin("lab-netstat"), "-an", "--port", port, "--details", "--json"});
  INFO(json.out);
  REQUIRE(json.exit_code == 0);
  const auto client_info = tcp_info_of(json.out, "127.0.0.1:" + local);
  REQUIRE(client_info.is_object());
  CHECK(lab::json::number_field(client_info, "rto_us") >= 200000);  // Linux's floor: 200 ms
  CHECK(lab::json::number_field(client_info, "retransmits") == 0);
  CHECK(lab::json::number_field(client_info, "cwnd") > 0);
  client.close_stdin();
  CHECK(client.wait(10s) == 0);
}

TEST_CASE("lab-netstat --details: a 50 ms lab-badnet delay shows in the connection's rtt",
          "[netfilter]") {
  LAB_SKIP_UNLESS_ROOT("lab-badnet needs root (CI runs it as root)");
  Process server({bin("lab-tcp-server"), "--port", "0", "--quiet"});
  const auto port = server_port(server);
  Process badnet({bin("lab-badnet"), "--port", port, "--tcp", "--delay", "50"});
  REQUIRE(badnet.wait_for_out("Ctrl-C ends", 10s));
  Process client({bin("lab-tcp-client"), "--port", port});
  const auto local = client_port(client);
  for (const char* line : {"one\n", "two\n", "three\n"}) {
    client.write(line);
    REQUIRE(client.wait_for_out(std::string(line).substr(0, 3), 10s));
  }
  auto json = run({bin("lab-netstat"), "-an", "--port", port, "--details", "--json"});
  INFO(json.out);
  // CHECK, not REQUIRE: lab-badnet must still be stopped below (it removes its table).
  CHECK(lab::json::number_field(tcp_info_of(json.out, "127.0.0.1:" + local), "rtt_us") >= 90000);
  client.close_stdin();
  client.wait(10s);
  badnet.signal(SIGINT);
  CHECK(badnet.wait(10s) == 0);
}
