// lab-udp-sender and lab-udp-receiver over loopback: what arrives, what is lost, what the
// kernel drops, foreign datagrams, truncation, connected UDP, bad arguments.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <regex>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "process.hpp"
#include "wire/header.hpp"

using namespace labtest;

namespace {

// A number from the receiver's JSON summary line.
long long summary_field(const std::string& out, const std::string& name) {
  std::smatch match;
  const std::regex summary(R"re(\{"event":"summary".*)re");
  if (!std::regex_search(out, match, summary)) return -1;
  const std::string line = match.str();
  const std::regex field("\"" + name + "\":(\\d+)");
  if (!std::regex_search(line, match, field)) return -1;
  return std::stoll(match[1]);
}

// Sends raw datagrams from one socket, as a student's own program would.
class RawSender {
 public:
  explicit RawSender(std::uint16_t port) : fd_(::socket(AF_INET, SOCK_DGRAM, 0)) {
    to_.sin_family = AF_INET;
    to_.sin_port = htons(port);
    to_.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  }
  ~RawSender() { ::close(fd_); }
  void send(const std::string& bytes) {
    REQUIRE(::sendto(fd_, bytes.data(), bytes.size(), 0, reinterpret_cast<sockaddr*>(&to_),
                     sizeof to_) == static_cast<ssize_t>(bytes.size()));
  }
  void send_lab(std::uint64_t sequence, std::uint64_t total, std::size_t size = 64) {
    std::string bytes(size, 'p');
    lab::wire::encode({sequence, total, 0},
                      std::span(reinterpret_cast<std::byte*>(bytes.data()), bytes.size()));
    send(bytes);
  }

 private:
  int fd_;
  sockaddr_in to_{};
};

std::string to(std::uint16_t port) {
  return "127.0.0.1:" + std::to_string(port);
}

}  // namespace

TEST_CASE("lab-udp-receiver: 1000 datagrams to a fast receiver all arrive") {
  // Paced and with a roomy buffer, so that a busy test machine does not drop any.
  Process receiver({bin("lab-udp-receiver"), "--port", "0", "--quiet", "--json", "--count", "1000",
                    "--timeout", "10", "--rcvbuf", "1M"});
  const auto port = started_port(receiver, Announced::udp);
  auto sent = run({bin("lab-udp-sender"), "--to", to(port), "--count", "1000", "--rate", "5000"});
  CHECK(sent.exit_code == 0);
  CHECK(sent.out.find("sent 1000 datagrams") != std::string::npos);
  REQUIRE(receiver.wait(15s) == 0);
  const auto out = receiver.out();
  CHECK(summary_field(out, "received") == 1000);
  CHECK(summary_field(out, "lost") == 0);
  CHECK(summary_field(out, "highest") == 1000);
  CHECK(summary_field(out, "kernel_drops") == 0);
  CHECK(out.find(R"("reason":"count")") != std::string::npos);
}

TEST_CASE("lab-udp-receiver: a tiny buffer and a slow reader lose datagrams, and it adds up") {
  Process receiver({bin("lab-udp-receiver"), "--port", "0", "--quiet", "--json", "--rcvbuf", "1",
                    "--slow", "2", "--timeout", "1"});
  const auto port = started_port(receiver, Announced::udp);
  auto sent = run({bin("lab-udp-sender"), "--to", to(port), "--count", "2000", "--rate", "max"});
  CHECK(sent.exit_code == 0);
  REQUIRE(receiver.wait(30s) == 0);
  const auto out = receiver.out();
  INFO(out);
  const auto received = summary_field(out, "received");
  const auto lost = summary_field(out, "lost");
  const auto gaps = summary_field(out, "gaps");
  const auto highest = summary_field(out, "highest");
  const auto missing_at_end = summary_field(out, "missing_at_end");
  const auto drops = summary_field(out, "kernel_drops");
  CHECK(received > 0);
  // The kernel may drop the tail rather than the middle: the receiver waited (--timeout), so
  // what never came after the last arrival is lost too, in the headline figure.
  CHECK(lost == gaps + missing_at_end);
  CHECK(lost > 0);
  CHECK(drops > 0);
  CHECK(received + gaps == highest);
  // On loopback every datagram that did not arrive was dropped by the kernel at this socket.
  CHECK(drops == lost);
  CHECK(received + lost == 2000);
  // The kernel grants its minimum, far below the default 212992.
  CHECK(summary_field(out, "rcvbuf") < 20000);
}

TEST_CASE("lab-udp-receiver: crafted reordered and duplicated sequences are counted right") {
  Process receiver({bin("lab-udp-receiver"), "--port", "0", "--count", "6", "--timeout", "10"});
  const auto port = started_port(receiver, Announced::udp);
  RawSender sender(port);
  for (std::uint64_t sequence : {1, 2, 4, 3, 3, 7})
    sender.send_lab(sequence, 8);
  REQUIRE(receiver.wait(10s) == 0);
  const auto out = receiver.out();
  INFO(out);
  CHECK(out.find("#4/8  (1 missing before it)") != std::string::npos);
  CHECK(out.find("#3/8  (late: arrived out of order)") != std::string::npos);
  CHECK(out.find("#3/8  (duplicate)") != std::string::npos);
  CHECK(out.find("5 received, 2 lost, 1 reordered, 1 duplicated, 0 foreign") != std::string::npos);
  CHECK(out.find("highest sequence 7 = 5 received + 2 lost") != std::string::npos);
  // --count stopped the receiver: #8 was not waited for, so it is not called lost.
  CHECK(out.find("8 planned, 1 after the last one not waited for (--count reached)") !=
        std::string::npos);
}

TEST_CASE("lab-udp-receiver: one forged header does not ruin the counts") {
  Process receiver({bin("lab-udp-receiver"), "--port", "0", "--count", "7", "--timeout", "10"});
  const auto port = started_port(receiver, Announced::udp);
  RawSender sender(port), forger(port);
  sender.send_lab(1, 5);
  sender.send_lab(2, 5);
  forger.send_lab(1ull << 40, 1ull << 40);  // a new "sender" starting at 2^40
  sender.send_lab(1ull << 40, 5);           // beyond the planned total
  sender.send_lab(3, 5);
  sender.send_lab(4, 5);
  sender.send_lab(5, 5);
  REQUIRE(receiver.wait(10s) == 0);
  const auto out = receiver.out();
  INFO(out);
  CHECK(out.find("5 received, 0 lost, 0 reordered, 0 duplicated, 1 foreign, 1 suspicious") !=
        std::string::npos);
  CHECK(out.find("highest sequence 5 = 5 received + 0 lost") != std::string::npos);
  CHECK(out.find("too old") == std::string::npos);
}

TEST_CASE("lab-udp-receiver: after a timeout the missing tail is lost in the headline") {
  Process receiver({bin("lab-udp-receiver"), "--port", "0", "--timeout", "0.5"});
  const auto port = started_port(receiver, Announced::udp);
  RawSender sender(port);
  sender.send_lab(1, 2000);
  sender.send_lab(2, 2000);
  REQUIRE(receiver.wait(10s) == 0);
  const auto out = receiver.out();
  INFO(out);
  CHECK(out.find("2 received, 1998 lost") != std::string::npos);
  CHECK(out.find("2000 planned, the 1998 after the last one never came") != std::string::npos);
}

TEST_CASE("lab-udp-receiver: garbage, empty, truncated-header and 65507-byte datagrams") {
  Process receiver({bin("lab-udp-receiver"), "--port", "0", "--count", "6", "--timeout", "10"});
  const auto port = started_port(receiver, Announced::udp);
  RawSender sender(port);
  sender.send("hello from nc\n");
  sender.send("");
  sender.send(std::string("\x00\xff\x10garbage", 10));
  sender.send(std::string("SLAB\x01\x00\x00", 7));
  sender.send(std::string(5000, '\x01'));
  sender.send_lab(1, 1, lab::wire::max_udp_payload_ipv4);
  REQUIRE(receiver.wait(10s) == 0);
  const auto out = receiver.out();
  INFO(out);
  CHECK(out.find(R"(14 bytes  not a lab datagram: "hello from nc\n")") != std::string::npos);
  CHECK(out.find(R"(0 bytes  not a lab datagram: "")") != std::string::npos);
  CHECK(out.find("10 bytes  not a lab datagram: 00 ff 10 67") != std::string::npos);
  CHECK(out.find("7 bytes  lab header cut short") != std::string::npos);
  CHECK(out.find("(4936 more bytes not shown)") != std::string::npos);  // 5000 - 64 shown
  CHECK(out.find("65507 bytes  #1/1") != std::string::npos);
  CHECK(out.find("1 received, 0 lost, 0 reordered, 0 duplicated, 5 foreign") != std::string::npos);
}

TEST_CASE("lab-udp-receiver: --read-size shows that the rest of a datagram is lost") {
  Process receiver({bin("lab-udp-receiver"), "--port", "0", "--read-size", "4", "--count", "2",
                    "--timeout", "10"});
  const auto port = started_port(receiver, Announced::udp);
  RawSender sender(port);
  sender.send("0123456789");
  sender.send("ab");
  REQUIRE(receiver.wait(10s) == 0);
  const auto out = receiver.out();
  INFO(out);
  CHECK(out.find(R"("0123"  [read only 4 of 10 bytes: the other 6 are lost (truncated)])") !=
        std::string::npos);
  CHECK(count_lines_with(out, "truncated)") == 1);  // "ab" fits
  CHECK(out.find("1 truncated") != std::string::npos);
}

TEST_CASE("lab-udp-receiver: typed lines arrive as datagrams with the sender's address") {
  Process receiver({bin("lab-udp-receiver"), "--port", "0", "--count", "2", "--timeout", "10"});
  const auto port = started_port(receiver, Announced::udp);
  auto sent = run({bin("lab-udp-sender"), "--to", to(port)}, "one\ntwo\n");
  CHECK(sent.exit_code == 0);
  auto match = std::regex_search(sent.out, std::regex(R"(UDP 0\.0\.0\.0:(\d+))"));
  CHECK(match);
  CHECK(count_lines_with(sent.out, "sent 4 bytes to") == 2);
  REQUIRE(receiver.wait(10s) == 0);
  CHECK(receiver.out().find(R"(4 bytes  not a lab datagram: "two\n")") != std::string::npos);
}

TEST_CASE("lab-udp-receiver: Ctrl-C ends with a one-line summary") {
  Process receiver({bin("lab-udp-receiver"), "--port", "0"});
  started_port(receiver, Announced::udp);
  receiver.signal(SIGINT);
  REQUIRE(receiver.wait(5s) == 0);
  CHECK(count_lines_with(receiver.out(), "lab-udp-receiver: summary: ") == 1);
}

TEST_CASE("lab-udp-sender: sending to a port where nobody listens succeeds") {
  const auto port = free_port_udp();
  auto sent = run({bin("lab-udp-sender"), "--to", to(port), "--count", "3"});
  CHECK(sent.exit_code == 0);
  CHECK(sent.out.find("sent 3 datagrams (192 bytes) to " + to(port)) != std::string::npos);
  CHECK(sent.err.empty());
}

TEST_CASE("lab-udp-sender: --connect to a closed port reports connection refused") {
  const auto port = free_port_udp();
  auto sent = run({bin("lab-udp-sender"), "--to", to(port), "--count", "3", "--connect"});
  CHECK(sent.exit_code == 1);
  CHECK(sent.err.starts_with("lab-udp-sender: error: connection refused"));
  CHECK(sent.err.find("ICMP port unreachable") != std::string::npos);
  CHECK(count_lines_with(sent.err, "") == 1);
  // Typed lines: the refusal comes back after the first send (seen while looking for replies).
  auto typed = run({bin("lab-udp-sender"), "--to", to(port), "--connect"}, "a\nb\nc\n");
  CHECK(typed.exit_code == 1);
  CHECK(typed.err.find("connection refused") != std::string::npos);
}

TEST_CASE("lab-udp-sender: --connect to a listening receiver sends normally") {
  Process receiver({bin("lab-udp-receiver"), "--port", "0", "--quiet", "--json", "--count", "5",
                    "--timeout", "10"});
  const auto port = started_port(receiver, Announced::udp);
  auto sent = run({bin("lab-udp-sender"), "--to", to(port), "--count", "5", "--connect"});
  CHECK(sent.exit_code == 0);
  REQUIRE(receiver.wait(10s) == 0);
  CHECK(summary_field(receiver.out(), "received") == 5);
}

TEST_CASE("lab-udp-sender: bad arguments exit 2 with one line") {
  struct Case {
    std::vector<std::string> args;
    std::string expected;
  };
  const std::vector<Case> cases = {
      {{"--to", "127.0.0.1:9", "--count", "1", "--size", "65508"}, "65,507"},
      {{"--to", "127.0.0.1:9", "--count", "1", "--size", "16"}, "32"},
      {{"--to", "127.0.0.1:9", "--count", "1", "--rate", "0"}, "--rate"},
      {{"--to", "127.0.0.1:9", "--count", "0"}, "--count"},
      {{"--to", "127.0.0.1"}, "HOST:PORT"},
      {{"--to", "127.0.0.1:70000"}, "70000"},
      {{"--count", "3"}, "--to"},
  };
  for (const auto& c : cases) {
    std::vector<std::string> argv = {bin("lab-udp-sender")};
    argv.insert(argv.end(), c.args.begin(), c.args.end());
    auto result = run(argv);
    INFO(result.err);
    CHECK(result.exit_code == 2);
    CHECK(result.err.starts_with("lab-udp-sender: error: "));
    CHECK(result.err.find(c.expected) != std::string::npos);
    CHECK(count_lines_with(result.err, "") == 1);
  }
  for (auto args : std::vector<std::vector<std::string>>{{"--port", "70000"},
                                                         {"--read-size", "0"},
                                                         {"--read-size", "65508"},
                                                         {"--slow", "-1"},
                                                         {"--bind", "no.such.host.invalid"}}) {
    args.insert(args.begin(), bin("lab-udp-receiver"));
    auto result = run(args);
    INFO(result.err);
    CHECK(result.exit_code == 2);
    CHECK(result.err.starts_with("lab-udp-receiver: error: "));
    CHECK(count_lines_with(result.err, "") == 1);
  }
}
