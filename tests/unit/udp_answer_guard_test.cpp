// The rules that keep a UDP responder from reflecting (issue 21, item 2).
#include <catch2/catch.hpp>

#include "udp/answer_guard.hpp"

using lab::udp::AnswerGuard;

namespace {
asio::ip::udp::endpoint from(const char* address, std::uint16_t port) {
  return {asio::ip::make_address(address), port};
}
}  // namespace

TEST_CASE("answer guard: our own answers are recognised, a student's text is not") {
  CHECK(lab::udp::looks_like_our_answer("PID 4312, port 7001/udp\n"));
  CHECK(lab::udp::looks_like_our_answer("PID 4312, port 7001/udp\nhello"));
  CHECK_FALSE(lab::udp::looks_like_our_answer("PID is a process ID\n"));
  CHECK_FALSE(lab::udp::looks_like_our_answer("hello, UDP\n"));
  CHECK_FALSE(lab::udp::looks_like_our_answer(""));
}

TEST_CASE("answer guard: service ports and port 0 are never answered") {
  AnswerGuard guard;
  for (std::uint16_t port : {0, 7, 13, 17, 19, 37})
    CHECK(guard.check(from("127.0.0.1", port), "x") == AnswerGuard::Verdict::service_port);
  CHECK(guard.check(from("127.0.0.1", 50000), "x") == AnswerGuard::Verdict::answer);
  CHECK(guard.ignored() == 6);
  CHECK(guard.summary().find("6 came from port 0 or an echo/daytime/chargen port") !=
        std::string::npos);
}

TEST_CASE("answer guard: at most 50 answers a second to one address, others unaffected") {
  AnswerGuard guard;
  const auto t0 = AnswerGuard::Clock::now();
  int answered = 0;
  for (int i = 0; i < 200; ++i)
    answered += guard.check(from("10.0.0.1", 5000), "x", t0) == AnswerGuard::Verdict::answer;
  CHECK(answered == 50);
  CHECK(guard.check(from("10.0.0.2", 5000), "x", t0) == AnswerGuard::Verdict::answer);
  // A second later the address has its allowance back.
  CHECK(guard.check(from("10.0.0.1", 5000), "x", t0 + std::chrono::seconds(1)) ==
        AnswerGuard::Verdict::answer);
  // The table is bounded: 256 senders; a new one takes the place of a quiet one only.
  for (int i = 0; i < 300; ++i)
    guard.check(
        from(("10.1." + std::to_string(i / 250) + "." + std::to_string(i % 250)).c_str(), 5000),
        "x", t0 + std::chrono::seconds(1));
  CHECK(guard.summary().find("beyond 50 a second from one address") != std::string::npos);
}
