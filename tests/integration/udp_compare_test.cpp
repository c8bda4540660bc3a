// scripts/compare-tcp-udp.sh: the same workload over TCP and UDP in one table.
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iterator>
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

// Through lab-badnet (root only): the same table, now with the network's losses.
TEST_CASE("lab-udp compare script: --loss 10, TCP retransmits and delivers, UDP loses",
          "[netfilter]") {
  LAB_SKIP_UNLESS_ROOT("--loss runs lab-badnet, which needs root (CI runs it as root)");
  auto result = run(
      {source_path("scripts/compare-tcp-udp.sh"), "--count", "400", "--loss", "10", "--seed", "3"},
      {}, 120s, this_build());
  INFO(result.out << result.err);
  REQUIRE(result.exit_code == 0);
  std::smatch tcp;
  REQUIRE(std::regex_search(
      result.out, tcp,
      std::regex(R"(TCP\s+400\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+[0-9.]+)")));
  CHECK(tcp[1] == "400");        // delivered, every one
  CHECK(tcp[2] == "0");          // lost
  CHECK(std::stoi(tcp[5]) > 0);  // retransmitted
  std::smatch udp;
  REQUIRE(std::regex_search(
      result.out, udp,
      std::regex(R"(UDP\s+400\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+-\s+(\d+)\s+[0-9.]+)")));
  CHECK(std::stoi(udp[1]) + std::stoi(udp[2]) == 400);
  CHECK(std::stoi(udp[2]) >= 10);  // 10 % of 400 is 40; the spread is about 6
  CHECK(std::stoi(udp[2]) <= 90);
}

TEST_CASE("lab-udp compare script: --sweep writes an SVG with TCP and UDP side by side",
          "[netfilter]") {
  LAB_SKIP_UNLESS_ROOT("--sweep runs lab-badnet, which needs root (CI runs it as root)");
  char dir_template[] = "/tmp/socketlab-sweep-XXXXXX";
  REQUIRE(::mkdtemp(dir_template) != nullptr);
  const std::string svg = std::string(dir_template) + "/sweep.svg";
  auto result =
      run({source_path("scripts/compare-tcp-udp.sh"), "--count", "200", "--sweep", "--svg", svg},
          {}, 240s, this_build());
  INFO(result.out << result.err);
  CHECK(result.exit_code == 0);
  for (const char* loss : {"0", "1", "5", "10", "20", "30"})
    CHECK(std::regex_search(result.out, std::regex(std::string(R"(\n\s+)") + loss +
                                                   R"(\s+100\.0 %)")));  // TCP: every byte
  std::ifstream file(svg);
  const std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  std::remove(svg.c_str());
  ::rmdir(dir_template);
  CHECK(text.rfind("<svg", 0) == 0);
  CHECK(text.find("</svg>") != std::string::npos);
  std::size_t paths = 0;
  for (auto at = text.find("<path"); at != std::string::npos; at = text.find("<path", at + 1))
    ++paths;
  CHECK(paths == 4);  // delivered and time, TCP and UDP
}
