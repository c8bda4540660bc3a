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

// The particle after the word the student typed is the one a Korean reader expects: 은/는 after
// 'abc' (씨, a vowel) and 'tcpm' (엠), 이/가 after 7001 (일) and 7002 (이), 으로/로 after 7003
// (삼) and 7001 (일, ㄹ takes 로). Never "은(는)".
TEST_CASE("lab-multi-port port lists: Korean particles fit the word before them") {
  lab::set_lang(lab::Lang::ko);
  CHECK(parse_port_list("abc").problem.starts_with("'abc'는 포트나 포트 범위가 아닙니다"));
  CHECK(parse_port_list("tcpm").problem.starts_with("'tcpm'은 포트나 포트 범위가 아닙니다"));
  CHECK(parse_port_list("7003-7001").problem ==
        "범위 7003-7001이 거꾸로입니다 (7001-7003으로 쓰세요)");
  CHECK(parse_port_list("7005-7004").problem ==
        "범위 7005-7004가 거꾸로입니다 (7004-7005로 쓰세요)");
  CHECK(parse_port_list("7001,7001").problem.starts_with("포트 7001이 두 번 나옵니다"));
  CHECK(parse_port_list("7002,7001-7003").problem.starts_with("포트 7002가 두 번 나옵니다"));
  for (const char* text : {"abc", "7003-7001", "7001,7001"})
    CHECK(parse_port_list(text).problem.find("(는)") == std::string::npos);
  lab::set_lang(lab::Lang::en);
  CHECK(parse_port_list("abc").problem.starts_with("'abc' is not a port"));
  CHECK(parse_port_list("7003-7001").problem ==
        "the range 7003-7001 is reversed (write 7001-7003)");
}
