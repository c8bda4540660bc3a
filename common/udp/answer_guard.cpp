#include "udp/answer_guard.hpp"

#include <algorithm>
#include <cctype>

#include "cli/lang.hpp"
#include "cli/wording.hpp"

namespace lab::udp {
namespace {

// Skips "<digits>" at the front of `text`; false when there are none.
bool skip_digits(std::string_view& text) {
  std::size_t n = 0;
  while (n < text.size() && n < 10 && std::isdigit(static_cast<unsigned char>(text[n])))
    ++n;
  text.remove_prefix(n);
  return n > 0;
}

bool skip(std::string_view& text, std::string_view word) {
  if (!text.starts_with(word)) return false;
  text.remove_prefix(word.size());
  return true;
}

}  // namespace

bool looks_like_our_answer(std::string_view datagram) {
  return skip(datagram, "PID ") && skip_digits(datagram) && skip(datagram, ", port ") &&
         skip_digits(datagram) && skip(datagram, "/");
}

bool is_service_port(std::uint16_t port) {
  constexpr std::array<std::uint16_t, 6> never = {0, 7, 13, 17, 19, 37};
  return std::find(never.begin(), never.end(), port) != never.end();
}

AnswerGuard::Verdict AnswerGuard::check(const asio::ip::udp::endpoint& from,
                                        std::string_view datagram, Clock::time_point now) {
  Verdict verdict = Verdict::answer;
  if (is_service_port(from.port()))
    verdict = Verdict::service_port;
  else if (looks_like_our_answer(datagram))
    verdict = Verdict::looks_like_answer;
  else if (!take_token(from.address(), now))
    verdict = Verdict::too_many;
  if (verdict != Verdict::answer) ++counts_[static_cast<std::size_t>(verdict)];
  return verdict;
}

// A token bucket per sender address: answers_per_second tokens a second, as many at most.
bool AnswerGuard::take_token(const asio::ip::address& address, Clock::time_point now) {
  constexpr double full = answers_per_second;
  auto refill = [&](Sender& sender) {
    const double seconds = std::chrono::duration<double>(now - sender.last).count();
    sender.tokens = std::min(full, sender.tokens + seconds * full);
    sender.last = now;
  };
  auto known = std::find_if(senders_.begin(), senders_.end(),
                            [&](const Sender& s) { return s.address == address; });
  if (known == senders_.end()) {
    if (senders_.size() < max_senders) {
      senders_.push_back(Sender{address, full, now});
      known = senders_.end() - 1;
    } else {
      // The table is full: take over a sender whose bucket has filled up again (quiet for a
      // second), so a stream of forged addresses cannot reset a busy sender's count.
      known = std::find_if(senders_.begin(), senders_.end(), [&](Sender& s) {
        refill(s);
        return s.tokens >= full;
      });
      if (known == senders_.end()) return false;
      *known = {address, full, now};
    }
  }
  refill(*known);
  if (known->tokens < 1) return false;
  known->tokens -= 1;
  return true;
}

std::uint64_t AnswerGuard::ignored() const {
  return counts_[1] + counts_[2] + counts_[3];
}

std::string AnswerGuard::summary() const {
  if (ignored() == 0) return {};
  std::string parts;
  auto add = [&](const std::string& part) { parts += (parts.empty() ? "" : ", ") + part; };
  const auto like = counts_[static_cast<std::size_t>(Verdict::looks_like_answer)];
  const auto service = counts_[static_cast<std::size_t>(Verdict::service_port)];
  const auto many = counts_[static_cast<std::size_t>(Verdict::too_many)];
  if (like)
    add(trf("{} looked like answers of another responder (answering would start a loop)",
            "{}개는 다른 응답 프로그램의 답처럼 보였음 (답하면 주고받기가 끝나지 않음)", like));
  if (service)
    add(trf("{} came from port 0 or an echo/daytime/chargen port (7, 13, 17, 19, 37)",
            "{}개는 포트 0 또는 echo/daytime/chargen 포트(7, 13, 17, 19, 37)에서 왔음", service));
  if (many)
    add(trf("{} came beyond {} a second from one address",
            "{}개는 한 주소에서 초당 {}개를 넘게 왔음", many, answers_per_second));
  return trf("ignored {} datagram{} that a reflector would answer: {}",
             "반사기라면 답했을 데이터그램 {}개{}는 무시했습니다: {}", ignored(),
             plural_s(ignored()), parts);
}

}  // namespace lab::udp
