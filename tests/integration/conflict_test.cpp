// lab-port-conflict as real processes: hold, try, the demo (each scenario, --json, Ctrl-C), and
// the holder named when two lab-tcp-servers want one port.
#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <set>

#include <catch2/catch.hpp>

#include "process.hpp"
#include "render/json.hpp"

using namespace labtest;

namespace {

// "lab-port-conflict hold" on a free port; the port and PID come from its start-up line.
struct Holder {
  explicit Holder(std::vector<std::string> extra = {}) : process(args(std::move(extra))) {
    auto match = process.wait_for_match(std::regex(R"(PID (\d+) · (TCP|UDP) 127\.0\.0\.1:(\d+))"));
    REQUIRE(match);
    announced_pid = std::stoi((*match)[1]);
    port = static_cast<std::uint16_t>(std::stoi((*match)[3]));
  }
  static std::vector<std::string> args(std::vector<std::string> extra) {
    std::vector<std::string> out{bin("lab-port-conflict"), "hold", "--port", "0"};
    out.insert(out.end(), extra.begin(), extra.end());
    return out;
  }
  std::string port_text() const { return std::to_string(port); }
  Process process;
  int announced_pid = 0;
  std::uint16_t port = 0;
};

std::string exchange_udp(std::uint16_t port, const std::string& payload) {
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  timeval tv{5, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  sendto(fd, payload.data(), payload.size(), 0, reinterpret_cast<sockaddr*>(&address),
         sizeof address);
  char buffer[256];
  ssize_t got = recv(fd, buffer, sizeof buffer, 0);
  close(fd);
  return got > 0 ? std::string(buffer, static_cast<std::size_t>(got)) : std::string();
}

// PIDs whose parent is `parent` (from /proc/PID/stat), zombies included.
std::set<int> children_of(int parent) {
  std::set<int> pids;
  DIR* proc = opendir("/proc");
  if (!proc) return pids;
  while (dirent* entry = readdir(proc)) {
    std::string name = entry->d_name;
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream stat("/proc/" + name + "/stat");
    std::string line;
    std::getline(stat, line);
    auto close_paren = line.rfind(')');
    if (close_paren == std::string::npos) continue;
    std::istringstream rest(line.substr(close_paren + 2));
    char state;
    int ppid = 0;
    rest >> state >> ppid;
    if (ppid == parent) pids.insert(std::stoi(name));
  }
  closedir(proc);
  return pids;
}

bool process_exists(int pid) {
  return kill(pid, 0) == 0 || errno != ESRCH;
}

// The demo's one JSON document, parsed (a test failure when it is not JSON).
lab::json::Value parse_document(const std::string& text) {
  auto document = lab::json::parse(text);
  REQUIRE(document);
  return *document;
}

// Every check of every scenario, in order.
std::vector<lab::json::Value> checks_of(const lab::json::Value& document) {
  std::vector<lab::json::Value> checks;
  for (const auto& scenario : document["scenarios"])
    for (const auto& check : scenario["checks"])
      checks.push_back(check);
  return checks;
}

std::size_t count_of(const std::string& text, const std::string& needle) {
  std::size_t count = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1))
    ++count;
  return count;
}

}  // namespace

TEST_CASE("lab-port-conflict try: EADDRINUSE names the PID of the process that holds the port") {
  Holder holder;
  CHECK(holder.announced_pid == holder.process.pid());
  auto second = run({bin("lab-port-conflict"), "try", "--tcp", "--port", holder.port_text()});
  CHECK(second.exit_code == 1);
  CHECK(second.err.starts_with("lab-port-conflict: error: "));
  CHECK(count_lines_with(second.err, "") == 1);
  CHECK(second.err.find("EADDRINUSE 98") != std::string::npos);
  CHECK(second.err.find("WSAEADDRINUSE 10048") != std::string::npos);
  CHECK(second.err.find("in use by PID " + std::to_string(holder.process.pid()) +
                        " (lab-port-conflict)") != std::string::npos);

  // 0.0.0.0 covers 127.0.0.1: the same holder is named.
  auto wildcard = run({bin("lab-port-conflict"), "try", "--port", holder.port_text(), "--bind",
                       "0.0.0.0", "--json"});
  CHECK(wildcard.exit_code == 1);
  CHECK(wildcard.out.find(R"("ok":false)") != std::string::npos);
  CHECK(wildcard.out.find(R"("error":"EADDRINUSE")") != std::string::npos);
  CHECK(wildcard.out.find(R"("holders":[{"pid":)" + std::to_string(holder.process.pid())) !=
        std::string::npos);
}

TEST_CASE("lab-port-conflict try: a holder we may not see is said so, not guessed") {
  LAB_SKIP_IF(geteuid() != 0 || access("/usr/sbin/runuser", X_OK) != 0, "needs root and runuser");
  Holder holder;  // root's process; `nobody` may not read its /proc/PID/fd
  auto hidden = run({"/usr/sbin/runuser", "-u", "nobody", "--", bin("lab-port-conflict"), "try",
                     "--port", holder.port_text()});
  if (hidden.err.find("failed to execute") != std::string::npos) {
    LAB_SKIP_IF(true, "nobody cannot run the build tree");
  }
  CHECK(hidden.exit_code == 1);
  CHECK(hidden.err.find("by a process we may not see (another user's; run as root to name it)") !=
        std::string::npos);
  CHECK(hidden.err.find("PID " + std::to_string(holder.process.pid())) == std::string::npos);
}

TEST_CASE("lab-port-conflict try: a free port binds, UDP on a TCP holder's number too") {
  Holder holder;
  auto udp = run({bin("lab-port-conflict"), "try", "--udp", "--port", holder.port_text()});
  CHECK(udp.exit_code == 0);
  CHECK(udp.out.find("→ OK") != std::string::npos);
  auto json =
      run({bin("lab-port-conflict"), "try", "--udp", "--port", holder.port_text(), "--json"});
  CHECK(json.exit_code == 0);
  CHECK(json.out.find(R"("ok":true)") != std::string::npos);
  CHECK(json.out.find(R"("port":)" + holder.port_text()) != std::string::npos);
}

TEST_CASE("lab-port-conflict hold: TCP and UDP on one number, each answer names PID and port") {
  Holder holder({"--tcp", "--udp"});
  REQUIRE(holder.process.wait_for_out("UDP 127.0.0.1:" + holder.port_text()));
  const auto expected =
      "PID " + std::to_string(holder.process.pid()) + ", port " + holder.port_text();
  CHECK(tcp_exchange(holder.port, "") == expected + "/tcp\n");
  CHECK(exchange_udp(holder.port, "hi") == expected + "/udp\n");
  holder.process.signal(SIGINT);
  CHECK(holder.process.wait() == 0);
  CHECK(holder.process.out().find("let go of its ports (1 connection, 1 datagram answered") !=
        std::string::npos);
}

TEST_CASE("lab-port-conflict: bad arguments exit 2 with one line") {
  for (const auto& args : std::vector<std::vector<std::string>>{
           {bin("lab-port-conflict")},
           {bin("lab-port-conflict"), "grab"},
           {bin("lab-port-conflict"), "try", "--port", "70000"},
           {bin("lab-port-conflict"), "try", "--tcp", "--udp"},
           {bin("lab-port-conflict"), "hold", "--bind", "no-such-host.invalid"},
           {bin("lab-port-conflict"), "demo", "--scenario", "7"},
           {bin("lab-port-conflict"), "demo", "--connections", "100000"},
       }) {
    INFO(args.back());
    auto result = run(args);
    CHECK(result.exit_code == 2);
    CHECK(result.err.starts_with("lab-port-conflict: error: "));
    CHECK(count_lines_with(result.err, "") == 1);
  }
}

TEST_CASE(
    "lab-port-conflict --exclusive: SO_EXCLUSIVEADDRUSE is Windows-only, refused in one line") {
  for (const char* command : {"try", "hold"}) {
    INFO(command);
    auto result = run({bin("lab-port-conflict"), command, "--port", "0", "--exclusive"});
    CHECK(result.exit_code == 2);
    CHECK(result.out.empty());
    CHECK(result.err ==
          "lab-port-conflict: error: --exclusive: SO_EXCLUSIVEADDRUSE exists only on Windows: on "
          "Linux a bound port is already exclusive unless every socket on it sets SO_REUSEPORT\n");
  }
  auto korean = run({bin("lab-port-conflict"), "--lang", "ko", "try", "--exclusive"});
  CHECK(korean.exit_code == 2);
  CHECK(korean.err.starts_with(
      "lab-port-conflict: error: --exclusive: SO_EXCLUSIVEADDRUSE는 Windows에만 있습니다"));
  // Its JSON names the option too, off, beside the Windows and Linux error names.
  Holder holder;
  auto json = run({bin("lab-port-conflict"), "try", "--json", "--port", holder.port_text()});
  const auto document = parse_document(json.out);
  CHECK(document["exclusive_address"] == false);
  CHECK(document["error"] == "EADDRINUSE");
  CHECK(document["windows_error"] == "WSAEADDRINUSE 10048");
  CHECK(document["linux_error"] == "EADDRINUSE 98");
}

TEST_CASE("lab-port-conflict demo --json: every check passes on Linux, nothing left running") {
  auto demo = run({bin("lab-port-conflict"), "demo", "--json"}, {}, 60s);
  INFO(demo.out << demo.err);
  REQUIRE(demo.exit_code == 0);
  REQUIRE(count_lines_with(demo.out, "") == 1);  // one JSON document
  const auto document = parse_document(demo.out);
  REQUIRE(document["scenarios"].size() == 6);
  for (int number = 1; number <= 6; ++number)
    CHECK(document["scenarios"][number - 1]["number"] == number);
  const auto all = checks_of(document);
  CHECK(all.size() >= 14);
  std::size_t conflicts = 0;
  for (const auto& check : all) {
    CHECK(check["pass"] == true);
    CHECK(check["mark"] == "✓");
    // Every conflict names the first process: holder_pid and the one named PID are the same.
    if (check.contains("holder_pid")) {
      ++conflicts;
      CHECK(check["named_pids"] == lab::json::Value::array({check["holder_pid"]}));
    }
  }
  CHECK(conflicts == 5);  // scenarios 1 (twice), 3, 4, 6
  CHECK(document["failed"] == 0);
  CHECK(document["passed"] == all.size());
  // Every process it started was reaped.
  CHECK(document["processes_started"] == document["processes_reaped"]);
  CHECK(document["processes_started"] >= 18);
  CHECK(document["interrupted"] == false);
}

TEST_CASE("lab-port-conflict demo: each scenario's outcome on Linux") {
  // The checks of one scenario, each as (observed, pass); every one must pass.
  auto scenario = [](int number) {
    auto demo =
        run({bin("lab-port-conflict"), "demo", "--json", "--scenario", std::to_string(number)}, {},
            30s);
    INFO(demo.out << demo.err);
    CHECK(demo.exit_code == 0);
    const auto document = parse_document(demo.out);
    CHECK(document["scenarios"].size() == 1);
    CHECK(document["scenarios"][0]["number"] == number);
    auto checks = checks_of(document);
    for (const auto& check : checks)
      CHECK(check["pass"] == true);
    return checks;
  };
  auto observed = [](const std::vector<lab::json::Value>& checks, std::string_view start) {
    return std::count_if(checks.begin(), checks.end(), [&](const lab::json::Value& check) {
      return check["observed"].get<std::string>().starts_with(start);
    });
  };
  SECTION("1: the same TCP port twice → EADDRINUSE, even with SO_REUSEADDR") {
    auto checks = scenario(1);
    CHECK(observed(checks, "EADDRINUSE, holder PID ") == 2);
  }
  SECTION("2: TCP and UDP on one number → both bound") {
    auto checks = scenario(2);
    CHECK(observed(checks, "bound") == 1);
  }
  SECTION("3: 0.0.0.0 collides with 127.0.0.1, 127.0.0.2 does not") {
    auto checks = scenario(3);
    CHECK(observed(checks, "EADDRINUSE, holder PID ") == 1);
    CHECK(observed(checks, "bound") == 1);
  }
  SECTION("4: two UDP binds conflict unless both set SO_REUSEADDR") {
    auto checks = scenario(4);
    CHECK(observed(checks, "EADDRINUSE, holder PID ") == 1);
    CHECK(observed(checks, "bound") == 1);
  }
  SECTION("5: TIME_WAIT blocks a restart without SO_REUSEADDR, not with it") {
    auto checks = scenario(5);
    REQUIRE(checks.size() == 4);
    CHECK(checks[0]["observed"].get<std::string>().find("× TIME_WAIT on port ") !=
          std::string::npos);
    CHECK(observed(checks, "EADDRINUSE, TIME_WAIT × ") == 1);
    CHECK(observed(checks, "bound") == 1);
    CHECK(checks[3]["elsewhere"] == "FreeBSD: bound");
  }
  SECTION("6: SO_REUSEPORT on both → two listeners, connections spread over both") {
    auto checks = scenario(6);
    REQUIRE(checks.size() == 3);
    std::smatch counts;
    const auto spread = checks[2]["observed"].get<std::string>();
    REQUIRE(std::regex_search(spread, counts, std::regex(R"(PID \d+: (\d+), PID \d+: (\d+))")));
    CHECK(std::stoi(counts[1]) > 0);
    CHECK(std::stoi(counts[2]) > 0);
    CHECK(std::stoi(counts[1]) + std::stoi(counts[2]) == 20);
  }
}

TEST_CASE("lab-port-conflict demo: the narration says why, in Korean too") {
  auto demo = run({bin("lab-port-conflict"), "demo", "--scenario", "1", "--lang", "ko"}, {}, 30s);
  CHECK(demo.exit_code == 0);
  CHECK(demo.out.find("시나리오 1") != std::string::npos);
  CHECK(demo.out.find("예상") != std::string::npos);
  CHECK(demo.out.find("✓") != std::string::npos);
  CHECK(demo.out.find("✗ 0개") != std::string::npos);  // the summary line
  CHECK(count_of(demo.out, "✗") == 1);
}

TEST_CASE("lab-port-conflict demo: Ctrl-C in the middle leaves no process behind") {
  const bool korean = GENERATE(false, true);
  Process demo({bin("lab-port-conflict"), "demo", "--scenario", "6", "--pause", "60", "--lang",
                korean ? "ko" : "en"});
  // Scenario 6 holds two processes on one port while it pauses.
  REQUIRE(demo.wait_for_out(korean ? "그대로 둡니다" : "s to look", 20s));
  auto children = children_of(demo.pid());
  CHECK(children.size() == 2);
  demo.signal(SIGINT);
  auto code = demo.wait(10s);
  REQUIRE(code);
  CHECK(*code == 0);  // ended on purpose, with its summary: exit 0 like every program
  CHECK(demo.out().find(korean ? "중단됨" : "interrupted") != std::string::npos);
  CHECK(demo.err().empty());
  for (int pid : children) {
    INFO(pid);
    CHECK_FALSE(process_exists(pid));
  }
}

TEST_CASE("lab-tcp-server: a second server on the same port fails naming the first's PID") {
  Process first({bin("lab-tcp-server"), "--port", "0"});
  const auto port = std::to_string(started_port(first));
  auto second = run({bin("lab-tcp-server"), "--port", port});
  CHECK(second.exit_code == 1);
  CHECK(count_lines_with(second.err, "") == 1);
  CHECK(second.err.find("lab-tcp-server: error: bind: port " + port +
                        "/tcp on 127.0.0.1 is already in "
                        "use by PID " +
                        std::to_string(first.pid()) + " (lab-tcp-server)") != std::string::npos);
  // Even with SO_REUSEADDR: the first one listens.
  auto reuse = run({bin("lab-tcp-server"), "--port", port, "--reuse-address"});
  CHECK(reuse.exit_code == 1);
  CHECK(reuse.err.find("PID " + std::to_string(first.pid())) != std::string::npos);
}
