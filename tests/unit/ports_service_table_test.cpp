// The curated service table: the lesson's facts, name lookup, aliases and suggestions.
#include <algorithm>
#include <set>

#include <catch2/catch.hpp>

#include "ports/ranges.hpp"
#include "ports/service_table.hpp"
#include "ports/services_file.hpp"

using namespace lab::ports;

namespace {
std::vector<std::uint16_t> ports_of(const std::vector<const Service*>& services) {
  std::vector<std::uint16_t> out;
  for (const Service* service : services)
    out.push_back(service->port);
  return out;
}
}  // namespace

TEST_CASE("lab-ports: the curated table is well formed") {
  auto services = curated_services();
  CHECK(services.size() >= 50);
  std::set<std::string_view> keys;
  std::uint16_t previous = 0;
  for (const auto& service : services) {
    INFO(service.key);
    CHECK(keys.insert(service.key).second);  // keys are unique
    CHECK(service.port >= previous);         // sorted by port
    previous = service.port;
    CHECK_FALSE(service.en.empty());
    CHECK_FALSE(service.ko.empty());
    CHECK_FALSE(service.title.empty());
    CHECK(service.key == ascii_lower(service.key));
    if (service.use == Use::custom && !service.registry_name.empty())
      CHECK_FALSE(service.registry_title.empty());
    for (auto related : words(service.see_also))
      CHECK(service_by_key(related) != nullptr);
  }
}

TEST_CASE("lab-ports: the lesson's table holds the lesson's facts") {
  auto lesson = lesson_services();
  REQUIRE(lesson.size() == 13);
  CHECK(ports_of(lesson) ==
        std::vector<std::uint16_t>{20, 21, 22, 23, 53, 67, 68, 69, 80, 443, 1521, 3306, 3389});
  for (const Service* service : lesson)
    CHECK(service->lesson);
  CHECK(service_by_key("dns")->protocols == tcp_udp);
  CHECK(service_by_key("dhcp-server")->protocols == udp);
  CHECK(service_by_key("dhcp-client")->protocols == udp);
  CHECK(service_by_key("tftp")->protocols == udp);
  CHECK(service_by_key("https")->protocols == tcp_udp);  // QUIC
  CHECK(service_by_key("http")->protocols == tcp);
  const Service* oracle = service_by_key("oracle");
  CHECK(oracle->use == Use::custom);
  CHECK(oracle->registry_name == "ncube-lm");
  CHECK(classify(oracle->port) == PortRange::registered);
  CHECK(service_by_key("rdp")->registry_name == "ms-wbt-server");
}

TEST_CASE("lab-ports: names are found by key, alias, IANA name and group, in any case") {
  CHECK(ports_of(services_named("http")) == std::vector<std::uint16_t>{80});
  CHECK(ports_of(services_named("HTTP")) == std::vector<std::uint16_t>{80});
  CHECK(ports_of(services_named("www")) == std::vector<std::uint16_t>{80});
  CHECK(ports_of(services_named("ftp")) == std::vector<std::uint16_t>{20, 21});
  CHECK(ports_of(services_named("ftp-data")) == std::vector<std::uint16_t>{20});
  CHECK(ports_of(services_named("dhcp")) == std::vector<std::uint16_t>{67, 68});
  CHECK(ports_of(services_named("bootps")) == std::vector<std::uint16_t>{67});
  CHECK(ports_of(services_named("domain")) == std::vector<std::uint16_t>{53});
  CHECK(ports_of(services_named("rdp")) == std::vector<std::uint16_t>{3389});
  CHECK(ports_of(services_named("MS-WBT-Server")) == std::vector<std::uint16_t>{3389});
  CHECK(ports_of(services_named("Oracle")) == std::vector<std::uint16_t>{1521});
  CHECK(ports_of(services_named("ncube-lm")) == std::vector<std::uint16_t>{1521});
  CHECK(ports_of(services_named("mysql")) == std::vector<std::uint16_t>{3306});
  CHECK(ports_of(services_named("postgres")) == std::vector<std::uint16_t>{5432});
  CHECK(services_named("").empty());
  CHECK(services_named("no-such-service").empty());
}

TEST_CASE("lab-ports: edit distance counts inserts, deletes, substitutions and swaps") {
  CHECK(edit_distance("", "") == 0);
  CHECK(edit_distance("http", "http") == 0);
  CHECK(edit_distance("htp", "http") == 1);
  CHECK(edit_distance("htpt", "http") == 1);  // a swap of neighbours
  CHECK(edit_distance("mysql", "mysq") == 1);
  CHECK(edit_distance("ssh", "") == 3);
  CHECK(edit_distance("kitten", "sitting") == 3);
}

TEST_CASE("lab-ports: suggestions for a mistyped name") {
  auto names = known_names();
  CHECK(std::is_sorted(names.begin(), names.end()));
  CHECK(std::adjacent_find(names.begin(), names.end()) == names.end());

  auto htp = suggest_names("htp", names, names);
  REQUIRE_FALSE(htp.empty());
  CHECK(htp.front() == "http");
  auto mysq = suggest_names("MYSQ", names, names);
  REQUIRE_FALSE(mysq.empty());
  CHECK(mysq.front() == "mysql");
  auto post = suggest_names("postgre", names, names);  // a prefix
  CHECK(std::find(post.begin(), post.end(), "postgresql") != post.end());
  CHECK(suggest_names("orcale", names, names).front() == "oracle");
  CHECK(suggest_names("zzzzzzzz", names, names).empty());
  CHECK(suggest_names("", names, names).empty());
  CHECK(suggest_names("ssh", {"ssh", "sshd"}, {}) == std::vector<std::string>{"sshd"});
  CHECK(suggest_names("a", names, names, 3).size() <= 3);
}
