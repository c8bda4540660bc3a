// Port ranges (RFC 6335) and the ephemeral-range file format.
#include <catch2/catch.hpp>

#include "ports/ranges.hpp"

using namespace lab::ports;

TEST_CASE("lab-ports: every range boundary is classified per RFC 6335") {
  CHECK(classify(0) == PortRange::well_known);
  CHECK(classify(1) == PortRange::well_known);
  CHECK(classify(1023) == PortRange::well_known);
  CHECK(classify(1024) == PortRange::registered);
  CHECK(classify(3306) == PortRange::registered);
  CHECK(classify(49151) == PortRange::registered);
  CHECK(classify(49152) == PortRange::dynamic);
  CHECK(classify(65535) == PortRange::dynamic);
}

TEST_CASE("lab-ports: range bounds meet without a gap and cover every port") {
  CHECK(bounds(PortRange::well_known).first == 0);
  CHECK(bounds(PortRange::well_known).last + 1 == bounds(PortRange::registered).first);
  CHECK(bounds(PortRange::registered).last + 1 == bounds(PortRange::dynamic).first);
  CHECK(bounds(PortRange::dynamic).last == 65535);
  for (PortRange range : {PortRange::well_known, PortRange::registered, PortRange::dynamic}) {
    CHECK(classify(bounds(range).first) == range);
    CHECK(classify(bounds(range).last) == range);
    CHECK(parse_range_key(range_key(range)) == range);
  }
  CHECK(range_iana_name(PortRange::well_known) == "System Ports");
  CHECK(range_iana_name(PortRange::registered) == "User Ports");
  CHECK_FALSE(parse_range_key("lesson"));
}

TEST_CASE("lab-ports: ip_local_port_range text parses, odd text does not") {
  auto linux_default = parse_port_pair("32768\t60999\n");
  REQUIRE(linux_default);
  CHECK(linux_default->first == 32768);
  CHECK(linux_default->last == 60999);
  auto spaced = parse_port_pair("  49152   65535  ");
  REQUIRE(spaced);
  CHECK(spaced->first == 49152);
  CHECK(spaced->last == 65535);
  CHECK(parse_port_pair("1024 1024"));
  for (const char* bad : {"", "32768", "32768-60999", "60999 32768", "1 70000", "a b", "1 2 3",
                          "-1 5", "99999999999 1", "1\t2x"})
    CHECK_FALSE(parse_port_pair(bad));
  CHECK(parse_single_number("1024\n") == 1024u);
  CHECK_FALSE(parse_single_number("10 24"));
  CHECK_FALSE(parse_single_number(""));
}

TEST_CASE("lab-ports: this machine's ephemeral range is read from /proc") {
  auto range = read_ephemeral_range();
  REQUIRE(range);  // Linux always has the file
  CHECK(range->first <= range->last);
  CHECK_FALSE(read_ephemeral_range("/nonexistent/ip_local_port_range"));
}

// netsh's answers, laid out as Microsoft documents them (KB 929851; the excluded-range table as
// `netsh interface ipv4 show excludedportrange` prints it). Labels change with the display
// language, so the parsers read only the numbers: the Korean lines check that.
TEST_CASE("lab-ports: netsh's dynamic port range parses in any language, odd text does not") {
  auto english = parse_netsh_dynamic_port(
      "\r\nProtocol tcp Dynamic Port Range\r\n"
      "---------------------------------\r\n"
      "Start Port      : 49152\r\n"
      "Number of Ports : 16384\r\n");
  REQUIRE(english);
  CHECK(english->first == 49152);
  CHECK(english->last == 65535);
  auto korean = parse_netsh_dynamic_port(
      "프로토콜 tcp 동적 포트 범위\n----\n시작 포트  : 10000\n"
      "포트 수    : 1000\n");
  REQUIRE(korean);
  CHECK(korean->first == 10000);
  CHECK(korean->last == 10999);
  CHECK_FALSE(parse_netsh_dynamic_port(""));  // what Wine 8's netsh prints
  CHECK_FALSE(parse_netsh_dynamic_port("Start Port : 49152\n"));
  CHECK_FALSE(parse_netsh_dynamic_port("Start Port : 60000\nNumber of Ports : 6000\n"));
  CHECK_FALSE(parse_netsh_dynamic_port("Start Port : 0\nNumber of Ports : 10\n"));
  CHECK_FALSE(parse_netsh_dynamic_port("Start Port : 49152x\nNumber of Ports : 1\n"));
}

TEST_CASE("lab-ports: netsh's excluded port ranges parse, with the administered mark") {
  auto ranges = parse_netsh_excluded_ranges(
      "\r\nProtocol tcp Port Exclusion Ranges\r\n\r\n"
      "Start Port    End Port\r\n"
      "----------    --------\r\n"
      "      5357        5357\r\n"
      "     50000       50059     *\r\n\r\n"
      "* - Administered port exclusions.\r\n");
  REQUIRE(ranges);
  REQUIRE(ranges->size() == 2);
  CHECK((*ranges)[0].ports.first == 5357);
  CHECK((*ranges)[0].ports.last == 5357);
  CHECK_FALSE((*ranges)[0].administered);
  CHECK((*ranges)[1].ports.first == 50000);
  CHECK((*ranges)[1].ports.last == 50059);
  CHECK((*ranges)[1].administered);
  auto none = parse_netsh_excluded_ranges("Start Port    End Port\n----------    --------\n\n");
  REQUIRE(none);
  CHECK(none->empty());
  CHECK_FALSE(parse_netsh_excluded_ranges(""));  // Wine 8: netsh prints nothing
  auto odd = parse_netsh_excluded_ranges("----\n 70000 70001\n 9 8\n 1 2 3\n");
  REQUIRE(odd);
  CHECK(odd->empty());
}
