// Korean that reads right where a student causes it: --help of lab-trace, lab-badnet and
// lab-ports is Korean throughout, and an error about a word the student typed puts the particle
// that word takes after it (never "은(는)" or a fixed 가/는 after a number).
#include <catch2/catch.hpp>

#include "process.hpp"

using namespace labtest;

namespace {

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("Korean help: lab-trace, lab-badnet and lab-ports --help under --lang ko, examples too") {
  struct Case {
    const char* program;
    std::vector<std::string> korean;   // option texts and examples in the worksheets' words
    std::vector<std::string> english;  // their English texts, which must be gone
  };
  for (const Case& c : {
           Case{"lab-trace",
                {"지켜볼 포트", "사용 중인 포트", "에코 서버의 연결을 실시간으로",
                 "내 연결을 실시간으로 봅니다"},
                {"Ports to watch", "Watch your own connection", "the echo server's connections"}},
           Case{"lab-badnet",
                {"손실: 버릴 패킷의 비율",
                 "지연:", "순서 바뀜:", "중복:", "일부러 만든 나쁜 네트워크"},
                {"Drop this share", "A bad network on purpose", "arrives out of order"}},
           Case{"lab-ports",
                {"찾을 포트 번호", "사용 중인 프로세스", "서비스와 포트 찾기", "답을 한국어로"},
                {"Port numbers (0-65535)", "Service and port lookup", "the answer in Korean"}},
       }) {
    INFO(c.program);
    auto help = run({bin(c.program), "--lang", "ko", "--help"});
    INFO(help.out << help.err);
    CHECK(help.exit_code == 0);
    for (const auto& text : c.korean)
      CHECK(has(help.out, text));
    for (const auto& text : c.english)
      CHECK_FALSE(has(help.out, text));
    auto english = run({bin(c.program), "--lang", "en", "--help"});
    for (const auto& text : c.english)
      CHECK(has(english.out, text));
  }
}

TEST_CASE("Korean errors put the particle the typed word takes after it") {
  struct Case {
    std::vector<std::string> args;
    std::string expected;
  };
  for (const Case& c : {
           Case{{"lab-multi-port", "--lang", "ko", "--tcp", "abc"},
                "'abc'는 포트나 포트 범위가 아닙니다"},
           Case{{"lab-multi-port", "--lang", "ko", "--tcp", "7003-7001"},
                "범위 7003-7001이 거꾸로입니다 (7001-7003으로 쓰세요)"},
           Case{{"lab-multi-port", "--lang", "ko", "--tcp", "7002,7002"},
                "포트 7002가 두 번 나옵니다"},
           Case{{"lab-netstat", "--lang", "ko", "--protocol", "1"}, "'1'은 프로토콜이 아닙니다"},
           Case{{"lab-netstat", "--lang", "ko", "-p", "1x"}, "'1x'는 프로토콜이 아닙니다"},
           Case{{"lab-netstat", "--lang", "ko", "--state", "open"}, "'open'은 TCP 상태가 아닙니다"},
           Case{{"lab-ports", "--lang", "ko", "abc!"}, "'abc!'는 포트도 서비스 이름도 아닙니다"},
       }) {
    auto argv = c.args;
    argv[0] = bin(c.args[0]);
    auto result = run(argv);
    INFO(c.args[0] << " " << c.args.back() << ": " << result.err);
    CHECK(result.exit_code == 2);
    CHECK(has(result.err, c.expected));
    CHECK_FALSE(has(result.err, "(는)"));
  }
}
