// Where the output goes wrong, as a student's shell makes it go wrong: `>/dev/full` (the write
// fails with ENOSPC), `| head -1` (the reader leaves; SIGPIPE would kill us). Each program says
// so in one line and exits 1, or ends quietly, or (a server) keeps serving its clients.
#include <signal.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "process.hpp"

using namespace labtest;

namespace {

// `command` run by bash with $0 = the program's path: redirections and pipes as a student types.
Result shell(std::string_view program, const std::string& command, Millis timeout = 20s) {
  return run({"/bin/bash", "-c", command, bin(program)}, {}, timeout);
}

void check_full_disk(const Result& result, std::string_view program) {
  INFO(result.err);
  CHECK(result.exit_code == 1);
  CHECK(lines(result.err).size() == 1);
  CHECK(result.err.find(std::string(program) + ": error: cannot write the output: No space left") ==
        0);
}

// bash runs `PROGRAM ARGS | head -1`, then reports the program's exit code on stderr as
// "exit N". head prints the program's first line and leaves: from then on nobody reads.
struct HeadPipeline {
  HeadPipeline(std::string_view program, const std::string& args)
      : process({"/bin/bash", "-c",
                 "\"$0\" " + args + R"( | head -1; echo "exit ${PIPESTATUS[0]}" >&2)",
                 bin(program)}) {}
  // The PID and port of the program's start-up line ("PID 4312 · TCP 127.0.0.1:7000").
  std::pair<pid_t, std::uint16_t> started() {
    auto match =
        process.wait_for_match(std::regex(R"(PID (\d+) · (?:TCP|UDP) 127\.0\.0\.1:(\d+))"));
    REQUIRE(match);
    return {std::stoi((*match)[1]), static_cast<std::uint16_t>(std::stoi((*match)[2]))};
  }
  // SIGTERM to the program (started by this test, ended by its PID); bash then ends too.
  void stop(pid_t pid) {
    REQUIRE(kill(pid, SIGTERM) == 0);
    REQUIRE(process.wait(10s) == 0);
  }
  Process process;
};

}  // namespace

TEST_CASE("output: a full disk is one error line and exit 1, in every converted program") {
  check_full_disk(shell("lab-netstat", R"("$0" -ano >/dev/full)"), "lab-netstat");
  check_full_disk(shell("lab-netstat", R"("$0" -ano --json >/dev/full)"), "lab-netstat");
  check_full_disk(shell("lab-ports", R"("$0" --list all >/dev/full)"), "lab-ports");
  check_full_disk(shell("lab-ports", R"("$0" --json http >/dev/full)"), "lab-ports");
  check_full_disk(shell("lab-port-conflict", R"("$0" try --tcp --port 0 --json >/dev/full)"),
                  "lab-port-conflict");
  check_full_disk(shell("lab-port-conflict", R"("$0" demo --scenario 2 --json >/dev/full)"),
                  "lab-port-conflict");
}

TEST_CASE("output: the TCP client with a full disk says so, exit 1") {
  Process server({bin("lab-tcp-server"), "--port", "0"});
  const auto port = std::to_string(started_port(server));
  check_full_disk(shell("lab-tcp-client", "\"$0\" --port " + port + " --count 2 >/dev/full"),
                  "lab-tcp-client");
}

TEST_CASE("output: lab-netstat's watch mode into `head -1` ends quietly, not by SIGPIPE") {
  // The second snapshot finds the reader gone: before, exit 141 (SIGPIPE); now exit 0, silent.
  auto result = shell("lab-netstat", R"("$0" -ano 1 | head -1; echo "exit ${PIPESTATUS[0]}")", 30s);
  INFO(result.err);
  CHECK(result.exit_code == 0);
  CHECK(result.out == "Active Connections\nexit 0\n");
  CHECK(result.err.empty());
}

TEST_CASE("output: a one-shot listing into `head -1` ends quietly") {
  // The second lab-ports starts after head has taken its line and left, so its first write
  // meets the closed pipe (before: killed by SIGPIPE, exit 141).
  auto result = shell("lab-ports", R"(("$0" --list all; sleep 0.5; "$0" --list all) | head -1; )"
                                   R"(echo "exit ${PIPESTATUS[0]}")");
  INFO(result.err);
  CHECK(result.out.find("exit 0\n") != std::string::npos);
  CHECK(lines(result.out).size() == 2);  // head's one line, then ours
  CHECK(result.err.empty());
}

TEST_CASE("output: a server whose log reader left keeps serving, and ends with its summary") {
  HeadPipeline pipeline("lab-tcp-server", "--port 0");
  auto [server_pid, port] = pipeline.started();
  // Each connection is logged (accept, close) into the closed pipe: EPIPE, not SIGPIPE.
  CHECK(tcp_exchange(port, "one\n", 4) == "one\n");
  std::this_thread::sleep_for(200ms);
  CHECK(tcp_exchange(port, "two\n", 4) == "two\n");
  CHECK(tcp_exchange(port, "three\n", 6) == "three\n");
  pipeline.stop(server_pid);
  const auto err = pipeline.process.err();
  INFO(err);
  CHECK(err.find("exit 0") != std::string::npos);
  // The summary has nowhere else to go: stderr, with the three clients counted.
  CHECK(err.find("lab-tcp-server: stopped · 3 clients served") != std::string::npos);
}

TEST_CASE("output: lab-port-conflict hold keeps holding after its reader left") {
  HeadPipeline pipeline("lab-port-conflict", "hold --tcp --port 0");
  auto [holder_pid, port] = pipeline.started();
  std::this_thread::sleep_for(200ms);
  CHECK(tcp_exchange(port, "") ==
        "PID " + std::to_string(holder_pid) + ", port " + std::to_string(port) + "/tcp\n");
  pipeline.stop(holder_pid);
  const auto err = pipeline.process.err();
  INFO(err);
  CHECK(err.find("exit 0") != std::string::npos);
  CHECK(err.find("let go of its ports (1 connection,") != std::string::npos);
}

TEST_CASE("output: a UDP receiver whose log reader left keeps counting") {
  HeadPipeline pipeline("lab-udp-receiver", "--port 0");
  auto [receiver_pid, port] = pipeline.started();
  std::this_thread::sleep_for(200ms);  // head has left: each datagram's line meets EPIPE
  const auto to = "127.0.0.1:" + std::to_string(port);
  auto sent = run({bin("lab-udp-sender"), "--to", to, "--count", "5"});
  REQUIRE(sent.exit_code == 0);
  pipeline.stop(receiver_pid);
  const auto err = pipeline.process.err();
  INFO(err);
  CHECK(err.find("exit 0") != std::string::npos);
  CHECK(err.find("lab-udp-receiver: summary: ") != std::string::npos);
  CHECK(err.find("5 received") != std::string::npos);
}
