// Answers that combine the curated table with a services database, and the aligned tables.
#include <catch2/catch.hpp>

#include "ports/lookup.hpp"
#include "ports/text_table.hpp"

using namespace lab::ports;

namespace {
ServicesDatabase fixture_db(const char* name) {
  auto db = read_services_file(std::string(LAB_FIXTURE_DIR) + "/" + name);
  REQUIRE(db);
  return *db;
}
}  // namespace

TEST_CASE("lab-ports: a number answers with the curated service and the system's entries") {
  auto db = fixture_db("services_basic");
  auto answer = lookup_port(3306, &db);
  CHECK(answer.found());
  REQUIRE(answer.services.size() == 1);
  CHECK(answer.services[0]->key == "mysql");
  REQUIRE(answer.system.size() == 1);
  CHECK(names_agree(*answer.services[0], answer.system[0]));
  CHECK(system_protocols(answer.system, 3306) == std::vector<std::string>{"tcp"});

  // A number nobody uses is still an answer: its range.
  auto empty = lookup_port(49999, &db);
  CHECK(empty.found());
  CHECK(empty.services.empty());
  CHECK(empty.system.empty());
}

TEST_CASE("lab-ports: 1521 shows Oracle by custom and the registry's ncube-lm") {
  auto db = fixture_db("services_basic");
  auto answer = lookup_port(1521, &db);
  REQUIRE(answer.services.size() == 1);
  const Service& oracle = *answer.services[0];
  CHECK(oracle.use == Use::custom);
  REQUIRE(answer.system.size() == 2);
  CHECK(answer.system[0].name == "ncube-lm");
  // The system's name is the registry's name for the port: it agrees with the registry, and
  // the curated row says Oracle's use is the custom one.
  CHECK(names_agree(oracle, answer.system[0]));
  CHECK(covering_service(answer.system[0], answer.services) == &oracle);
  // ncube-lm 1521/udp is not covered: Oracle's listener is TCP only.
  CHECK(covering_service(answer.system[1], answer.services) == nullptr);
}

TEST_CASE("lab-ports: a system name that differs from the table is noticed") {
  auto db = fixture_db("services_disagree");
  auto answer = lookup_port(3306, &db);
  REQUIRE(answer.services.size() == 1);
  REQUIRE(answer.system.size() == 1);
  CHECK_FALSE(names_agree(*answer.services[0], answer.system[0]));
}

TEST_CASE("lab-ports: a name answers with its ports, related services and the system's view") {
  auto db = fixture_db("services_basic");
  auto http = lookup_name("http", &db);
  REQUIRE(http.services.size() == 1);
  CHECK(http.services[0]->port == 80);
  bool https_related = false;
  for (const Service* service : http.see_also)
    https_related = https_related || service->port == 443;
  CHECK(https_related);

  // Only the system knows 'echo'.
  auto echo = lookup_name("echo", &db);
  CHECK(echo.found());
  CHECK(echo.services.empty());
  CHECK(echo.system.size() == 2);

  // Without a system database the curated table still answers.
  CHECK(lookup_name("ssh", nullptr).services.size() == 1);

  auto typo = lookup_name("htpp", &db);
  CHECK_FALSE(typo.found());
  REQUIRE_FALSE(typo.suggestions.empty());
  CHECK(typo.suggestions.front() == "http");
  // Names from the system file are suggested too.
  auto ech = lookup_name("ehco", &db);
  CHECK(std::find(ech.suggestions.begin(), ech.suggestions.end(), "echo") != ech.suggestions.end());
}

TEST_CASE("lab-ports: tables align by display width, Hangul counting two columns") {
  CHECK(display_width("http") == 4);
  CHECK(display_width("포트") == 4);
  CHECK(display_width("MySQL 서버") == 10);
  CHECK(display_width("\xff") == 1);       // invalid UTF-8: one column per byte
  CHECK(display_width("e\xcc\x81") == 1);  // e + combining acute

  TextTable table({"포트", "NAME"});
  table.add_row({"80", "http"});
  table.add_row({"3306", "mysql"});
  CHECK(table.render() ==
        "  포트  NAME\n"
        "  80    http\n"
        "  3306  mysql\n");
}
