// lab-trace against the real TCP pair: the kernel's state changes and the segments on loopback,
// for each way a connection ends. CI runs as root (tracefs and libpcap need it); run without
// root, these tests say so and check the polling fallback only.
#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <string_view>

#include <catch2/catch.hpp>

#include "json_output.hpp"
#include "process.hpp"
#include "render/json.hpp"

using namespace labtest;

namespace {

bool is_root() {
  return geteuid() == 0;
}
#define SKIP_UNLESS_ROOT() \
  LAB_SKIP_UNLESS_ROOT("lab-trace's tracepoints and capture need root (CI runs as root)")

struct Server {
  explicit Server(std::vector<std::string> extra = {}) : process(args(std::move(extra))) {
    port = started_port(process);
  }
  static std::vector<std::string> args(std::vector<std::string> extra) {
    std::vector<std::string> out{bin("lab-tcp-server"), "--port", "0"};
    out.insert(out.end(), extra.begin(), extra.end());
    return out;
  }
  Process process;
  int port = 0;
};

// What lab-trace --json printed: json_documents (a last line still half written while the
// trace runs is left out).

// How many of those lines pass `test`.
std::size_t count_lines(const std::string& out,
                        const std::function<bool(const lab::json::Value&)>& test) {
  const auto documents = json_documents(out);
  return static_cast<std::size_t>(std::count_if(documents.begin(), documents.end(), test));
}

// A line's text field; "" when it has none.
std::string field(const lab::json::Value& line, std::string_view key) {
  return lab::json::string_field(line, key).value_or("");
}

struct Segment {
  std::string from, flags;
  long long len;
};

// What a trace printed: the states each end entered and the segments, for connection 1.
struct Trace {
  std::vector<std::string> client, server;
  std::vector<Segment> segments;

  static Trace parse(const std::string& out) {
    Trace trace;
    for (const auto& line : json_documents(out)) {
      if (lab::json::number_field(line, "conn") != 1) continue;
      const std::string type = field(line, "type");
      if (type == "state")
        (field(line, "end") == "client" ? trace.client : trace.server).push_back(field(line, "to"));
      if (type == "segment")
        trace.segments.push_back({field(line, "from"), field(line, "flags"),
                                  lab::json::number_field(line, "len").value_or(-1)});
    }
    return trace;
  }
};

// lab-trace --json on a port, started and ready (its start-up line is printed once the
// tracefs instance and the capture are open).
struct Tracer {
  Tracer(int port, std::vector<std::string> extra = {}) : process(args(port, std::move(extra))) {
    REQUIRE(process.wait_for_out("watching", 20s));
  }
  static std::vector<std::string> args(int port, std::vector<std::string> extra) {
    std::vector<std::string> out{bin("lab-trace"), "--port", std::to_string(port), "--json"};
    out.insert(out.end(), extra.begin(), extra.end());
    return out;
  }
  // Ctrl-C once the trace shows `done` (what the test is about to check: the last states, the
  // last segment), or after 15 s without it, when the checks that follow fail and say why.
  Trace stop_when(const std::function<bool(const Trace&)>& done) {
    eventually([&] { return done(Trace::parse(process.out())); }, 15s);
    return stop();
  }
  // Ctrl-C, then what it printed up to its summary.
  Trace stop() {
    process.signal(SIGINT);
    REQUIRE(process.wait(20s) == 0);
    return Trace::parse(process.out());
  }
  Process process;
};

// The segments' order: each wanted one found after the one before (ACKs may come alone or
// ride on the next segment, depending on timing; these are the ones that always come).
bool in_order(const std::vector<Segment>& segments,
              const std::vector<std::pair<std::string, std::string>>& wanted) {
  std::size_t at = 0;
  for (const auto& segment : segments) {
    if (at == wanted.size()) break;
    const auto& [from, flags] = wanted[at];
    if (segment.from == from && segment.flags.find(flags) != std::string::npos) ++at;
  }
  return at == wanted.size();
}

// Index of the first segment from `from` carrying `flag`; segments.size() when none.
std::size_t first_index(const std::vector<Segment>& segments, const std::string& from,
                        const std::string& flag) {
  for (std::size_t i = 0; i < segments.size(); ++i)
    if (segments[i].from == from && segments[i].flags.find(flag) != std::string::npos) return i;
  return segments.size();
}

bool has_flag(const std::vector<Segment>& segments, const std::string& flag) {
  return std::any_of(segments.begin(), segments.end(),
                     [&](const Segment& s) { return s.flags.find(flag) != std::string::npos; });
}

const std::vector<std::pair<std::string, std::string>> handshake = {
    {"client", "SYN"}, {"server", "SYN+ACK"}, {"client", "ACK"}};

void check_handshake(const Trace& trace) {
  REQUIRE(trace.segments.size() >= 3);
  CHECK(trace.segments[0].from == "client");
  CHECK(trace.segments[0].flags == "SYN");
  CHECK(trace.segments[1].from == "server");
  CHECK(trace.segments[1].flags == "SYN+ACK");
  CHECK(trace.segments[2].from == "client");
  CHECK(trace.segments[2].flags == "ACK");
}

using States = std::vector<std::string>;

// Whether each end's last state so far is the one given ("" for an end not looked at).
bool ended_in(const Trace& trace, const std::string& client, const std::string& server) {
  auto last_is = [](const States& states, const std::string& state) {
    return state.empty() || (!states.empty() && states.back() == state);
  };
  return last_is(trace.client, client) && last_is(trace.server, server);
}

}  // namespace

TEST_CASE("lab-trace: default close, the client first", "[trace]") {
  SKIP_UNLESS_ROOT();
  Server server;
  Tracer tracer(server.port);
  auto client = run({bin("lab-tcp-client"), "--port", std::to_string(server.port), "--count", "1"});
  REQUIRE(client.exit_code == 0);
  // The last ACK closes the server's end; the client's TIME_WAIT is printed with it.
  const Trace trace =
      tracer.stop_when([](const Trace& t) { return ended_in(t, "TIME_WAIT", "CLOSED"); });
  INFO(tracer.process.out());
  CHECK(trace.client == States{"SYN_SENT", "ESTABLISHED", "FIN_WAIT1", "FIN_WAIT2", "TIME_WAIT"});
  CHECK(trace.server == States{"SYN_RECV", "ESTABLISHED", "CLOSE_WAIT", "LAST_ACK", "CLOSED"});
  check_handshake(trace);
  CHECK(in_order(trace.segments, {{"client", "SYN"},
                                  {"server", "SYN+ACK"},
                                  {"client", "ACK"},
                                  {"client", "PSH"},
                                  {"server", "PSH"},
                                  {"client", "FIN"},
                                  {"server", "FIN"},
                                  {"client", "ACK"}}));
  CHECK_FALSE(has_flag(trace.segments, "RST"));
  // The TIME_WAIT line says where it came from (the tracepoint cannot report it).
  const std::string out = tracer.process.out();
  CHECK(count_lines(out, [](const lab::json::Value& line) {
          return field(line, "to") == "TIME_WAIT" && line.contains("held_ms");
        }) == 1);
  CHECK(count_lines(out, [](const lab::json::Value& line) {
          return lab::json::bool_field(line, "inferred") == true;
        }) == 1);
  // ... and the socket table confirms it: the client's row is there, in TIME_WAIT.
  CHECK(count_lines(out, [](const lab::json::Value& line) {
          return field(line, "type") == "connection" && line.contains("client") &&
                 field(line["client"], "in_socket_table") == "TIME_WAIT";
        }) == 1);
}

TEST_CASE("lab-trace: --no-close holds FIN_WAIT2 and CLOSE_WAIT", "[trace]") {
  SKIP_UNLESS_ROOT();
  Server server({"--no-close"});
  Tracer tracer(server.port);
  auto client = run({bin("lab-tcp-client"), "--port", std::to_string(server.port), "--count", "1"});
  REQUIRE(client.exit_code == 0);
  // The server's kernel acknowledges the FIN with a delayed ACK (40 ms or more): FIN_WAIT2.
  const Trace trace =
      tracer.stop_when([](const Trace& t) { return ended_in(t, "FIN_WAIT2", "CLOSE_WAIT"); });
  INFO(tracer.process.out());
  CHECK(trace.client == States{"SYN_SENT", "ESTABLISHED", "FIN_WAIT1", "FIN_WAIT2"});
  CHECK(trace.server == States{"SYN_RECV", "ESTABLISHED", "CLOSE_WAIT"});
  check_handshake(trace);
  CHECK(in_order(trace.segments,
                 {{"client", "PSH"}, {"server", "PSH"}, {"client", "FIN"}, {"server", "ACK"}}));
  CHECK(std::none_of(trace.segments.begin(), trace.segments.end(), [](const Segment& s) {
    return s.from == "server" && s.flags.find("FIN") != std::string::npos;
  }));
}

// The server shuts down (or resets) right after its echo while the client, having read the
// echo, closes: on a busy machine either may come first, and both are correct TCP. The test
// reads from the wire which came first and then expects exactly that case's transitions.
TEST_CASE("lab-trace: --half-close, the server's FIN first", "[trace]") {
  SKIP_UNLESS_ROOT();
  Server server({"--half-close"});
  Tracer tracer(server.port);
  auto client = run({bin("lab-tcp-client"), "--port", std::to_string(server.port), "--count", "1"});
  REQUIRE(client.exit_code == 0);
  // Whichever FIN came first, one end ends in TIME_WAIT and the other CLOSED.
  const Trace trace = tracer.stop_when([](const Trace& t) {
    return ended_in(t, "TIME_WAIT", "CLOSED") || ended_in(t, "CLOSED", "TIME_WAIT");
  });
  INFO(tracer.process.out());
  check_handshake(trace);
  const auto server_fin = first_index(trace.segments, "server", "FIN");
  const auto client_fin = first_index(trace.segments, "client", "FIN");
  REQUIRE(server_fin < trace.segments.size());
  REQUIRE(client_fin < trace.segments.size());
  if (server_fin < client_fin) {
    CHECK(trace.client == States{"SYN_SENT", "ESTABLISHED", "CLOSE_WAIT", "LAST_ACK", "CLOSED"});
    CHECK(trace.server == States{"SYN_RECV", "ESTABLISHED", "FIN_WAIT1", "FIN_WAIT2", "TIME_WAIT"});
  } else {
    WARN("the client's FIN came first this time (the race described above)");
    CHECK(trace.client == States{"SYN_SENT", "ESTABLISHED", "FIN_WAIT1", "FIN_WAIT2", "TIME_WAIT"});
    CHECK(trace.server == States{"SYN_RECV", "ESTABLISHED", "CLOSE_WAIT", "LAST_ACK", "CLOSED"});
  }
  CHECK(in_order(trace.segments, {{"client", "PSH"}, {"server", "PSH"}}));
  CHECK_FALSE(has_flag(trace.segments, "RST"));
}

TEST_CASE("lab-trace: --reset ends in an RST and no TIME_WAIT", "[trace]") {
  SKIP_UNLESS_ROOT();
  Server server({"--reset"});
  Tracer tracer(server.port);
  run({bin("lab-tcp-client"), "--port", std::to_string(server.port), "--count", "1"});
  const Trace trace =
      tracer.stop_when([](const Trace& t) { return ended_in(t, "CLOSED", "CLOSED"); });
  INFO(tracer.process.out());
  check_handshake(trace);
  CHECK(in_order(trace.segments, {{"client", "PSH"}, {"server", "PSH"}, {"server", "RST"}}));
  const auto reset = first_index(trace.segments, "server", "RST");
  const auto client_fin = first_index(trace.segments, "client", "FIN");
  if (client_fin > reset) {
    CHECK(trace.client == States{"SYN_SENT", "ESTABLISHED", "CLOSED"});
    CHECK(trace.server == States{"SYN_RECV", "ESTABLISHED", "CLOSED"});
    CHECK_FALSE(has_flag(trace.segments, "FIN"));
  } else {
    WARN("the client's FIN came before the RST this time (the race described above)");
    CHECK(trace.client == States{"SYN_SENT", "ESTABLISHED", "FIN_WAIT1", "CLOSED"});
    // The FIN reaches the server's socket just before or just after its close().
    const bool before_close =
        trace.server == States{"SYN_RECV", "ESTABLISHED", "CLOSE_WAIT", "CLOSED"};
    const bool after_close = trace.server == States{"SYN_RECV", "ESTABLISHED", "CLOSED"};
    CHECK((before_close || after_close));
  }
  CHECK(count_lines_with(tracer.process.out(), "TIME_WAIT") == 0);  // nowhere, in no field
  CHECK(count_lines(tracer.process.out(), [](const lab::json::Value& line) {
          return field(line, "type") == "connection";
        }) == 1);
}

TEST_CASE("lab-trace: the server closes first", "[trace]") {
  SKIP_UNLESS_ROOT();
  // The server closes a connection idle for 1 s; the interactive client waits on its stdin.
  Server server({"--idle-timeout", "1"});
  Tracer tracer(server.port);
  Process client({bin("lab-tcp-client"), "--port", std::to_string(server.port)});
  REQUIRE(client.wait_for_out("ESTABLISHED"));
  REQUIRE(eventually(
      [&] {
        return count_lines(tracer.process.out(), [](const lab::json::Value& line) {
                 return field(line, "to") == "FIN_WAIT2";
               }) > 0;
      },
      10s));
  client.close_stdin();
  REQUIRE(client.wait(10s).has_value());
  const Trace trace =
      tracer.stop_when([](const Trace& t) { return ended_in(t, "CLOSED", "TIME_WAIT"); });
  INFO(tracer.process.out());
  CHECK(trace.client == States{"SYN_SENT", "ESTABLISHED", "CLOSE_WAIT", "LAST_ACK", "CLOSED"});
  CHECK(trace.server == States{"SYN_RECV", "ESTABLISHED", "FIN_WAIT1", "FIN_WAIT2", "TIME_WAIT"});
  check_handshake(trace);
  CHECK(in_order(trace.segments,
                 {{"server", "FIN"}, {"client", "ACK"}, {"client", "FIN"}, {"server", "ACK"}}));
}

TEST_CASE("lab-trace: --pid watches the ports that process listens on", "[trace]") {
  SKIP_UNLESS_ROOT();
  Server server;
  Process tracer({bin("lab-trace"), "--pid", std::to_string(server.process.pid()), "--json"});
  REQUIRE(tracer.wait_for_out("watching", 20s));
  const std::string watched = "port " + std::to_string(server.port) + " on lo";
  CHECK(count_lines(tracer.out(), [&](const lab::json::Value& line) {
          return field(line, "type") == "note" &&
                 field(line, "text").find(watched) != std::string::npos;
        }) == 1);
  REQUIRE(run({bin("lab-tcp-client"), "--port", std::to_string(server.port), "--count", "1"})
              .exit_code == 0);
  eventually([&] { return ended_in(Trace::parse(tracer.out()), "", "CLOSED"); }, 15s);
  tracer.signal(SIGINT);
  REQUIRE(tracer.wait(20s) == 0);
  const Trace trace = Trace::parse(tracer.out());
  INFO(tracer.out());
  CHECK(trace.server == States{"SYN_RECV", "ESTABLISHED", "CLOSE_WAIT", "LAST_ACK", "CLOSED"});
  CHECK(count_lines(tracer.out(), [&](const lab::json::Value& line) {
          return lab::json::number_field(line, "pid") == server.process.pid();
        }) >= 5);
}

TEST_CASE("lab-trace: a refused connection is a SYN answered by RST", "[trace]") {
  SKIP_UNLESS_ROOT();
  const int port = free_port_tcp();
  Tracer tracer(port);
  auto client = run({bin("lab-tcp-client"), "--port", std::to_string(port), "--count", "1"});
  CHECK(client.exit_code == 1);
  const Trace trace = tracer.stop_when(
      [](const Trace& t) { return ended_in(t, "CLOSED", "") && t.segments.size() >= 2; });
  INFO(tracer.process.out());
  CHECK(trace.client == States{"SYN_SENT", "CLOSED"});
  REQUIRE(trace.segments.size() == 2);
  CHECK(trace.segments[0].from == "client");
  CHECK(trace.segments[0].flags == "SYN");
  CHECK(trace.segments[1].from == "server");
  CHECK(trace.segments[1].flags == "RST+ACK");
}

TEST_CASE("lab-trace: UDP to a closed port brings ICMP port unreachable", "[trace]") {
  SKIP_UNLESS_ROOT();
  const int port = free_port_udp();
  Tracer tracer(port);
  auto sender = run({bin("lab-udp-sender"), "--to", "127.0.0.1:" + std::to_string(port), "--count",
                     "1", "--size", "100"});
  CHECK(sender.exit_code == 0);
  eventually(
      [&] {
        return count_lines(tracer.process.out(), [](const lab::json::Value& line) {
                 return field(line, "type") == "icmp_unreachable";
               }) > 0;
      },
      15s);
  tracer.process.signal(SIGINT);
  REQUIRE(tracer.process.wait(20s) == 0);
  const std::string out = tracer.process.out();
  INFO(out);
  std::vector<std::string> types;
  for (const auto& line : json_documents(out)) {
    const auto type = field(line, "type");
    if (type == "datagram" || type == "icmp_unreachable") types.push_back(type);
  }
  CHECK(types == std::vector<std::string>{"datagram", "icmp_unreachable"});
  CHECK(count_lines(out, [](const lab::json::Value& line) {
          return field(line, "type") == "datagram" && lab::json::number_field(line, "len") == 100;
        }) == 1);
  CHECK(count_lines(out, [&](const lab::json::Value& line) {
          return field(line, "closed_port") == "127.0.0.1:" + std::to_string(port);
        }) == 1);
}

TEST_CASE("lab-trace: 50 connections for 3 s: every event printed or counted", "[trace]") {
  SKIP_UNLESS_ROOT();
  Server server({"--quiet", "--max-clients", "100"});
  Tracer tracer(server.port, {"--budget", "2000"});
  Process load({bin("lab-tcp-client"), "--port", std::to_string(server.port), "--connections", "50",
                "--duration", "3"});
  std::this_thread::sleep_for(1500ms);
  const auto early_rss = tracer.process.rss_kib();
  REQUIRE(load.wait(30s) == 0);
  std::this_thread::sleep_for(1s);
  const auto late_rss = tracer.process.rss_kib();
  const auto peak = tracer.process.peak_rss_kib();
  tracer.process.signal(SIGINT);
  REQUIRE(tracer.process.wait(30s) == 0);
  const std::string out = tracer.process.out();
  const auto documents = json_documents(out);
  const auto summary_line = std::find_if(documents.begin(), documents.end(), [](const auto& line) {
    return field(line, "type") == "summary";
  });
  REQUIRE(summary_line != documents.end());
  const lab::json::Value& summary = *summary_line;
  INFO(lab::json::to_line(summary));
  // Per kind: what it printed is what the summary says it printed, and seen = printed + skipped.
  REQUIRE(summary.contains("events"));
  std::map<std::string, std::array<long long, 3>> counts;
  for (const auto& [kind, c] : summary["events"].items())
    counts[kind] = {lab::json::number_field(c, "seen").value_or(-1),
                    lab::json::number_field(c, "printed").value_or(-1),
                    lab::json::number_field(c, "skipped").value_or(-1)};
  REQUIRE(counts.count("state") == 1);
  REQUIRE(counts.count("segment") == 1);
  std::map<std::string, long long> lines_of;
  for (const auto& line : documents)
    ++lines_of[field(line, "type")];
  for (const auto& [kind, c] : counts) {
    INFO(kind);
    CHECK(c[0] == c[1] + c[2]);
  }
  CHECK(lines_of["state"] == counts["state"][1]);
  CHECK(lines_of["segment"] == counts["segment"][1]);
  // A flood of segments at 2000 lines per second: most are counted, not printed.
  CHECK(counts["segment"][2] > 0);
  // Every connection's ten state changes (5 per end) were seen, unless the kernel reported
  // that it dropped events before lab-trace could read them.
  const auto trace_lost = lab::json::number_field(summary, "lost_in_trace_buffer");
  const auto capture_lost = lab::json::number_field(summary, "lost_in_capture");
  REQUIRE(trace_lost);
  REQUIRE(capture_lost);
  if (*trace_lost == 0 && *capture_lost == 0)
    CHECK(counts["state"][0] == 50 * 10);
  else
    CHECK(counts["state"][0] <= 50 * 10);
  // Memory: bounded, and not growing with the flood.
  REQUIRE(early_rss);
  REQUIRE(late_rss);
  REQUIRE(peak);
#if defined(__SANITIZE_ADDRESS__)
  // AddressSanitizer keeps freed memory in quarantine (256 MiB by default) and adds shadow
  // memory, so its RSS says little about ours: only a runaway is caught here.
  CHECK(*peak < 768 * 1024);
  CHECK(*late_rss - *early_rss < 384 * 1024);
#else
  CHECK(*peak < 128 * 1024);
  CHECK(*late_rss - *early_rss < 16 * 1024);
#endif
}

TEST_CASE("lab-trace: a second run starts at once beside the first, both see the connection",
          "[trace]") {
  SKIP_UNLESS_ROOT();
  Server server;
  Tracer first(server.port);
  // Before the fix the second waited, silent, on /run/lab-trace.lock until the first ended.
  Tracer second(server.port, {"--duration", "3"});
  auto client = run({bin("lab-tcp-client"), "--port", std::to_string(server.port), "--count", "1"});
  REQUIRE(client.exit_code == 0);
  REQUIRE(second.process.wait(20s) == 0);
  CHECK(first.process.running());
  const auto first_trace = first.stop();
  const auto second_trace = Trace::parse(second.process.out());
  CHECK_FALSE(first_trace.client.empty());
  CHECK(second_trace.client == first_trace.client);
  CHECK(second.process.err().find("Interrupted system call") == std::string::npos);
}

TEST_CASE("lab-trace: Ctrl-C while it waits for the lock ends it quietly", "[trace]") {
  SKIP_UNLESS_ROOT();
  // The exclusive lock, as a lab-trace holds it for the moment it mounts tracefs; held here for
  // about a second only (other lab-trace runs on this machine wait that long at most).
  const int lock = ::open("/run/lab-trace.lock", O_CREAT | O_RDWR | O_CLOEXEC, 0600);
  REQUIRE(lock >= 0);
  REQUIRE(::flock(lock, LOCK_EX) == 0);
  Process tracer({bin("lab-trace"), "--port", "7000"});
  // Waiting for it: it has the lock file open (and its Ctrl-C handler in place before that).
  const bool waiting = eventually(
      [&] {
        std::error_code ec;
        for (const auto& fd : std::filesystem::directory_iterator(
                 "/proc/" + std::to_string(tracer.pid()) + "/fd", ec))
          if (std::filesystem::read_symlink(fd.path(), ec) == "/run/lab-trace.lock") return true;
        return false;
      },
      10s);
  CHECK(waiting);
  tracer.signal(SIGINT);
  const auto code = tracer.wait(5s);
  ::close(lock);
  INFO(tracer.err());
  CHECK(code == 0);
  CHECK(tracer.err().find("Interrupted system call") == std::string::npos);
  CHECK(tracer.err().find("error") == std::string::npos);
}

TEST_CASE("lab-trace: its terminal closing (SIGHUP) ends it as Ctrl-C does, instance removed",
          "[trace]") {
  SKIP_UNLESS_ROOT();
  Server server;
  Tracer tracer(server.port);
  const std::string instance =
      "/sys/kernel/tracing/instances/lab-trace-" + std::to_string(tracer.process.pid());
  std::error_code ec;
  REQUIRE(std::filesystem::exists(instance, ec));
  tracer.process.signal(SIGHUP);
  // Ended by its own clean-up, not killed by the signal: exit 0, the summary, no instance left.
  REQUIRE(tracer.process.wait(20s) == 0);
  CHECK(count_lines(tracer.process.out(), [](const lab::json::Value& line) {
          return field(line, "type") == "summary";
        }) == 1);
  CHECK_FALSE(std::filesystem::exists(instance, ec));
}

TEST_CASE("lab-trace: a full disk is one error line and exit 1, a reader that left ends it quietly",
          "[trace]") {
  SKIP_UNLESS_ROOT();
  Server server;
  const std::string port = std::to_string(server.port);
  for (const std::string json : {"", " --json"}) {
    // The start-up line is the first write: it fails, and the tracefs instance goes with it.
    auto full =
        run({"/bin/sh", "-c", "\"$0\" --port " + port + " --duration 5" + json + " >/dev/full",
             bin("lab-trace")});
    INFO(full.err);
    CHECK(full.exit_code == 1);
    CHECK(lines(full.err).size() == 1);
    CHECK(full.err.find("lab-trace: error: cannot write the output: No space left on device") == 0);
  }
  // head takes the start-up line and leaves; the next line (the summary at the latest) meets
  // the closed pipe, and lab-trace ends without a word, exit 0.
  auto head =
      run({"/bin/bash", "-c",
           "\"$0\" --port " + port + R"( --duration 1 | head -1; echo "exit ${PIPESTATUS[0]}" >&2)",
           bin("lab-trace")});
  INFO(head.err);
  CHECK(lines(head.out).size() == 1);
  CHECK(head.err == "exit 0\n");
}

TEST_CASE("lab-trace: not root, the polling fallback says what it cannot see", "[trace]") {
  Server server;
  // A real non-root user when we are root (setpriv, util-linux); otherwise we already are one.
  std::vector<std::string> argv;
  if (is_root())
    argv = {"/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
            bin("lab-trace")};
  else
    argv = {bin("lab-trace")};
  for (const char* arg : {"--port", "", "--json"})
    argv.emplace_back(arg);
  argv[argv.size() - 2] = std::to_string(server.port);
  Process tracer(argv);
  REQUIRE(tracer.wait_for_out("watching", 20s));
  auto client = run({bin("lab-tcp-client"), "--port", std::to_string(server.port), "--count", "1"});
  REQUIRE(client.exit_code == 0);
  // The poll sees the client's TIME_WAIT row at its next look at the table.
  eventually(
      [&] {
        return count_lines(tracer.out(), [](const lab::json::Value& line) {
                 return field(line, "to") == "TIME_WAIT";
               }) > 0;
      },
      15s);
  tracer.signal(SIGINT);
  REQUIRE(tracer.wait(20s) == 0);
  const std::string out = tracer.out();
  INFO(out);
  auto notes_with = [&](const std::string& words) {
    return count_lines(out, [&](const lab::json::Value& line) {
      return field(line, "type") == "note" && field(line, "text").find(words) != std::string::npos;
    });
  };
  CHECK(notes_with("not root: polling the socket table") == 1);
  CHECK(notes_with("SYN_SENT, SYN_RECV, FIN_WAIT1, CLOSING, LAST_ACK") == 1);
  CHECK(count_lines(out, [](const lab::json::Value& line) {
          return field(line, "type") == "segment";
        }) == 0);
  // The long state is there: the client's TIME_WAIT, seen in the table.
  CHECK(count_lines(out, [](const lab::json::Value& line) {
          return field(line, "to") == "TIME_WAIT";
        }) >= 1);
}

TEST_CASE("lab-trace: bad arguments are one line and exit 2", "[trace]") {
  const std::vector<std::vector<std::string>> bad = {
      {},
      {"--port", "70000"},
      {"--port", "0"},
      {"--port", "7000", "--duration", "-1"},
      {"--port", "7000", "--budget", "0"},
      {"--port", "7000", "--lang", "xx"},
      {"--port", "7000", "--no-such-option"},
      {"--pid", "0"},
  };
  for (const auto& extra : bad) {
    std::vector<std::string> argv{bin("lab-trace")};
    argv.insert(argv.end(), extra.begin(), extra.end());
    const auto result = run(argv);
    INFO(result.err);
    CHECK(result.exit_code == 2);
    CHECK(lines(result.err).size() == 1);
    CHECK(result.err.rfind("lab-trace: error: ", 0) == 0);
    CHECK(result.out.empty());
  }
}
