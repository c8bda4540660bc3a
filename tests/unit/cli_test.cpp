// common/cli: validators, error style, language choice, colour rules.
#include <catch2/catch.hpp>

#include "cli/app.hpp"
#include "cli/color.hpp"
#include "cli/display_language.hpp"
#include "cli/lang.hpp"
#include "cli/validators.hpp"
#include "cli/wording.hpp"

using namespace lab;

TEST_CASE("ports: 1-65535, and 0 only where it means 'any free port'") {
  CHECK(parse_port("1") == 1);
  CHECK(parse_port("7000") == 7000);
  CHECK(parse_port("65535") == 65535);
  CHECK_FALSE(parse_port("65536"));
  CHECK_FALSE(parse_port("70000"));
  CHECK_FALSE(parse_port("0"));
  CHECK(parse_port("0", PortZero::any_free_port) == 0);
  for (const char* bad :
       {"", "-1", "+80", "abc", "80a", " 80", "80 ", "0x50", "99999999999999999999"})
    CHECK_FALSE(parse_port(bad, PortZero::any_free_port));
}

TEST_CASE("port problems are one line that repeats what was typed") {
  set_lang(Lang::en);
  CHECK(port_problem("70000", PortZero::forbidden) == "'70000' is not a port number (1-65535)");
  CHECK(port_problem("0", PortZero::forbidden).find("any free port") != std::string::npos);
  CHECK(port_problem("", PortZero::any_free_port).find("0-65535") != std::string::npos);
  set_lang(Lang::ko);
  CHECK(port_problem("abc", PortZero::forbidden).find("포트 번호가 아닙니다") != std::string::npos);
  set_lang(Lang::en);
}

TEST_CASE("sizes take binary suffixes") {
  CHECK(parse_size("64") == 64);
  CHECK(parse_size("64k") == 65536);
  CHECK(parse_size("1M") == 1048576);
  CHECK(parse_size("1g") == 1073741824);
  CHECK_FALSE(parse_size(""));
  CHECK_FALSE(parse_size("k"));
  CHECK_FALSE(parse_size("-5"));
  CHECK_FALSE(parse_size("1.5M"));
  CHECK_FALSE(parse_size("99999999999999999G"));
}

TEST_CASE("counts are bounded whole numbers") {
  CHECK(parse_count("0", 10) == 0);
  CHECK(parse_count("10", 10) == 10);
  CHECK_FALSE(parse_count("11", 10));
  CHECK_FALSE(parse_count("-1", 10));
  CHECK_FALSE(parse_count("1e3", 10000));
}

TEST_CASE("HOST:PORT splits IPv4, names and bracketed IPv6") {
  auto v4 = split_host_port("127.0.0.1:7000");
  REQUIRE(v4);
  CHECK(v4->host == "127.0.0.1");
  CHECK(v4->port == "7000");
  auto name = split_host_port("localhost:80");
  REQUIRE(name);
  CHECK(name->host == "localhost");
  auto v6 = split_host_port("[::1]:7000");
  REQUIRE(v6);
  CHECK(v6->host == "::1");
  CHECK(v6->port == "7000");
  for (const char* bad : {"", ":80", "host:", "host", "::1:80", "[::1]", "[::1]80", "[]:80"})
    CHECK_FALSE(split_host_port(bad));
}

TEST_CASE("language: with no locale variable set, the OS's display language decides") {
  // A Windows PC sets no LANG: a Korean Windows (display language Korean) gets Korean.
  CHECK(korean_from_locale_values("", "", "", true));
  CHECK_FALSE(korean_from_locale_values("", "", "", false));
  // Any variable that is set wins over the display language, either way.
  CHECK_FALSE(korean_from_locale_values("", "", "en_US.UTF-8", true));
  CHECK_FALSE(korean_from_locale_values("C", "", "", true));
  CHECK(korean_from_locale_values("", "ko_KR.UTF-8", "", false));
}

TEST_CASE("language: LC_ALL, then LC_MESSAGES, then LANG; ko_* means Korean") {
  CHECK(lang_from_locale_values("", "", "ko_KR.UTF-8") == Lang::ko);
  CHECK(lang_from_locale_values("", "", "en_US.UTF-8") == Lang::en);
  CHECK(lang_from_locale_values("C", "", "ko_KR.UTF-8") == Lang::en);
  CHECK(lang_from_locale_values("", "ko_KR.UTF-8", "en_US.UTF-8") == Lang::ko);
  CHECK(lang_from_locale_values("", "", "") == Lang::en);
  Lang lang = Lang::en;
  CHECK(parse_lang("ko", lang));
  CHECK(lang == Lang::ko);
  CHECK_FALSE(parse_lang("kr", lang));
}

TEST_CASE("colour only on a terminal, and never with NO_COLOR set") {
  CHECK(color_allowed(true, nullptr, "xterm-256color"));
  CHECK_FALSE(color_allowed(false, nullptr, "xterm-256color"));
  CHECK_FALSE(color_allowed(true, "1", "xterm-256color"));
  CHECK(color_allowed(true, "", "xterm"));  // no-color.org: an empty value does not count
  // A dumb terminal, or none named (issue 21 item 13): no colour, no cursor movement.
  CHECK_FALSE(color_allowed(true, nullptr, "dumb"));
  CHECK_FALSE(color_allowed(true, nullptr, nullptr));
  CHECK_FALSE(color_allowed(true, nullptr, ""));
  CHECK(terminal_control_allowed(true, "xterm"));
  CHECK(terminal_control_allowed(true, "linux"));
  CHECK_FALSE(terminal_control_allowed(true, "dumb"));
  CHECK_FALSE(terminal_control_allowed(true, nullptr));
  CHECK_FALSE(terminal_control_allowed(false, "xterm"));
  CHECK(paint(Color::green, "NEW", false) == "NEW");
  CHECK(paint(Color::green, "NEW", true) == "\x1b[32mNEW\x1b[0m");
}

TEST_CASE("a bad command line becomes one usage error naming the option") {
  set_lang(Lang::en);
  auto run = [](std::vector<std::string> args) -> std::pair<int, std::string> {
    int code = -1;
    std::string message;
    run_main("lab-test", [&] {
      auto app = make_app("test", "");
      int port = 0;
      app->add_option("--port", port)->check(port_validator());
      try {
        parse(*app, args);
        code = 0;
      } catch (const Failure& failure) {
        code = failure.exit_code();
        message = failure.what();
      }
      return 0;
    });
    return {code, message};
  };
  auto [code, message] = run({"--port", "70000"});
  CHECK(code == exit_usage);
  CHECK(message.find("--port") != std::string::npos);
  CHECK(message.find("70000") != std::string::npos);
  CHECK(message.find('\n') == std::string::npos);
  CHECK(run({"--no-such-flag"}).first == exit_usage);
  CHECK(run({"--lang", "fr"}).first == exit_usage);
  CHECK(run({"--port", "7000"}).first == 0);
}

TEST_CASE("run_main maps failures to exit codes and never lets an exception out") {
  CHECK(run_main("lab-test", [] { return 0; }) == exit_ok);
  CHECK(run_main("lab-test", []() -> int { fail("boom"); }) == exit_failure);
  CHECK(run_main("lab-test", []() -> int { usage_error("bad"); }) == exit_usage);
  CHECK(run_main("lab-test", []() -> int { throw std::runtime_error("x"); }) == exit_failure);
  CHECK(run_main("lab-test", []() -> int { throw ExitNow{0}; }) == exit_ok);
}

TEST_CASE("an unknown argument is named first, before what is missing") {
  set_lang(Lang::en);
  auto app = make_app("test", "");
  std::string to;
  app->add_option("--to", to)->required();
  try {
    parse(*app, std::vector<std::string>{"--frobnicate"});
    FAIL("parsed");
  } catch (const Failure& failure) {
    CHECK(std::string(failure.what()) == "unknown argument: --frobnicate (see --help)");
  }
  auto with_sub = make_app("test", "");
  with_sub->add_subcommand("demo", "a demo");
  with_sub->require_subcommand(1);
  try {
    parse(*with_sub, std::vector<std::string>{"bogus"});
    FAIL("parsed");
  } catch (const Failure& failure) {
    CHECK(std::string(failure.what()) == "unknown argument: bogus (see --help)");
  }
}

TEST_CASE("the parser's English becomes plain words in the student's language") {
  set_lang(Lang::en);
  CHECK(plain_parse_message("--max-clients: Value 0 not in range 1 to 10000") ==
        "--max-clients: 0 is not between 1 and 10000");
  CHECK(plain_parse_message("--timeout: Value -1 not in range 0.000000 to 86400.000000") ==
        "--timeout: -1 is not between 0 and 86400");
  CHECK(plain_parse_message("--port: At Most 1 required but received 2") ==
        "--port may be given only once");
  CHECK(plain_parse_message("--lang: 1 required ko|en:{ko,en} missing") == "--lang needs a value");
  CHECK(plain_parse_message("--no-close excludes --reset") ==
        "--no-close and --reset cannot be used together");
  set_lang(Lang::ko);
  CHECK(plain_parse_message("The following argument was not expected: --frobnicate") ==
        "알 수 없는 인자: --frobnicate");
  CHECK(plain_parse_message("--to is required") == "--to 옵션을 주어야 합니다");
  CHECK(plain_parse_message("--lang: 1 required ko|en:{ko,en} missing") ==
        "--lang 옵션에 값이 필요합니다");
  CHECK(plain_parse_message("A subcommand is required") == "하위 명령을 하나 골라 주세요");
  set_lang(Lang::en);
}

TEST_CASE("seconds are finite, plain decimal numbers") {
  CHECK(parse_seconds("2", 86400) == 2.0);
  CHECK(parse_seconds("0.5", 86400) == 0.5);
  CHECK(parse_seconds("0", 86400) == 0.0);
  CHECK(parse_seconds("86400", 86400) == 86400.0);
  for (const char* bad :
       {"", ".", "nan", "NaN", "inf", "-1", "+1", "1e3", "86401", " 1", "1 ", "0x10", "1..2"})
    CHECK_FALSE(parse_seconds(bad, 86400));
}

TEST_CASE("one number parser: finite, plain, in range; rates take k/M/G") {
  CHECK(parse_number("0", 0, 100) == 0.0);
  CHECK(parse_number("100", 0, 100) == 100.0);
  CHECK(parse_number("12.5", 0, 100) == 12.5);
  CHECK(parse_number(".5", 0, 100) == 0.5);
  for (const char* bad : {"", ".", "nan", "NAN", "inf", "-inf", "infinity", "-0", "-1", "+1", "1e2",
                          "100.01", "101", " 1", "1 ", "1,5", "0x10", "1..2", "%"})
    CHECK_FALSE(parse_number(bad, 0, 100));
  CHECK(parse_rate_number("1.5M", 0, 1e12) == 1.5e6);
  CHECK(parse_rate_number("800k", 0, 1e12) == 8e5);
  CHECK(parse_rate_number("2G", 0, 1e12) == 2e9);
  CHECK(parse_rate_number("0.5", 0.01, 1e8) == 0.5);
  for (const char* bad : {"", "k", "nan", "nank", "inf", "-1k", "1e3", "1.5MM", "1.5 M", "0.001"})
    CHECK_FALSE(parse_rate_number(bad, 0.01, 1e12));
  // Counts and seeds: the whole 64-bit range, and not one past it (it used to saturate).
  CHECK(parse_count("18446744073709551615", UINT64_MAX) == UINT64_MAX);
  CHECK_FALSE(parse_count("18446744073709551616", UINT64_MAX));
  CHECK_FALSE(parse_count("-1", UINT64_MAX));
  CHECK_FALSE(parse_count("", UINT64_MAX));
}

TEST_CASE("the number validators say in one line what is wrong, never CLI11's raw range") {
  set_lang(Lang::en);
  auto message_for = [](CLI::Validator validator, std::string value) {
    std::string problem;
    run_main("lab-test", [&] {
      auto app = make_app("test", "");
      std::string target;
      app->add_option("--value", target)->check(validator);
      try {
        parse(*app, {"--value", value});
      } catch (const Failure& failure) {
        CHECK(failure.exit_code() == exit_usage);
        problem = failure.what();
      }
      return 0;
    });
    return problem;
  };
  for (const std::string bad : {"nan", "inf", "", "-1", "150", "1e2"}) {
    INFO(bad);
    const auto problem = message_for(number_validator(0, 100, "%"), bad);
    CHECK(problem.rfind("--value: ", 0) == 0);
    CHECK(problem.find("from 0 to 100 %") != std::string::npos);
    CHECK(problem.find("not in range") == std::string::npos);
    CHECK(problem.find("0.000000") == std::string::npos);
    CHECK(problem.find('\n') == std::string::npos);
  }
  CHECK(message_for(number_validator(0, 100, "%"), "").find("a number from 0 to 100 % is needed") !=
        std::string::npos);
  CHECK(message_for(count_validator(0, UINT64_MAX), "-1").find("'-1' is not a whole number") !=
        std::string::npos);
  CHECK(message_for(count_validator(0, UINT64_MAX), "18446744073709551616")
            .find("is not a whole number") != std::string::npos);
  CHECK(message_for(count_validator(1, 10), "").find("a whole number from 1 to 10 is needed") !=
        std::string::npos);
  CHECK(message_for(seconds_validator(60), "nan").find("not a number of seconds") !=
        std::string::npos);
  CHECK(message_for(number_validator(0, 100, "%"), "12.5").empty());
  set_lang(Lang::ko);
  CHECK(message_for(number_validator(0, 100, "%"), "nan").find("범위의 숫자가 아닙니다") !=
        std::string::npos);
  set_lang(Lang::en);
}

TEST_CASE("Korean particles follow the last sound, digits and Latin letters included") {
  CHECK(with_particle("127.0.0.1:7301", Particle::i_ga) == "127.0.0.1:7301이");  // 일
  CHECK(with_particle("127.0.0.1:7302", Particle::i_ga) == "127.0.0.1:7302가");  // 이
  CHECK(with_particle("PID 4312", Particle::i_ga) == "PID 4312가");
  CHECK(with_particle("4096", Particle::eul_reul) == "4096을");                     // 육
  CHECK(with_particle("9000", Particle::euro_ro) == "9000으로");                    // 영
  CHECK(with_particle("127.0.0.1:7001", Particle::euro_ro) == "127.0.0.1:7001로");  // 일: ㄹ
  CHECK(with_particle("[::1]", Particle::eun_neun) == "[::1]은");
  CHECK(with_particle("lab-netstat", Particle::i_ga) == "lab-netstat가");  // 티
  CHECK(with_particle("--bind", Particle::eul_reul) == "--bind를");        // 디
  CHECK(with_particle("html", Particle::gwa_wa) == "html과");              // 엘
  CHECK(with_particle("서버", Particle::i_ga) == "서버가");
  CHECK(with_particle("포트", Particle::eul_reul) == "포트를");
  CHECK(with_particle("연결", Particle::euro_ro) == "연결로");
  CHECK(with_particle("주소", Particle::eun_neun) == "주소는");
  CHECK(with_particle("", Particle::i_ga) == "가");
}

TEST_CASE("English plurals: 1 read, 2 reads; nothing in Korean") {
  set_lang(Lang::en);
  CHECK(trf("{} read{}", "읽기 {}번{}", 1, plural_s(1)) == "1 read");
  CHECK(trf("{} read{}", "읽기 {}번{}", 0, plural_s(0)) == "0 reads");
  CHECK(trf("{}{} answered", "{}{} 답함", "127.0.0.1:7301", ko_particle("x", Particle::i_ga)) ==
        "127.0.0.1:7301 answered");
  set_lang(Lang::ko);
  CHECK(trf("{} read{}", "읽기 {}번{}", 3, plural_s(3)) == "읽기 3번");
  CHECK(trf("{}{} answered", "{}{} 답함", "127.0.0.1:7301",
            ko_particle("127.0.0.1:7301", Particle::i_ga)) == "127.0.0.1:7301이 답함");
  set_lang(Lang::en);
}

TEST_CASE("Korean messages pick the particle after what the student typed") {
  set_lang(Lang::ko);
  CHECK(port_problem("abc", PortZero::forbidden) == "'abc'는 포트 번호가 아닙니다 (1-65535)");
  CHECK(port_problem("70000", PortZero::forbidden) == "'70000'은 포트 번호가 아닙니다 (1-65535)");
  CHECK(plain_parse_message("--max-clients: Value 0 not in range 1 to 10000") ==
        "--max-clients: 0은 1~10000 범위 밖입니다");
  CHECK(plain_parse_message("--backlog: Value 2 not in range 0 to 1") ==
        "--backlog: 2는 0~1 범위 밖입니다");
  set_lang(Lang::en);
  CHECK(port_problem("abc", PortZero::forbidden) == "'abc' is not a port number (1-65535)");
}
