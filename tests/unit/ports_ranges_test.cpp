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
