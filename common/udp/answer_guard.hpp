#pragma once
// What keeps a program that answers datagrams (lab-multi-port's UDP ports, lab-port-conflict
// hold --udp) from becoming a reflector. A UDP sender can write any source address into its
// datagram, so "answer whoever asked" lets one forged datagram set two responders answering
// each other forever, or point many answers at a third machine. Before every answer:
//   - a datagram that looks like one of our own answers ("PID 4312, port 7001/udp", as
//     lab::answer_line writes it) came from another responder: answering it starts a loop;
//   - a source port of the old always-answering services (echo 7, daytime 13, qotd 17,
//     chargen 19, time 37) or port 0 (no program sends from it) is a forged or looping one;
//   - at most answers_per_second answers a second to one address (a bounded table of senders),
//     so no address gets a flood, whatever the datagrams say.
// Each ignored datagram is counted, and the program's summary says how many and why.
#include <array>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <asio/ip/udp.hpp>

namespace lab::udp {

// True when the datagram starts like lab::answer_line's text: "PID <digits>, port <digits>/".
bool looks_like_our_answer(std::string_view datagram);

// 0, 7, 13, 17, 19, 37: ports a lab program never answers.
bool is_service_port(std::uint16_t port);

class AnswerGuard {
 public:
  using Clock = std::chrono::steady_clock;
  enum class Verdict { answer, looks_like_answer, service_port, too_many };

  static constexpr unsigned answers_per_second = 50;  // per sender address, with a burst as big
  static constexpr std::size_t max_senders = 256;     // the table's bound

  // Decides about one datagram (and counts it when it is not to be answered).
  Verdict check(const asio::ip::udp::endpoint& from, std::string_view datagram,
                Clock::time_point now = Clock::now());

  std::uint64_t ignored() const;
  // "" when nothing was ignored; otherwise one sentence for the summary, e.g. "ignored 3
  // datagrams: 2 looked like answers of another responder (answering would start a loop), ...".
  std::string summary() const;

 private:
  bool take_token(const asio::ip::address& address, Clock::time_point now);

  struct Sender {
    asio::ip::address address;
    double tokens = 0;
    Clock::time_point last;
  };
  std::vector<Sender> senders_;
  std::array<std::uint64_t, 4> counts_{};  // by Verdict
};

}  // namespace lab::udp
