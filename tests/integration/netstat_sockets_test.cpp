// lab-netstat against real sockets: this test process opens them (so their PID is getpid()),
// or a forked child does (a second PID), and lab-netstat must report them as a student sees.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <regex>
#include <set>
#include <string>

#include "json_output.hpp"
#include "process.hpp"
#include "sockets/socket_table.hpp"

using namespace labtest;

namespace {

// A socket the test owns; closed on destruction.
struct Fd {
  int fd = -1;
  explicit Fd(int value) : fd(value) {}
  ~Fd() {
    if (fd >= 0) close(fd);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
};

std::uint16_t local_port(int fd) {
  sockaddr_in address{};
  socklen_t length = sizeof address;
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  return ntohs(address.sin_port);
}

sockaddr_in loopback(std::uint16_t port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(port);
  return address;
}

int tcp_listener() {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  auto address = loopback(0);
  REQUIRE(bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  REQUIRE(listen(fd, 8) == 0);
  return fd;
}

int udp_socket() {
  int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  auto address = loopback(0);
  REQUIRE(bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  return fd;
}

// A client in a child process: connects to `port`, reports its own port, closes its socket
// when the parent writes one byte (so it is the active closer), then waits to be told to exit.
class ChildClient {
 public:
  explicit ChildClient(std::uint16_t port) {
    int to_child[2], from_child[2];
    REQUIRE(pipe(to_child) == 0);
    REQUIRE(pipe(from_child) == 0);
    pid_ = fork();
    REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
      // Only async-signal-safe calls from here on. Catch2's signal handlers and the
      // parent's sockets stay behind: the child holds its own socket and nothing else.
      signal(SIGTERM, SIG_DFL);
      for (int fd = 3; fd < 1024; ++fd)
        if (fd != to_child[0] && fd != from_child[1]) close(fd);
      int fd = socket(AF_INET, SOCK_STREAM, 0);
      auto address = loopback(port);
      std::uint16_t mine = 0;
      if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) {
        sockaddr_in self{};
        socklen_t length = sizeof self;
        getsockname(fd, reinterpret_cast<sockaddr*>(&self), &length);
        mine = ntohs(self.sin_port);
      }
      if (write(from_child[1], &mine, sizeof mine) != sizeof mine) _exit(1);
      char byte;
      if (read(to_child[0], &byte, 1) == 1) close(fd);  // close now: FIN from this side
      if (write(from_child[1], &mine, sizeof mine) != sizeof mine) _exit(1);
      while (read(to_child[0], &byte, 1) > 0) {
      }
      _exit(0);  // the parent closed the pipe (or was killed): stop
    }
    close(to_child[0]);
    close(from_child[1]);
    to_child_ = to_child[1];
    from_child_ = from_child[0];
    REQUIRE(read(from_child_, &port_, sizeof port_) == sizeof port_);
    REQUIRE(port_ != 0);
  }
  ~ChildClient() {
    close(to_child_);
    close(from_child_);
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
  }
  void close_socket() {
    char byte = 1;
    REQUIRE(write(to_child_, &byte, 1) == 1);
    std::uint16_t again = 0;
    REQUIRE(read(from_child_, &again, sizeof again) == sizeof again);
  }
  pid_t pid() const { return pid_; }
  std::uint16_t port() const { return port_; }

 private:
  pid_t pid_ = -1;
  int to_child_ = -1;
  int from_child_ = -1;
  std::uint16_t port_ = 0;
};

std::string netstat_line_with(const std::string& out, const std::string& needle) {
  for (const auto& line : lines(out))
    if (line.find(needle) != std::string::npos) return line;
  return "";
}

std::string pid_text() {
  return std::to_string(getpid());
}

}  // namespace

TEST_CASE("lab-netstat: a listening socket shows LISTENING with its owner's PID, only with -a") {
  Fd listener(tcp_listener());
  const auto port = std::to_string(local_port(listener.fd));
  auto result = run({bin("lab-netstat"), "-ano", "--port", port});
  REQUIRE(result.exit_code == 0);
  CHECK(result.out.find("Active Connections") != std::string::npos);
  const std::string line = netstat_line_with(result.out, "127.0.0.1:" + port + " ");
  CHECK(std::regex_match(line, std::regex("  TCP    127\\.0\\.0\\.1:" + port +
                                          " +0\\.0\\.0\\.0:0 +LISTENING +" + pid_text())));
  // Without -a listening sockets are hidden, as on Windows.
  auto hidden = run({bin("lab-netstat"), "-no", "--port", port});
  CHECK(hidden.exit_code == 0);
  CHECK(hidden.out.find("127.0.0.1:" + port + " ") == std::string::npos);
  // Linux syntax: -tlnp lists it with the program name.
  auto linux_style = run({bin("lab-netstat"), "-tlnp", "--port", port});
  CHECK(netstat_line_with(linux_style.out, "127.0.0.1:" + port).find(pid_text()) !=
        std::string::npos);
}

TEST_CASE(
    "lab-netstat: a connection is two ESTABLISHED rows, then TIME_WAIT (PID 0) and "
    "CLOSE_WAIT") {
  Fd listener(tcp_listener());
  const std::uint16_t server_port = local_port(listener.fd);
  ChildClient client(server_port);
  Fd accepted(accept4(listener.fd, nullptr, nullptr, SOCK_CLOEXEC));
  REQUIRE(accepted.fd >= 0);
  const std::string server = "127.0.0.1:" + std::to_string(server_port);
  const std::string client_end = "127.0.0.1:" + std::to_string(client.port());

  auto result = run({bin("lab-netstat"), "-ano", "--port", std::to_string(server_port)});
  REQUIRE(result.exit_code == 0);
  // The server's end: local = server port, held by this test process.
  CHECK(std::regex_search(result.out, std::regex("TCP +" + server + " +" + client_end +
                                                 " +ESTABLISHED +" + pid_text() + "\n")));
  // The client's end: local = its ephemeral port, held by the child.
  CHECK(std::regex_search(result.out,
                          std::regex("TCP +" + client_end + " +" + server + " +ESTABLISHED +" +
                                     std::to_string(client.pid()) + "\n")));

  // The client closes first: its end waits in FIN_WAIT_2 for the server to close; the server
  // has not closed yet, so its end sits in CLOSE_WAIT.
  client.close_socket();
  CHECK(eventually([&] {
    auto after = run({bin("lab-netstat"), "-ano", "--port", std::to_string(server_port)});
    return std::regex_search(after.out, std::regex("TCP +" + server + " +" + client_end +
                                                   " +CLOSE_WAIT +" + pid_text() + "\n"));
  }));
  // Now the server closes too: the client's end (the active closer) enters TIME_WAIT, held by
  // no process, so it shows PID 0.
  close(accepted.fd);
  accepted.fd = -1;
  CHECK(eventually([&] {
    auto after = run({bin("lab-netstat"), "-ano", "--state", "TIME_WAIT", "--port",
                      std::to_string(server_port)});
    return std::regex_search(after.out,
                             std::regex("TCP +" + client_end + " +" + server + " +TIME_WAIT +0\n"));
  }));
}

TEST_CASE("lab-netstat -b: the executable in brackets under each row, as Windows netstat -b") {
  // Programs are named by argv[0]'s base name: this test binary's own file name.
  char self[4096];
  const ssize_t length = readlink("/proc/self/exe", self, sizeof self - 1);
  REQUIRE(length > 0);
  const std::string self_path(self, static_cast<std::size_t>(length));
  const std::string executable = " [" + self_path.substr(self_path.rfind('/') + 1) + "]";

  Fd listener(tcp_listener());
  const std::uint16_t server_port = local_port(listener.fd);
  ChildClient client(server_port);  // connected, and never accepted: see the last row below
  const std::string server = "127.0.0.1:" + std::to_string(server_port);
  const std::string client_end = "127.0.0.1:" + std::to_string(client.port());
  // The line under the row that starts with `row_start` ("" when there is no such row).
  auto under = [](const std::vector<std::string>& all, const std::string& row_start) {
    for (std::size_t i = 0; i + 1 < all.size(); ++i)
      if (all[i].rfind(row_start, 0) == 0) return all[i + 1];
    return std::string();
  };
  auto result = run({bin("lab-netstat"), "-anob", "--port", std::to_string(server_port)});
  REQUIRE(result.exit_code == 0);
  const auto all = lines(result.out);
  // The listener, then the client's end (the child: the same executable, another PID).
  CHECK(under(all, "  TCP    " + server + "        0.0.0.0:0") == executable);
  CHECK(under(all, "  TCP    " + client_end) == executable);
  // The server's end waits in the accept queue: no process holds it yet, so no executable.
  CHECK(under(all, "  TCP    " + server + "        " + client_end) ==
        " Can not obtain ownership information");
  // Rows and their notes alternate: every row has exactly one line under it.
  CHECK(std::count_if(all.begin(), all.end(),
                      [](const std::string& line) { return line.rfind("  TCP ", 0) == 0; }) == 3);
  CHECK(all.size() == 3 + 2 * 3);  // title, blank line, header, then 3 rows with a note each

  // -b works in the ss layout and in Korean too; without -b there is no such line.
  auto ss =
      run({bin("lab-netstat"), "-tlb", "--style", "ss", "--port", std::to_string(server_port)});
  CHECK(under(lines(ss.out), "  tcp   LISTEN") == executable);
  auto korean =
      run({bin("lab-netstat"), "-anb", "--lang", "ko", "--port", std::to_string(server_port)});
  CHECK(under(lines(korean.out), "  TCP       " + server + "        " + client_end) ==
        " 소유자 정보를 가져올 수 없습니다");
  auto plain = run({bin("lab-netstat"), "-ano", "--port", std::to_string(server_port)});
  CHECK(plain.out.find(executable) == std::string::npos);
}

TEST_CASE("lab-netstat: a UDP socket shows *:* and no state") {
  Fd udp(udp_socket());
  const auto port = std::to_string(local_port(udp.fd));
  auto result = run({bin("lab-netstat"), "-anop", "UDP", "--port", port});
  REQUIRE(result.exit_code == 0);
  const std::string line = netstat_line_with(result.out, "127.0.0.1:" + port + " ");
  CHECK(std::regex_match(
      line, std::regex("  UDP    127\\.0\\.0\\.1:" + port + " +\\*:\\* {36}" + pid_text())));
  // -p TCP leaves it out.
  auto tcp_only = run({bin("lab-netstat"), "-anop", "TCP", "--port", port});
  CHECK(tcp_only.out.find("  UDP ") == std::string::npos);
}

TEST_CASE("lab-netstat: --source proc and --source netlink give the same rows") {
  Fd listener(tcp_listener());
  ChildClient client(local_port(listener.fd));
  Fd accepted(accept4(listener.fd, nullptr, nullptr, SOCK_CLOEXEC));
  Fd udp(udp_socket());
  int v6 = socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  Fd udp6(v6);
  sockaddr_in6 any6{};
  any6.sin6_family = AF_INET6;
  any6.sin6_addr = in6addr_loopback;
  REQUIRE(bind(udp6.fd, reinterpret_cast<sockaddr*>(&any6), sizeof any6) == 0);

  // Library level: the same identity fields for every socket this process holds.
  using namespace lab::sockets;
  auto identities = [](Source source) {
    TableQuery query;
    query.source = source;
    query.with_processes = true;
    std::set<std::string> out;
    for (const auto& row : read_socket_table(query).rows)
      if (row.pid == getpid())
        out.insert(std::string(protocol_name(row.protocol)) + " " + row.local.to_string() + " " +
                   row.remote.to_string() + " " + std::string(linux_state_name(row.state)) +
                   " uid=" + std::to_string(row.uid) + " inode=" + std::to_string(row.inode));
    return out;
  };
  auto from_proc = identities(Source::proc);
  auto from_netlink = identities(Source::netlink);
  CHECK(from_proc.size() == 4);
  CHECK(from_proc == from_netlink);

  // Program level: the same table, printed.
  auto proc = run({bin("lab-netstat"), "-ano", "--pid", pid_text(), "--source", "proc"});
  auto netlink = run({bin("lab-netstat"), "-ano", "--pid", pid_text(), "--source", "netlink"});
  REQUIRE(proc.exit_code == 0);
  REQUIRE(netlink.exit_code == 0);
  CHECK(proc.out == netlink.out);
  CHECK(count_lines_with(proc.out, pid_text()) == 4);
}

TEST_CASE("lab-netstat: rows agree with ss -tuanp for the same sockets") {
  Fd listener(tcp_listener());
  const std::uint16_t server_port = local_port(listener.fd);
  ChildClient client(server_port);
  Fd accepted(accept4(listener.fd, nullptr, nullptr, SOCK_CLOEXEC));
  Fd udp(udp_socket());
  const std::uint16_t udp_port = local_port(udp.fd);

  // (netid state local peer pid) for exactly our sockets: a busy machine reuses the same port
  // numbers towards other destinations, so both ends must match.
  const std::string server = "127.0.0.1:" + std::to_string(server_port);
  const std::string client_end = "127.0.0.1:" + std::to_string(client.port());
  const std::string udp_end = "127.0.0.1:" + std::to_string(udp_port);
  const std::set<std::pair<std::string, std::string>> ours_ends = {
      {server, "0.0.0.0:*"}, {server, client_end}, {client_end, server}, {udp_end, "0.0.0.0:*"}};
  const std::regex ss_row(
      R"((tcp|udp)\s+(\S+)\s+\d+\s+\d+\s+(\S+)\s+(\S+)(?:\s+users:\(\("[^"]*",pid=(\d+)(?:,fd=\d+)?\)\))?)");
  auto rows_of = [&](const std::string& text) {
    std::set<std::string> out;
    for (const auto& line : lines(text)) {
      std::smatch m;
      if (!std::regex_search(line, m, ss_row)) continue;
      if (!ours_ends.count({m[3], m[4]})) continue;
      out.insert(std::string(m[1]) + " " + std::string(m[2]) + " " + std::string(m[3]) + " " +
                 std::string(m[4]) + " " + std::string(m[5]));
    }
    return out;
  };
  auto ss = run({"/usr/bin/ss", "-tuanpH"});
  REQUIRE(ss.exit_code == 0);
  auto ours = run({bin("lab-netstat"), "-ano", "--style", "ss"});
  REQUIRE(ours.exit_code == 0);
  auto expected = rows_of(ss.out);
  CHECK(expected.size() == 4);  // listener, two ends, UDP
  CHECK(rows_of(ours.out) == expected);
}

TEST_CASE("lab-netstat: watch mode appends marked snapshots, JSON Lines with --json") {
  Fd first(tcp_listener());
  Process watch({bin("lab-netstat"), "-ano", "--pid", pid_text(), "1", "--count", "3"});
  REQUIRE(watch.wait_for_out("Active Connections"));
  Fd second(tcp_listener());  // appears in a later snapshot as new
  const std::string second_end = "127.0.0.1:" + std::to_string(local_port(second.fd));
  REQUIRE(watch.wait(10s) == 0);
  CHECK(count_lines_with(watch.out(), "Active Connections") == 3);
  CHECK(std::regex_search(watch.out(), std::regex("\\+ TCP +" + second_end)));
  CHECK(watch.err().find("stopped after 3 snapshots") != std::string::npos);
  CHECK(watch.out().find("\x1b[") == std::string::npos);  // not a terminal: no redraw, no colour

  auto json = run(
      {bin("lab-netstat"), "-ano", "--json", "--pid", pid_text(), "--watch", "1", "--count", "2"});
  REQUIRE(json.exit_code == 0);
  auto docs = lines(json.out);
  REQUIRE(docs.size() == 2);
  CHECK(docs[0].rfind("{\"snapshot\":1,", 0) == 0);
  CHECK(docs[1].rfind("{\"snapshot\":2,", 0) == 0);
  const auto snapshot = json_document(docs[1]);
  REQUIRE(snapshot.contains("rows"));
  CHECK(std::any_of(snapshot["rows"].begin(), snapshot["rows"].end(), [](const auto& row) {
    return lab::json::number_field(row, "pid") == getpid();
  }));
}

TEST_CASE("lab-netstat: --json, --explain, --raw and --lang ko on a real socket") {
  Fd listener(tcp_listener());
  const auto port = std::to_string(local_port(listener.fd));
  auto json = run({bin("lab-netstat"), "-ano", "--json", "--port", port});
  REQUIRE(json.exit_code == 0);
  CHECK(lines(json.out).size() == 1);
  const auto document = json_document(json.out);
  REQUIRE(document.contains("rows"));
  REQUIRE(document["rows"].size() == 1);
  const auto& row = document["rows"][0];
  CHECK(lab::json::number_field(row, "local_port") == std::stoll(port));
  CHECK(lab::json::string_field(row, "state") == "LISTEN");
  CHECK(lab::json::string_field(row, "state_windows") == "LISTENING");
  CHECK(lab::json::number_field(row, "pid") == getpid());
  CHECK(lab::json::string_field(row, "program") == "lab-integration-tests");

  auto explain = run({bin("lab-netstat"), "-an", "--port", port, "--explain"});
  CHECK(explain.out.find("waiting for clients") != std::string::npos);
  auto raw = run({bin("lab-netstat"), "-an", "--port", port, "--raw"});
  CHECK(raw.out.find("st 0A = LISTEN") != std::string::npos);

  auto korean = run({bin("lab-netstat"), "-ano", "--lang", "ko", "--port", port});
  CHECK(korean.out.find("활성 연결") != std::string::npos);
  CHECK(korean.out.find("  프로토콜  로컬 주소") != std::string::npos);
  CHECK(korean.out.find("LISTENING") != std::string::npos);  // states stay English
}

TEST_CASE("lab-netstat: bad input is one line and exit 2") {
  for (std::vector<std::string> args : {std::vector<std::string>{"-p", "FOO"},
                                        {"-ano", "abc"},
                                        {"--port", "-5"},
                                        {"-anx"},
                                        {"--state", "DANCING"},
                                        {"--watch", "0"}}) {
    args.insert(args.begin(), bin("lab-netstat"));
    auto result = run(args);
    INFO(args[1]);
    CHECK(result.exit_code == 2);
    CHECK(lines(result.err).size() == 1);
    CHECK(result.err.rfind("lab-netstat: error: ", 0) == 0);
  }
}

TEST_CASE("lab-netstat: without root, one warning says why some PIDs are missing") {
  LAB_SKIP_UNLESS_ROOT("becoming another user (nobody) needs root");
  // As "nobody", root's /proc/PID/fd folders cannot be read.
  auto as_nobody = run({"/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                        bin("lab-netstat"), "-ano"});
  CHECK(as_nobody.exit_code == 0);
  CHECK(lines(as_nobody.err).size() == 1);
  CHECK(as_nobody.err.find("could not be read") != std::string::npos);
  CHECK(as_nobody.out.find("Active Connections") != std::string::npos);
  // Without -o nothing is scanned, so there is nothing to warn about.
  auto no_pids = run({"/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                      bin("lab-netstat"), "-an"});
  CHECK(no_pids.err.empty());
}

TEST_CASE("lab-netstat: watch mode on a terminal redraws in place and colours new rows") {
  Fd first(tcp_listener());
  // `script` gives lab-netstat a terminal (a pseudo-terminal) for its stdout.
  Process watch(
      {"/usr/bin/script", "-qec",
       "env -u NO_COLOR " + bin("lab-netstat") + " -ano --pid " + pid_text() + " 1 --count 3",
       "/dev/null"});
  REQUIRE(watch.wait_for_out("Active Connections"));
  Fd second(tcp_listener());
  const std::string second_end = "127.0.0.1:" + std::to_string(local_port(second.fd));
  REQUIRE(watch.wait(10s) == 0);
  const std::string out = watch.out();
  CHECK(count_lines_with(out, "\x1b[H\x1b[2J") == 3);  // cursor home + clear, each snapshot
  // The new row is green (ESC[32m) and marked '+'.
  CHECK(std::regex_search(out, std::regex("\x1b\\[32m\\+ TCP +" + second_end)));
}

TEST_CASE("lab-netstat core: who_holds and sockets_of_pid name this process") {
  using namespace lab::sockets;
  Fd listener(tcp_listener());
  Fd udp(udp_socket());
  const std::uint16_t tcp_port = local_port(listener.fd);
  const std::uint16_t udp_port = local_port(udp.fd);

  auto tcp_holders = who_holds(Protocol::tcp, tcp_port);
  REQUIRE(tcp_holders.size() == 1);
  CHECK(tcp_holders[0].pid == getpid());
  CHECK(tcp_holders[0].program == "lab-integration-tests");
  CHECK(who_holds(Protocol::tcp, tcp_port, Address::v4(127, 0, 0, 1)).size() == 1);
  CHECK(who_holds(Protocol::tcp, tcp_port, Address::v4(127, 0, 0, 2)).empty());
  CHECK(who_holds(Protocol::udp, tcp_port).size() <= 1);  // TCP and UDP ports are different
  auto udp_holders = who_holds(Protocol::udp, udp_port);
  REQUIRE(udp_holders.size() == 1);
  CHECK(udp_holders[0].pid == getpid());

  auto mine = sockets_of_pid(getpid());
  CHECK(mine.size() == 2);
  for (const auto& row : mine)
    CHECK((row.local.port == tcp_port || row.local.port == udp_port));
}
