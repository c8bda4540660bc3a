// scripts/compare-tcp-udp.sh: the same workload over TCP and UDP in one table.
#include <regex>
#include <string>

#include <catch2/catch.hpp>

#include "process.hpp"

using namespace labtest;

namespace {
// The script runs the programs of the build these tests belong to (default or asan).
SpawnOptions this_build() {
  SpawnOptions options;
  options.env.push_back(std::string("LAB_BIN_DIR=") + LAB_BIN_DIR);
  return options;
}
}  // namespace

TEST_CASE("lab-udp compare script: TCP delivers everything, UDP's numbers add up") {
  auto result = run(
      {source_path("scripts/compare-tcp-udp.sh"), "--count", "300", "--size", "64", "--slow", "1"},
      {}, 60s);
  INFO(result.out << result.err);
  REQUIRE(result.exit_code == 0);
  std::smatch tcp;
  REQUIRE(std::regex_search(result.out, tcp,
                            std::regex(R"(TCP\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+[0-9.]+)")));
  CHECK(tcp[1] == "300");          // delivered
  CHECK(tcp[2] == "0");            // lost
  CHECK(tcp[3] == "0");            // reordered
  CHECK(std::stoi(tcp[4]) < 300);  // fewer reads than messages: no boundaries
  std::smatch udp;
  REQUIRE(std::regex_search(result.out, udp,
                            std::regex(R"(UDP\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+[0-9.]+)")));
  CHECK(std::stoi(udp[1]) + std::stoi(udp[2]) == 300);  // delivered + lost
  CHECK(udp[4] == udp[1]);                              // one read per datagram
  CHECK(result.out.find("the kernel counted") != std::string::npos);
}

TEST_CASE("lab-udp compare script: bad arguments exit 2 with one line") {
  auto result =
      run({source_path("scripts/compare-tcp-udp.sh"), "--size", "99999"}, {}, 20s, this_build());
  CHECK(result.exit_code == 2);
  CHECK(result.err.find("65,507") != std::string::npos);
  CHECK(count_lines_with(result.err, "") == 1);
}
