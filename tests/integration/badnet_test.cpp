// lab-badnet: a bad network made of real kernel packets. TCP retransmits and still delivers every
// byte; UDP loses, reorders and duplicates what lab-badnet tells it to. Needs root (CI runs as
// root): without it the tests that change the network say so and pass without running.
#include <signal.h>
#include <unistd.h>

#include <regex>
#include <string>
#include <thread>

#include <catch2/catch.hpp>

#include "json_output.hpp"
#include "process.hpp"
#include "render/json.hpp"
#include "render/text_width.hpp"

using namespace labtest;

namespace {

#define REQUIRE_ROOT() \
  LAB_SKIP_UNLESS_ROOT("lab-badnet changes the ruleset and needs root (CI runs it as root)")

// lab-udp-receiver's last line, {"event":"summary", ...}; null when it printed none.
lab::json::Value receiver_summary(const std::string& out) {
  for (auto& line : json_documents(out))
    if (lab::json::string_field(line, "event") == "summary") return std::move(line);
  return nullptr;
}
// A whole number of `object`, or of its member `outer` ("to_port", "tcp_info"); -1 when missing.
long long number(const lab::json::Value& object, std::string_view key) {
  return lab::json::number_field(object, key).value_or(-1);
}
long long number(const lab::json::Value& object, std::string_view outer, std::string_view key) {
  if (!object.is_object() || !object.contains(outer)) return -1;
  return number(object[std::string(outer)], key);
}
// Any number (the receiver's "seconds"); -1 when missing.
double decimal(const lab::json::Value& object, std::string_view key) {
  if (!object.is_object() || !object.contains(key)) return -1;
  const auto& value = object[std::string(key)];
  return value.is_number() ? value.get<double>() : -1;
}
// lab-tcp-client --json: every byte came back, in order.
bool verified(const std::string& client_out) {
  return lab::json::bool_field(json_document(client_out), "verified") == true;
}

// A system tool by its full path (Process runs a path, it does not search PATH).
std::string tool(const std::string& name) {
  for (const char* dir : {"/usr/sbin/", "/usr/bin/", "/sbin/", "/bin/"})
    if (::access((dir + name).c_str(), X_OK) == 0) return dir + name;
  return name;
}

// A network namespace of this test's own, removed on every way out (its destructor). Programs
// run in it through `ip netns exec NAME`, which execs them (same PID).
class NetNamespace {
 public:
  NetNamespace()
      : name_("socketlab_badnet_test_" + std::to_string(::getpid()) + "_" +
              std::to_string(++created_)) {
    REQUIRE(run({tool("ip"), "netns", "add", name_}).exit_code == 0);
    run({tool("ip"), "-n", name_, "link", "set", "lo", "up"});
  }
  ~NetNamespace() { run({tool("ip"), "netns", "delete", name_}); }
  NetNamespace(const NetNamespace&) = delete;
  NetNamespace& operator=(const NetNamespace&) = delete;
  const std::string& name() const { return name_; }
  // argv, run inside this namespace.
  std::vector<std::string> inside(std::vector<std::string> argv) const {
    argv.insert(argv.begin(), {tool("ip"), "netns", "exec", name_});
    return argv;
  }

 private:
  std::string name_;
  static inline int created_ = 0;
};

std::string nft_tables(const NetNamespace* ns = nullptr) {
  std::vector<std::string> argv{tool("nft"), "list", "tables"};
  return run(ns ? ns->inside(argv) : argv).out;
}
bool table_exists(pid_t owner, const NetNamespace* ns = nullptr) {
  return nft_tables(ns).find("socketlab_badnet_" + std::to_string(owner)) != std::string::npos;
}

// lab-badnet in the foreground with --json: ready once it printed its start line (stderr).
// (In `ns` when given: the clean-up test must not see another test's lab-badnet.)
struct Badnet {
  const NetNamespace* ns;
  Process process;
  explicit Badnet(std::vector<std::string> args, const NetNamespace* in = nullptr)
      : ns(in), process([&] {
          args.insert(args.begin(), bin("lab-badnet"));
          args.push_back("--json");
          return in ? in->inside(args) : args;
        }()) {
    REQUIRE(process.wait_for_err("Ctrl-C ends", 10s));
    REQUIRE(table_exists(process.pid(), ns));
  }
  // Ctrl-C: the summary (JSON) on stdout, the table gone.
  std::string stop() {
    process.signal(SIGINT);
    REQUIRE(process.wait(10s) == 0);
    CHECK_FALSE(table_exists(process.pid(), ns));
    return process.out();
  }
};

// A UDP receiver on a free port: returns the port it printed.
std::string receiver_port(Process& receiver) {
  auto match = receiver.wait_for_match(std::regex(R"re("local":"[^"]*:(\d+)")re"), 10s);
  REQUIRE(match);
  return (*match)[1];
}

struct UdpRun {
  std::string receiver;  // its summary (JSON)
  std::string badnet;    // lab-badnet's summary (JSON)
};

// 2,000 numbered datagrams at 5,000/s through lab-badnet with `impairment`. The receiver asks for
// a 4 MiB buffer: on a busy machine lab-badnet may release held datagrams in a burst while the
// receiver is not running, and the tests tell such a buffer overflow (the receiver's
// "kernel_drops") from lab-badnet's own drops.
UdpRun udp_through(std::vector<std::string> impairment, const std::string& host = "127.0.0.1") {
  Process receiver({bin("lab-udp-receiver"), "--bind", host, "--port", "0", "--quiet", "--timeout",
                    "3", "--rcvbuf", "4M", "--json"});
  const auto port = receiver_port(receiver);
  impairment.insert(impairment.begin(), {"--port", port, "--udp"});
  Badnet badnet(impairment);
  const std::string target =
      host.find(':') != std::string::npos ? "[" + host + "]:" + port : host + ":" + port;
  auto sender =
      run({bin("lab-udp-sender"), "--to", target, "--count", "2000", "--rate", "5000"}, {}, 30s);
  REQUIRE(sender.exit_code == 0);
  REQUIRE(receiver.wait(20s) == 0);
  return {receiver.out(), badnet.stop()};
}

// lab-tcp-server on a free port; returns it.
std::string server_port(Process& server) {
  return std::to_string(started_port(server));
}

}  // namespace

TEST_CASE("lab-badnet: 10 % loss with a fixed seed, TCP retransmits and delivers every byte",
          "[netfilter]") {
  REQUIRE_ROOT();
  Process server({bin("lab-tcp-server"), "--port", "0", "--quiet"});
  const auto port = server_port(server);
  Badnet badnet({"--port", port, "--loss", "10", "--seed", "1"});
  auto client =
      run({bin("lab-tcp-client"), "--port", port, "--count", "300", "--size", "1000", "--json"}, {},
          60s);
  INFO(client.out << client.err);
  REQUIRE(client.exit_code == 0);
  CHECK(verified(client.out));  // every byte, in order
  CHECK(number(json_document(client.out), "bytes_received") == 300000);
  CHECK(number(json_document(client.out), "tcp_info", "retransmits") > 0);
  const auto summary = badnet.stop();
  INFO(summary);
  CHECK(number(json_document(summary), "to_port", "dropped") +
            number(json_document(summary), "from_port", "dropped") >
        0);
}

TEST_CASE("lab-badnet: 10 % loss of 2,000 UDP datagrams, and the receiver's numbers add up",
          "[netfilter]") {
  REQUIRE_ROOT();
  const auto result = udp_through({"--loss", "10", "--seed", "7"});
  INFO(result.receiver << result.badnet);
  const auto received = number(receiver_summary(result.receiver), "received");
  const auto lost = number(receiver_summary(result.receiver), "lost");
  CHECK(received + lost == 2000);
  CHECK(lost >= 100);  // 10 % of 2,000 is 200; a binomial spread is about 13
  CHECK(lost <= 320);
  // What lab-badnet dropped is exactly what the receiver missed, apart from what its own buffer
  // dropped (0 but on a very busy machine).
  CHECK(number(json_document(result.badnet), "to_port", "dropped") ==
        lost - number(receiver_summary(result.receiver), "kernel_drops"));
  CHECK(number(json_document(result.badnet), "to_port", "seen") == 2000);
}

TEST_CASE("lab-badnet: the same seed gives the same loss pattern", "[netfilter]") {
  REQUIRE_ROOT();
  const auto first = udp_through({"--loss", "20", "--seed", "42"});
  const auto second = udp_through({"--loss", "20", "--seed", "42"});
  CHECK(number(json_document(first.badnet), "to_port", "dropped") ==
        number(json_document(second.badnet), "to_port", "dropped"));
}

TEST_CASE("lab-badnet: UDP over IPv6 (::1) is impaired too", "[netfilter]") {
  REQUIRE_ROOT();
  const auto result = udp_through({"--loss", "10", "--seed", "3"}, "::1");
  INFO(result.receiver << result.badnet);
  const auto lost = number(receiver_summary(result.receiver), "lost");
  CHECK(lost > 0);
  CHECK(number(json_document(result.badnet), "to_port", "dropped") ==
        lost - number(receiver_summary(result.receiver), "kernel_drops"));
}

TEST_CASE("lab-badnet: reorder, UDP counts reordered datagrams while TCP stays in order",
          "[netfilter]") {
  REQUIRE_ROOT();
  const auto result = udp_through({"--reorder", "10", "--seed", "5"});
  INFO(result.receiver << result.badnet);
  CHECK(number(receiver_summary(result.receiver), "reordered") > 0);
  // Reordering loses nothing: lab-badnet drops none, and whatever the receiver missed its own
  // buffer dropped (on a machine so busy that the receiver did not run for a while).
  CHECK(number(json_document(result.badnet), "to_port", "dropped") == 0);
  CHECK(number(receiver_summary(result.receiver), "lost") ==
        number(receiver_summary(result.receiver), "kernel_drops"));

  Process server({bin("lab-tcp-server"), "--port", "0", "--quiet"});
  const auto port = server_port(server);
  Badnet badnet({"--port", port, "--reorder", "20", "--seed", "5"});
  auto client =
      run({bin("lab-tcp-client"), "--port", port, "--count", "200", "--size", "1000", "--json"}, {},
          60s);
  INFO(client.out << client.err);
  REQUIRE(client.exit_code == 0);
  CHECK(verified(client.out));
  const auto summary = badnet.stop();
  CHECK(number(json_document(summary), "to_port", "reordered") +
            number(json_document(summary), "from_port", "reordered") >
        0);
}

TEST_CASE("lab-badnet: duplicate, the UDP receiver counts duplicated datagrams", "[netfilter]") {
  REQUIRE_ROOT();
  const auto result = udp_through({"--duplicate", "5", "--seed", "9"});
  INFO(result.receiver << result.badnet);
  const auto duplicated = number(receiver_summary(result.receiver), "duplicated");
  CHECK(duplicated > 0);
  CHECK(number(json_document(result.badnet), "to_port", "duplicated") == duplicated);
  CHECK(number(receiver_summary(result.receiver), "lost") == 0);
}

TEST_CASE("lab-badnet: 50 ms of delay each way shows in the client's RTT", "[netfilter]") {
  REQUIRE_ROOT();
  Process server({bin("lab-tcp-server"), "--port", "0", "--quiet"});
  const auto port = server_port(server);
  Badnet badnet({"--port", port, "--delay", "50", "--tcp"});
  auto client = run(
      {bin("lab-tcp-client"), "--port", port, "--count", "10", "--size", "100", "--json"}, {}, 60s);
  INFO(client.out << client.err);
  REQUIRE(client.exit_code == 0);
  // 50 ms there and 50 ms back: the smoothed RTT is about 100 ms, never below 90.
  CHECK(number(json_document(client.out), "tcp_info", "rtt_us") >= 90000);
  CHECK(number(json_document(client.out), "tcp_info", "rtt_us") < 2000000);
  badnet.stop();
}

TEST_CASE("lab-badnet: nothing is left after SIGTERM, and a SIGKILLed run is cleaned up",
          "[netfilter]") {
  REQUIRE_ROOT();
  // In a namespace of its own: another test's lab-badnet starting meanwhile would clean up the
  // killed run's table before this test could see it there.
  NetNamespace ns;
  auto qdiscs = [&] { return run(ns.inside({tool("tc"), "qdisc", "show"})).out; };
  const std::string qdiscs_before = qdiscs();
  const std::string port = "7000";  // a namespace of its own: every port is free
  {
    Badnet badnet({"--port", port, "--loss", "5"}, &ns);
    badnet.process.signal(SIGTERM);
    CHECK(badnet.process.wait(10s) == 0);
    CHECK_FALSE(table_exists(badnet.process.pid(), &ns));
  }
  // SIGKILL leaves the table; the next start removes it and says so.
  pid_t killed = -1;
  {
    Badnet badnet({"--port", port, "--loss", "5"}, &ns);
    killed = badnet.process.pid();
    badnet.process.signal(SIGKILL);
    badnet.process.wait(10s);
    CHECK(table_exists(killed, &ns));
  }
  {
    Badnet next({"--port", port}, &ns);
    CHECK_FALSE(table_exists(killed, &ns));
    CHECK(next.process.err().find("socketlab_badnet_" + std::to_string(killed)) !=
          std::string::npos);
    next.stop();
  }
  // ... and so does --clean, by hand.
  {
    Badnet badnet({"--port", port}, &ns);
    killed = badnet.process.pid();
    badnet.process.signal(SIGKILL);
    badnet.process.wait(10s);
  }
  REQUIRE(table_exists(killed, &ns));
  auto clean = run(ns.inside({bin("lab-badnet"), "--clean"}));
  CHECK(clean.exit_code == 0);
  CHECK(clean.out.find("socketlab_badnet_" + std::to_string(killed)) != std::string::npos);
  CHECK_FALSE(table_exists(killed, &ns));
  CHECK(nft_tables(&ns).find("socketlab_badnet_") == std::string::npos);
  CHECK(qdiscs() == qdiscs_before);  // no qdisc was ever added
}

TEST_CASE("lab-badnet: its terminal closing (SIGHUP) removes the table too, unless under nohup",
          "[netfilter]") {
  REQUIRE_ROOT();
  NetNamespace ns;                  // only this test's lab-badnet processes
  const std::string port = "7000";  // a namespace of its own: every port is free
  {
    Badnet badnet({"--port", port, "--loss", "5"}, &ns);
    badnet.process.signal(SIGHUP);
    // Ended by its own clean-up, not killed by the signal: exit 0 and the summary on stdout.
    CHECK(badnet.process.wait(10s) == 0);
    CHECK_FALSE(table_exists(badnet.process.pid(), &ns));
    CHECK(lab::json::string_field(json_document(badnet.process.out()), "table") ==
          "inet socketlab_badnet_" + std::to_string(badnet.process.pid()));
  }
  // nohup starts it with SIGHUP ignored: it keeps running and impairing, until Ctrl-C.
  Process kept(ns.inside({tool("nohup"), bin("lab-badnet"), "--port", port, "--json"}));
  REQUIRE(kept.wait_for_err("Ctrl-C ends", 10s));
  kept.signal(SIGHUP);
  CHECK_FALSE(kept.wait(1s));  // still running (a handled SIGHUP ends it within milliseconds)
  CHECK(table_exists(kept.pid(), &ns));
  kept.signal(SIGINT);
  CHECK(kept.wait(10s) == 0);
  CHECK_FALSE(table_exists(kept.pid(), &ns));
}

TEST_CASE("lab-badnet: a full disk is one error line and exit 1, and the table is gone",
          "[netfilter]") {
  REQUIRE_ROOT();
  NetNamespace ns;  // only this test's lab-badnet: the table check sees no other
  // The start-up line is its first write (stdout, or stderr with --json, whose summary then
  // fails at the end): it ends there, and the table goes with it.
  auto full = run(ns.inside({"/bin/sh", "-c", "\"$0\" --port 7000 >/dev/full", bin("lab-badnet")}),
                  {}, 10s);
  INFO(full.err);
  CHECK(full.exit_code == 1);
  CHECK(lines(full.err).size() == 1);
  CHECK(full.err.find("lab-badnet: error: cannot write the output: No space left on device") == 0);
  CHECK(nft_tables(&ns).find("socketlab_badnet_") == std::string::npos);
  auto clean =
      run(ns.inside({"/bin/sh", "-c", "\"$0\" --clean >/dev/full", bin("lab-badnet")}), {}, 10s);
  CHECK(clean.exit_code == 1);
  CHECK(clean.err.find("lab-badnet: error: cannot write the output: No space left on device") == 0);
}

TEST_CASE("lab-badnet: a second lab-badnet is told that stopping it drops what the first holds",
          "[netfilter]") {
  REQUIRE_ROOT();
  NetNamespace ns;                       // only this test's two lab-badnet processes
  const std::string held_port = "7000";  // a namespace of its own: every port is free
  Process receiver(ns.inside({bin("lab-udp-receiver"), "--port", held_port, "--quiet", "--json"}));
  receiver_port(receiver);
  Badnet holding({"--port", held_port, "--udp", "--delay", "3000"}, &ns);
  Badnet other({"--port", "7001", "--udp"}, &ns);
  INFO(other.process.err());
  CHECK(other.process.err().find("note: lab-badnet PID " + std::to_string(holding.process.pid()) +
                                 " runs too.") != std::string::npos);
  // What the note says, as the kernel does it: 20 datagrams held for 3 s are gone the moment the
  // other lab-badnet removes its table, and the first one counts them as delayed, not dropped.
  REQUIRE(run(ns.inside({bin("lab-udp-sender"), "--to", "127.0.0.1:" + held_port, "--count", "20",
                         "--rate", "1000"}))
              .exit_code == 0);
  other.stop();
  const auto summary = holding.stop();  // releases what it still holds: nothing is left
  CHECK(number(json_document(summary), "to_port", "delayed") == 20);
  CHECK(number(json_document(summary), "to_port", "dropped") == 0);
  receiver.signal(SIGINT);
  REQUIRE(receiver.wait(10s) == 0);
  CHECK(number(receiver_summary(receiver.out()), "received") == 0);
}

TEST_CASE("lab-badnet: a second lab-badnet on the same port is refused in one line",
          "[netfilter]") {
  REQUIRE_ROOT();
  NetNamespace ns;
  Badnet first({"--port", "7000", "--delay", "100"}, &ns);
  for (const std::string ports : {"7000", "7001,7000", "6990-7010"}) {
    INFO(ports);
    // Before the fix it started and stacked its delay on the first's: run() would time out.
    auto second = run(ns.inside({bin("lab-badnet"), "--port", ports, "--delay", "100"}), {}, 15s);
    INFO(second.out << second.err);
    CHECK(second.exit_code == 1);
    CHECK(count_lines_with(second.err, "") == 1);
    CHECK(second.err.rfind("lab-badnet: error: port 7000 is already impaired by lab-badnet PID " +
                               std::to_string(first.process.pid()),
                           0) == 0);
    CHECK(second.err.find("kill " + std::to_string(first.process.pid())) != std::string::npos);
    CHECK(nft_tables(&ns).find("socketlab_badnet_") ==
          nft_tables(&ns).rfind("socketlab_badnet_"));  // only the first one's table
  }
  CHECK(table_exists(first.process.pid(), &ns));
  first.stop();
}

TEST_CASE("lab-badnet: a flood beyond what it can hold is counted whole and dropped, not passed",
          "[netfilter]") {
  REQUIRE_ROOT();
  NetNamespace ns;
  // 3,000 datagrams of 60,000 bytes held for 3 s would be 180 MB: far more than the 64 MiB
  // lab-badnet holds. Every one must be seen and decided on; the ones it cannot hold are
  // dropped and counted apart; none passes undelayed.
  Badnet badnet({"--port", "7000", "--udp", "--delay", "3000"}, &ns);
  const auto sent = run(ns.inside({bin("lab-udp-sender"), "--to", "127.0.0.1:7000", "--count",
                                   "3000", "--size", "60000", "--rate", "max"}),
                        {}, 60s);
  REQUIRE(sent.exit_code == 0);
  const auto summary = json_document(badnet.stop());
  INFO(lab::json::to_line(summary));
  const auto seen = number(summary, "to_port", "seen");
  const auto unseen = number(summary, "passed_unseen");
  CHECK(seen + unseen == 3000);
  CHECK(unseen == 0);
  CHECK(number(summary, "to_port", "delayed") + number(summary, "to_port", "dropped_hold_full") ==
        seen);
  CHECK(number(summary, "to_port", "dropped_hold_full") > 0);
  // 64 MiB of 60,000-byte datagrams is about 1,100: the rest could not be held.
  CHECK(number(summary, "to_port", "delayed") < 1200);
  CHECK(number(summary, "to_port", "delayed") > 900);
  CHECK(lab::json::bool_field(summary, "hold_was_full") == true);
}

TEST_CASE("lab-badnet: the live line fits a 60-column terminal", "[netfilter]") {
  REQUIRE_ROOT();
  NetNamespace ns;
  // A terminal of 60 columns (script(1) gives the program a pseudo-terminal).
  const std::string command = "stty cols 60; exec " + bin("lab-badnet") +
                              " --port 7000 --udp --loss 10 --delay 20 --reorder 5";
  Process badnet(ns.inside({tool("script"), "-qfec", command, "/dev/null"}),
                 SpawnOptions{{"TERM=xterm"}, {}});
  REQUIRE(badnet.wait_for_out("Ctrl-C", 10s));
  REQUIRE(run(ns.inside({bin("lab-udp-sender"), "--to", "127.0.0.1:7000", "--count", "300",
                         "--rate", "1000"}))
              .exit_code == 0);
  REQUIRE(badnet.wait_for_out("-> ", 10s));
  std::this_thread::sleep_for(1200ms);  // a few redraws
  badnet.signal(SIGINT);
  badnet.wait(10s);
  const std::string out = badnet.out();
  INFO(out);
  std::size_t redraws = 0;
  // Each redraw: "\r" + the line + "\x1b[K" (erase to the end of the line).
  for (std::size_t at = out.find("\r-> "); at != std::string::npos;
       at = out.find("\r-> ", at + 1)) {
    const auto end = out.find("\x1b[K", at);
    REQUIRE(end != std::string::npos);
    const auto line = out.substr(at + 1, end - at - 1);
    INFO(line);
    CHECK(lab::render::display_width(line) < 60);
    ++redraws;
  }
  CHECK(redraws >= 2);
}

TEST_CASE("lab-badnet: without CAP_NET_ADMIN, one line naming it, exit 1", "[netfilter]") {
  REQUIRE_ROOT();  // to become an unprivileged user we start as root
  auto result = run({tool("setpriv"), "--reuid=65534", "--regid=65534", "--clear-groups",
                     "--inh-caps=-all", bin("lab-badnet"), "--port", "7000", "--loss", "10"});
  INFO(result.out << result.err);
  CHECK(result.exit_code == 1);
  CHECK(count_lines_with(result.err, "") == 1);
  CHECK(result.err.find("lab-badnet: error:") == 0);
  CHECK(result.err.find("CAP_NET_ADMIN") != std::string::npos);
}

TEST_CASE("lab-badnet: bad values, one line and exit 2", "[netfilter]") {
  for (const auto& args :
       std::vector<std::vector<std::string>>{{"--port", "7000", "--loss", "150"},
                                             {"--port", "7000", "--delay", "-1"},
                                             {"--port", "7000", "--interface", "no-such-if0"},
                                             {"--port", "70x0"},
                                             {"--port", "7000,,7001"},
                                             {"--port", "7000", "--rate", "fast"},
                                             {"--loss", "10"}}) {
    std::vector<std::string> argv{bin("lab-badnet")};
    argv.insert(argv.end(), args.begin(), args.end());
    auto result = run(argv);
    INFO(args.back() << ": " << result.err);
    CHECK(result.exit_code == 2);
    CHECK(count_lines_with(result.err, "") == 1);
    CHECK(result.err.find("lab-badnet: error:") == 0);
  }
}

// Two computers, here: two network namespaces joined by a veth pair (192.0.2.0/24, the
// documentation prefix, exists only between them). Student A runs the server on 0.0.0.0 in
// one, student B the client in the other; each lab-netstat shows the other's address, and
// lab-badnet on A's interface makes the link bad for both directions.
TEST_CASE("lab-badnet: two computers (namespaces joined by veth), the 4-tuple from both ends",
          "[netfilter]") {
  REQUIRE_ROOT();
  NetNamespace host_a;
  NetNamespace host_b;
  // The pair is born inside A with its other end in B: the root namespace never sees it.
  REQUIRE(run(host_a.inside({tool("ip"), "link", "add", "lab-a", "type", "veth", "peer", "name",
                             "lab-b", "netns", host_b.name()}))
              .exit_code == 0);
  REQUIRE(
      run(host_a.inside({tool("ip"), "addr", "add", "192.0.2.1/24", "dev", "lab-a"})).exit_code ==
      0);
  REQUIRE(
      run(host_b.inside({tool("ip"), "addr", "add", "192.0.2.2/24", "dev", "lab-b"})).exit_code ==
      0);
  REQUIRE(run(host_a.inside({tool("ip"), "link", "set", "lab-a", "up"})).exit_code == 0);
  REQUIRE(run(host_b.inside({tool("ip"), "link", "set", "lab-b", "up"})).exit_code == 0);

  // Student A: a server for the classroom network.
  Process server(
      host_a.inside({bin("lab-tcp-server"), "--bind", "0.0.0.0", "--port", "7000", "--quiet"}));
  REQUIRE(server.wait_for_out("LISTENING", 10s));
  // Student B: an interactive client that stays connected while both look.
  Process client(host_b.inside({bin("lab-tcp-client"), "--to", "192.0.2.1:7000"}));
  REQUIRE(client.wait_for_out("ESTABLISHED", 10s));

  auto netstat_a = run(host_a.inside({bin("lab-netstat"), "-ano", "--port", "7000"}));
  auto netstat_b = run(host_b.inside({bin("lab-netstat"), "-ano", "--port", "7000"}));
  INFO(netstat_a.out << "\n---\n" << netstat_b.out);
  CHECK(std::regex_search(
      netstat_a.out, std::regex(R"(TCP\s+192\.0\.2\.1:7000\s+192\.0\.2\.2:\d+\s+ESTABLISHED)")));
  CHECK(std::regex_search(
      netstat_b.out, std::regex(R"(TCP\s+192\.0\.2\.2:\d+\s+192\.0\.2\.1:7000\s+ESTABLISHED)")));
  client.close_stdin();
  CHECK(client.wait(10s) == 0);

  // The bad network on A's interface: both directions pass it (in on arrival, out on leaving).
  Badnet badnet(
      {"--port", "7000", "--interface", "lab-a", "--loss", "10", "--delay", "20", "--seed", "4"},
      &host_a);
  auto scripted = run(host_b.inside({bin("lab-tcp-client"), "--to", "192.0.2.1:7000", "--count",
                                     "200", "--size", "1000", "--json"}),
                      {}, 60s);
  INFO(scripted.out << scripted.err);
  REQUIRE(scripted.exit_code == 0);
  CHECK(verified(scripted.out));
  CHECK(number(json_document(scripted.out), "tcp_info", "retransmits") > 0);
  CHECK(number(json_document(scripted.out), "tcp_info", "rtt_us") >= 35000);  // 20 ms in, 20 ms out
  const auto summary = badnet.stop();
  INFO(summary);
  CHECK(number(json_document(summary), "to_port", "seen") > 0);
  CHECK(number(json_document(summary), "from_port", "seen") > 0);
}

TEST_CASE("lab-badnet: a 1 Mbit/s rate limit spreads a burst out in time", "[netfilter]") {
  REQUIRE_ROOT();
  // --timeout 5: on a busy machine lab-badnet may not run for a while between two releases.
  Process receiver({bin("lab-udp-receiver"), "--port", "0", "--quiet", "--timeout", "5", "--rcvbuf",
                    "4M", "--json"});
  const auto port = receiver_port(receiver);
  Badnet badnet({"--port", port, "--udp", "--rate", "1M"});
  // 100 datagrams of 1000 bytes (plus headers, about 0.83 Mbit) sent in a twentieth of a second.
  auto sender = run({bin("lab-udp-sender"), "--to", "127.0.0.1:" + port, "--count", "100", "--size",
                     "1000", "--rate", "2000"},
                    {}, 30s);
  REQUIRE(sender.exit_code == 0);
  REQUIRE(receiver.wait(20s) == 0);
  const std::string report = receiver.out();
  const auto summary = badnet.stop();
  INFO(report << summary);
  // Under a second of queue: no tail drop (and nothing lost in the receiver's buffer).
  CHECK(number(receiver_summary(report), "received") +
            number(receiver_summary(report), "kernel_drops") ==
        100);
  // First to last arrival: the link needs about 0.83 s for them; the sender took 0.05 s.
  CHECK(decimal(receiver_summary(report), "seconds") > 0.6);
  CHECK(number(json_document(summary), "to_port", "delayed") > 50);
}

TEST_CASE("lab-badnet: traffic of other ports and other protocols passes untouched",
          "[netfilter]") {
  REQUIRE_ROOT();
  Process other({bin("lab-udp-receiver"), "--port", "0", "--quiet", "--timeout", "1", "--json"});
  const auto other_port = receiver_port(other);
  Process server({bin("lab-tcp-server"), "--port", "0", "--quiet"});
  const auto tcp_port = server_port(server);
  // Everything of UDP on the TCP server's port number is lost; nothing else may be.
  Badnet badnet({"--port", tcp_port, "--udp", "--loss", "100"});
  auto sender = run({bin("lab-udp-sender"), "--to", "127.0.0.1:" + other_port, "--count", "500",
                     "--rate", "5000"},
                    {}, 30s);
  REQUIRE(sender.exit_code == 0);
  REQUIRE(other.wait(20s) == 0);
  CHECK(number(receiver_summary(other.out()), "received") == 500);
  // TCP on that very port number is another port: not impaired.
  auto client =
      run({bin("lab-tcp-client"), "--port", tcp_port, "--count", "100", "--json"}, {}, 30s);
  REQUIRE(client.exit_code == 0);
  CHECK(number(json_document(client.out), "tcp_info", "retransmits") == 0);
  const auto summary = badnet.stop();
  CHECK(number(json_document(summary), "to_port", "seen") == 0);
}
