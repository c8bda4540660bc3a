// lab-netstat's command line: every Windows and Linux form rewritten into long options.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "cli/lang.hpp"
#include "netstat/args.hpp"

using lab::netstat::rewrite_netstat_args;
using Args = std::vector<std::string>;

namespace {
Args rewrite(Args args) {
  auto out = rewrite_netstat_args(args);
  INFO(out.error);
  REQUIRE(out.error.empty());
  return out.args;
}
std::string error_of(Args args) {
  lab::set_lang(lab::Lang::en);
  return rewrite_netstat_args(args).error;
}
}  // namespace

TEST_CASE("lab-netstat args: Windows forms") {
  CHECK(rewrite({"-a"}) == Args{"--all"});
  CHECK(rewrite({"-a", "-n", "-o"}) == Args{"--all", "--numeric", "--pids"});
  CHECK(rewrite({"-ano"}) == Args{"--all", "--numeric", "--pids"});
  CHECK(rewrite({"-ano", "2"}) == Args{"--all", "--numeric", "--pids", "--watch", "2"});
  CHECK(rewrite({"-anob"}) == Args{"--all", "--numeric", "--pids", "--executables"});
  CHECK(rewrite({"-banop", "TCP"}) ==
        Args{"--executables", "--all", "--numeric", "--pids", "--protocol", "TCP"});
  CHECK(rewrite({"-anop", "TCP"}) == Args{"--all", "--numeric", "--pids", "--protocol", "TCP"});
  CHECK(rewrite({"-anop", "tcpv6"}) == Args{"--all", "--numeric", "--pids", "--protocol", "TCPv6"});
  CHECK(rewrite({"-p", "UDP", "-ano"}) ==
        Args{"--protocol", "UDP", "--all", "--numeric", "--pids"});
  CHECK(rewrite({"-ano", "-p", "udpv6", "5"}) ==
        Args{"--all", "--numeric", "--pids", "--protocol", "UDPv6", "--watch", "5"});
  CHECK(rewrite({"-an"}) == Args{"--all", "--numeric"});
  CHECK(rewrite({"5", "-ano"}) == Args{"--watch", "5", "--all", "--numeric", "--pids"});
}

TEST_CASE("lab-netstat args: Linux forms, -p means programs unless a protocol follows") {
  CHECK(rewrite({"-tulpn"}) == Args{"--tcp", "--udp", "--listening", "--programs", "--numeric"});
  CHECK(rewrite({"-t", "-u", "-l", "-p", "-n"}) ==
        Args{"--tcp", "--udp", "--listening", "--programs", "--numeric"});
  CHECK(rewrite({"-tlnp"}) == Args{"--tcp", "--listening", "--numeric", "--programs"});
  CHECK(rewrite({"-p"}) == Args{"--programs"});
  CHECK(rewrite({"-anp", "2"}) == Args{"--all", "--numeric", "--programs", "--watch", "2"});
  // p inside a group is always programs, even with a protocol name after the group.
  CHECK_FALSE(rewrite_netstat_args({"-pan", "TCP"}).error.empty());  // TCP is no interval
}

TEST_CASE("lab-netstat args: long options and their values pass through") {
  CHECK(rewrite({"-ano", "--port", "7000"}) ==
        Args{"--all", "--numeric", "--pids", "--port", "7000"});
  CHECK(rewrite({"--state", "TIME_WAIT", "--json"}) == Args{"--state", "TIME_WAIT", "--json"});
  CHECK(rewrite({"--watch", "3", "-an"}) == Args{"--watch", "3", "--all", "--numeric"});
  CHECK(rewrite({"--port=80", "-o"}) == Args{"--port=80", "--pids"});
  CHECK(rewrite({"--lang", "ko", "-ano"}) == Args{"--lang", "ko", "--all", "--numeric", "--pids"});
  CHECK(rewrite({"-h"}) == Args{"--help"});
}

TEST_CASE("lab-netstat args: bad input is one clear message") {
  CHECK(error_of({"-p", "FOO"}).find("'FOO' is not a protocol") != std::string::npos);
  CHECK(error_of({"-anop", "ICMP"}).find("'ICMP' is not a protocol") != std::string::npos);
  CHECK(error_of({"-ano", "abc"}).find("'abc' is not an interval") != std::string::npos);
  CHECK(error_of({"-ano", "2.5"}).find("not an interval") != std::string::npos);
  CHECK(error_of({"-anx"}).find("unknown option '-x'") != std::string::npos);
  CHECK(error_of({"-ano", "-1"}).find("unknown option '-1'") != std::string::npos);
  CHECK(error_of({"2", "3"}).find("more than one interval") != std::string::npos);
  CHECK(error_of({"-ano", "9999999"}).find("not an interval") != std::string::npos);
}

// A Korean error names the word the student typed with the particle that word takes.
TEST_CASE("lab-netstat args: Korean errors put the right particle after the typed word") {
  lab::set_lang(lab::Lang::ko);
  CHECK(rewrite_netstat_args({"-p", "1x"}).error.starts_with("'1x'는 프로토콜이 아닙니다"));
  CHECK(rewrite_netstat_args({"-p", "sctp"}).error.starts_with("'sctp'는 프로토콜이 아닙니다"));
  CHECK(rewrite_netstat_args({"-p", "tcpm"}).error.starts_with("'tcpm'은 프로토콜이 아닙니다"));
  CHECK(rewrite_netstat_args({"abc"}).error.starts_with("'abc'는 초 단위 간격이 아닙니다"));
  CHECK(rewrite_netstat_args({"2s"}).error.starts_with("'2s'는 초 단위 간격이 아닙니다"));
  CHECK(rewrite_netstat_args({"10m"}).error.starts_with("'10m'은 초 단위 간격이 아닙니다"));
  lab::set_lang(lab::Lang::en);
  CHECK(rewrite_netstat_args({"abc"}).error.starts_with("'abc' is not an interval"));
}
