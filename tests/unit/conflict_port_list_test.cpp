// common/bind/port_list: the lists lab-multi-port takes (--tcp 7001,7002,7005-7007).
#include <catch2/catch.hpp>

#include "bind/port_list.hpp"
#include "cli/lang.hpp"

using lab::bind::parse_port_list;

namespace {
std::vector<std::uint16_t> ports(std::initializer_list<std::uint16_t> list) {
  return list;
}
}  // namespace

TEST_CASE("lab-multi-port port lists: single ports and ranges, in the order typed") {
  lab::set_lang(lab::Lang::en);
  CHECK(parse_port_list("7001").ports == ports({7001}));
  CHECK(parse_port_list("7001,7002,7005-7007").ports == ports({7001, 7002, 7005, 7006, 7007}));
  CHECK(parse_port_list("9000,80").ports == ports({9000, 80}));
  CHECK(parse_port_list("7005-7005").ports == ports({7005}));
  CHECK(parse_port_list("65535").ports == ports({65535}));
  CHECK(parse_port_list("1-64").ports.size() == 64);
  CHECK(parse_port_list("1-64").ok());
}

TEST_CASE("lab-multi-port port lists: every bad list is refused with its reason") {
  lab::set_lang(lab::Lang::en);
  struct Bad {
    const char* text;
    const char* reason;
  };
  for (auto [text, reason] : std::initializer_list<Bad>{
           {"", "empty"},
           {"7001,", "empty item"},
           {",7001", "empty item"},
           {"7001,,7002", "empty item"},
           {"0", "port 0"},
           {"7001,0", "port 0"},
           {"0-5", "port 0"},
           {"7007-7005", "reversed (write 7005-7007)"},
           {"7001,7001", "port 7001 is named twice"},
           {"7001-7005,7003", "port 7003 is named twice"},
           {"7003,7001-7005", "port 7003 is named twice"},
           {"7001-7005,7004-7010", "port 7004 is named twice"},
           {"1-65", "65 ports is too many for one list (at most 64)"},
           {"1-65535", "65535 ports is too many"},
           {"1-60,100-110", "71 ports is too many"},
           {"70000", "not a port"},
           {"abc", "not a port"},
           {"7001-", "not a port"},
           {"-7001", "not a port"},
           {"7001-7002-7003", "not a port"},
           {" 7001", "not a port"},
           {"7001;7002", "not a port"},
       }) {
    INFO(text);
    auto list = parse_port_list(text);
    CHECK_FALSE(list.ok());
    CHECK(list.ports.empty());
    CHECK(list.problem.find(reason) != std::string::npos);
    CHECK(list.problem.find('\n') == std::string::npos);  // one line
  }
}

TEST_CASE("lab-multi-port port lists: reasons in Korean") {
  lab::set_lang(lab::Lang::ko);
  CHECK(parse_port_list("7007-7005").problem.find("거꾸로") != std::string::npos);
  CHECK(parse_port_list("1-100").problem.find("최대 64개") != std::string::npos);
  lab::set_lang(lab::Lang::en);
}
