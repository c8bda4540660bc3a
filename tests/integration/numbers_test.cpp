// One validator for every number a student types, in every program (issue 21 item 12): "nan",
// "inf", an empty string, a sign, a value one past the range are each one line in the program's
// own words and exit 2. None of them may run as if nothing had been typed ("--loss nan" used to
// mean "counting only", "--seed -1" became 18446744073709551615, "--duration nan" never ended).
#include <catch2/catch.hpp>

#include "process.hpp"

using namespace labtest;

TEST_CASE("bad numbers are one line in the program's voice and exit 2, in every program",
          "[numbers]") {
  struct Case {
    const char* program;
    std::vector<std::string> before;  // what the program needs besides the bad option
    std::string option;
    std::vector<std::string> values;
  };
  const std::vector<std::string> nonsense = {"nan", "inf", "", "-1", "1e3"};
  const std::vector<Case> cases = {
      {"lab-badnet", {"--port", "7000"}, "--loss", nonsense},
      {"lab-badnet", {"--port", "7000"}, "--delay", {"nan", "inf", "", "-1", "10001"}},
      {"lab-badnet", {"--port", "7000"}, "--jitter", {"nan", "NaN"}},
      {"lab-badnet", {"--port", "7000"}, "--duplicate", {"nan", "100.5"}},
      {"lab-badnet", {"--port", "7000"}, "--reorder", {"-0.5", "inf"}},
      {"lab-badnet", {"--port", "7000"}, "--seed", {"-1", "18446744073709551616", "", "1.5"}},
      {"lab-badnet", {"--port", "7000"}, "--rate", {"1.5X", "nan", "", "0", "-1M"}},
      {"lab-trace", {"--port", "7000"}, "--duration", {"nan", "inf", "", "-1", "86401"}},
      {"lab-trace", {"--port", "7000"}, "--budget", {"-1", "", "nan", "2.5"}},
      {"lab-trace", {"--port", "7000"}, "--pid", {"-1", "0", ""}},
      {"lab-tcp-client", {}, "--connections", {"nan", "", "-1", "1.5"}},
      {"lab-tcp-client", {}, "--duration", {"inf", ""}},
      {"lab-tcp-server", {}, "--backlog", {"-1", "", "65536"}},
      {"lab-tcp-server", {}, "--idle-timeout", {"nan", ""}},
      {"lab-udp-sender", {"--to", "127.0.0.1:9"}, "--rate", {"nan", "inf", "", "-1", "1.5X"}},
      {"lab-udp-sender", {"--to", "127.0.0.1:9"}, "--count", {"-1", ""}},
      {"lab-udp-receiver", {}, "--timeout", {"nan", ""}},
      {"lab-netstat", {}, "--pid", {"-1", ""}},
  };
  for (const auto& c : cases) {
    for (const auto& value : c.values) {
      std::vector<std::string> argv{bin(c.program)};
      argv.insert(argv.end(), c.before.begin(), c.before.end());
      argv.push_back(c.option);
      argv.push_back(value);
      INFO(c.program << " " << c.option << " '" << value << "'");
      const auto result = run(argv, {}, 10s);
      INFO(result.err);
      CHECK(result.exit_code == 2);
      CHECK(lines(result.err).size() == 1);
      CHECK(result.err.rfind(std::string(c.program) + ": error: " + c.option, 0) == 0);
      CHECK(result.err.find("not in range") == std::string::npos);
      CHECK(result.err.find(".000000") == std::string::npos);
      CHECK(result.out.empty());
    }
  }
}

TEST_CASE("a rate takes a decimal multiple wherever rates are typed (1.5k, 1.5M)", "[numbers]") {
  // lab-udp-sender: 1.5k datagrams per second is 1,500 (lab-badnet's --rate 1.5M is covered by
  // its unit test; it needs root to run).
  const auto port = std::to_string(free_port_udp());
  const auto sent =
      run({bin("lab-udp-sender"), "--to", "127.0.0.1:" + port, "--count", "3", "--rate", "1.5k"});
  INFO(sent.err);
  CHECK(sent.exit_code == 0);
  CHECK(sent.err.find("error") == std::string::npos);
}
