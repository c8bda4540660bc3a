// Terminals (issue 21 item 13): colour and screen control only for a terminal that can take
// them. TERM=dumb (an editor's shell buffer) and no TERM at all get plain text: no colour, no
// cleared screen, no cursor movement. script(1) gives the programs a real pseudo-terminal.
#include <unistd.h>

#include <catch2/catch.hpp>

#include "process.hpp"

using namespace labtest;

namespace {

// `command` run on a pseudo-terminal with `env` added; what the terminal showed.
std::string on_terminal(const std::string& command, std::vector<std::string> env) {
  const char* script = "/usr/bin/script";
  if (::access(script, X_OK) != 0) return {};
  env.emplace_back("NO_COLOR=");  // empty: does not count (no-color.org); TERM decides
  const auto result = run({script, "-qfec", command, "/dev/null"}, {}, 20s, {env, {}});
  return result.out;
}

}  // namespace

TEST_CASE("TERM=dumb and no TERM: no colour, no screen clearing; a real terminal gets both",
          "[terminal]") {
  if (::access("/usr/bin/script", X_OK) != 0) {
    WARN("skipped: script(1) (util-linux) is not installed");
    return;
  }
  // lab-netstat's watch mode clears the screen between snapshots on a terminal.
  const std::string watch = bin("lab-netstat") + " -ano 1 --count 2";
  // An error line is red on a terminal.
  const std::string error = bin("lab-tcp-server") + " --port 70000";
  const auto xterm_watch = on_terminal(watch, {"TERM=xterm"});
  INFO(xterm_watch);
  CHECK(xterm_watch.find("\x1b[2J") != std::string::npos);
  CHECK(on_terminal(error, {"TERM=xterm"}).find("\x1b[31m") != std::string::npos);
  for (const std::string term : {"TERM=dumb", "TERM="}) {
    INFO(term);
    const auto plain_watch = on_terminal(watch, {term});
    INFO(plain_watch);
    CHECK(plain_watch.find("Proto") != std::string::npos);  // the tables are there ...
    CHECK(plain_watch.find('\x1b') == std::string::npos);   // ... and nothing else
    const auto plain_error = on_terminal(error, {term});
    INFO(plain_error);
    CHECK(plain_error.find("lab-tcp-server: error:") != std::string::npos);
    CHECK(plain_error.find('\x1b') == std::string::npos);
  }
}
