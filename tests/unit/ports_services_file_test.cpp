// The /etc/services parser on fixtures and on malformed input.
#include <catch2/catch.hpp>

#include "ports/services_file.hpp"

using namespace lab::ports;

namespace {
std::string fixture(const char* name) {
  return std::string(LAB_FIXTURE_DIR) + "/" + name;
}
}  // namespace

TEST_CASE("lab-ports: services parser reads names, ports, protocols, aliases and comments") {
  auto db = read_services_file(fixture("services_basic"));
  REQUIRE(db);
  CHECK(db->malformed_count == 0);
  CHECK(db->entries.size() == 14);

  auto http = db->by_port(80);
  REQUIRE(http.size() == 1);
  CHECK(http[0]->name == "http");
  CHECK(http[0]->protocol == "tcp");
  CHECK(http[0]->aliases == std::vector<std::string>{"www"});
  CHECK(http[0]->comment == "WorldWideWeb HTTP");

  auto dns = db->by_port(53);
  REQUIRE(dns.size() == 2);
  CHECK(dns[0]->protocol == "tcp");
  CHECK(dns[1]->protocol == "udp");
  CHECK(dns[1]->comment.empty());

  // Names and aliases match without regard to case; protocols are lower-cased.
  CHECK(db->by_name("WWW").size() == 1);
  CHECK(db->by_name("Domain").size() == 2);
  auto videotex = db->by_name("videotex");
  REQUIRE(videotex.size() == 1);
  CHECK(videotex[0]->protocol == "tcp");
  CHECK(db->by_name("nothing-like-this").empty());
  CHECK(db->by_port(1521).size() == 2);
}

TEST_CASE("lab-ports: services parser skips malformed lines, counts them and keeps the rest") {
  auto db = read_services_file(fixture("services_malformed"));
  REQUIRE(db);
  REQUIRE(db->entries.size() == 3);
  CHECK(db->entries[0].name == "good");  // CRLF line ending
  CHECK(db->entries[0].protocol == "tcp");
  CHECK(db->entries[1].name == "last");
  CHECK(db->entries[1].port == 65535);
  CHECK(db->entries[1].aliases == std::vector<std::string>{"alias1", "alias2"});
  CHECK(db->entries[1].comment == "trailing comment with # inside");
  CHECK(db->entries[2].name == "zero");  // no newline at the end of the file
  CHECK(db->entries[2].port == 0);
  CHECK(db->malformed_count == 7);
  REQUIRE(db->malformed.size() == 7);
  CHECK(db->malformed[0].line == 2);  // name-only
  CHECK(db->malformed[1].line == 4);  // ssh/tcp
  CHECK(db->malformed[2].line == 5);  // 70000/tcp
}

TEST_CASE("lab-ports: services parser survives hostile text") {
  CHECK(parse_services("").entries.empty());
  CHECK(parse_services("\n\n\n#\n").malformed_count == 0);
  CHECK(parse_services(std::string_view("a\0b 1/tcp", 9)).entries.size() == 1);
  CHECK(parse_services("x 99999999999999999999/tcp").malformed_count == 1);
  CHECK(parse_services("x 1/tcp/udp").malformed_count == 1);
  CHECK(parse_services("x 1/" + std::string(100, 'a')).malformed_count == 1);
  // The kept list of malformed lines is bounded; the count is not.
  std::string many;
  for (int i = 0; i < 1000; ++i)
    many += "broken\n";
  auto db = parse_services(many);
  CHECK(db.malformed_count == 1000);
  CHECK(db.malformed.size() == max_reported_malformed);
}

TEST_CASE("lab-ports: services file that cannot be read is reported as missing") {
  CHECK_FALSE(read_services_file("/nonexistent/services"));
  CHECK_FALSE(read_services_file(LAB_FIXTURE_DIR));  // a directory
}
