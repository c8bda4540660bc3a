#include "receiver_report.hpp"

#include <fmt/format.h>

#include "cli/color.hpp"
#include "cli/validators.hpp"
#include "cli/wording.hpp"
#include "net/endpoints.hpp"
#include "render/json.hpp"
#include "render/output.hpp"
#include "wire/preview.hpp"

namespace udp_lab {
namespace {

std::string why_foreign(lab::wire::ParseError error) {
  switch (error) {
    case lab::wire::ParseError::too_short:
      return lab::tr("lab header cut short", "잘린 lab 헤더");
    case lab::wire::ParseError::wrong_version:
      return lab::tr("lab header of another version", "다른 버전의 lab 헤더");
    case lab::wire::ParseError::reserved_not_zero:
    case lab::wire::ParseError::zero_sequence:
    case lab::wire::ParseError::count_too_large:
    case lab::wire::ParseError::beyond_total:
      return lab::trf("broken lab header ({})", "깨진 lab 헤더 ({})", lab::wire::error_name(error));
    default:
      return lab::tr("not a lab datagram", "실습용 형식이 아님");
  }
}

std::string outcome_note(lab::wire::SequenceTracker::Outcome outcome, std::uint64_t missing) {
  using Outcome = lab::wire::SequenceTracker::Outcome;
  switch (outcome) {
    case Outcome::gap:
      return lab::paint(lab::Color::yellow,
                        lab::trf("  ({} missing before it)", "  (앞에서 {}개 빠짐)", missing));
    case Outcome::reordered:
      return lab::paint(lab::Color::yellow,
                        lab::tr("  (late: arrived out of order)", "  (늦게 도착: 순서 바뀜)"));
    case Outcome::duplicate:
      return lab::paint(lab::Color::yellow, lab::tr("  (duplicate)", "  (중복)"));
    case Outcome::too_old:
      return lab::paint(lab::Color::yellow,
                        lab::tr("  (too old to tell)", "  (너무 오래되어 판단 불가)"));
    case Outcome::suspicious:
      return lab::paint(lab::Color::red,
                        lab::tr("  (suspicious: a number no real sender would send here; not "
                                "counted)",
                                "  (의심스러움: 실제 보낸 쪽이 여기서 보낼 수 없는 번호; 세지 "
                                "않음)"));
    default:
      return {};
  }
}

}  // namespace

void ReceiverReport::listening(const asio::ip::udp::endpoint& local, std::size_t granted) {
  lab::out::keep_running_without_reader();  // a log reader that leaves must not end the receiver
  local_ = lab::to_string(local);
  granted_rcvbuf_ = granted;
  if (options_.common.json) {
    lab::out::json({{"event", "listening"},
                    {"pid", static_cast<long long>(getpid())},
                    {"local", local_},
                    {"rcvbuf", granted}});
    return;
  }
  lab::announce("UDP", local_, "");
  std::string buffer_note;
  if (options_.rcvbuf != 0 && granted == 2 * options_.rcvbuf)
    buffer_note = lab::trf(" (asked for {}; Linux doubles the value for its own bookkeeping)",
                           " (요청한 값 {}; Linux는 관리용으로 두 배를 잡습니다)", options_.rcvbuf);
  else if (options_.rcvbuf != 0)
    buffer_note = lab::trf(" (asked for {})", " (요청한 값 {})", options_.rcvbuf);
  lab::out::print("{}\n",
                  lab::trf("receive buffer (SO_RCVBUF): {} bytes{}. Waiting for datagrams ...",
                           "수신 버퍼(SO_RCVBUF): {}바이트{}. 데이터그램을 기다립니다 ...", granted,
                           buffer_note));
}

void ReceiverReport::datagram(const lab::udp::ReceivedDatagram& d) {
  const auto parsed = lab::wire::parse(d.data);
  lab::wire::SequenceTracker* tracker = parsed.ok() ? tracker_for(d.from) : nullptr;
  const std::uint64_t highest_before = tracker ? tracker->highest() : 0;
  const auto outcome = count(d, parsed, tracker);
  if (options_.quiet) return;
  if (options_.common.json)
    print_json(d, parsed, outcome);
  else
    print_line(d, parsed, outcome, highest_before);
}

lab::wire::SequenceTracker::Outcome ReceiverReport::count(const lab::udp::ReceivedDatagram& d,
                                                          const lab::wire::ParseResult& parsed,
                                                          lab::wire::SequenceTracker* tracker) {
  last_arrival_ = std::chrono::steady_clock::now();
  if (arrivals_++ == 0) first_arrival_ = last_arrival_;
  bytes_ += d.length;
  if (d.truncated) {
    ++truncated_;
    if (d.length_known) bytes_lost_to_truncation_ += d.length - d.data.size();
  }
  auto outcome = lab::wire::SequenceTracker::Outcome::invalid;
  if (tracker) {
    outcome = tracker->record(parsed.header.sequence, parsed.header.total);
    if (outcome == lab::wire::SequenceTracker::Outcome::suspicious) {
      ++suspicious_;
      // A forged first datagram does not get to be a sender of its own.
      if (tracker->received() == 0 && tracker == trackers_.back().second.get()) {
        trackers_.pop_back();
        last_tracker_ = 0;
      }
    }
  } else if (parsed.ok())
    ++untracked_;
  else
    ++foreign_;
  return outcome;
}

void ReceiverReport::print_json(const lab::udp::ReceivedDatagram& d,
                                const lab::wire::ParseResult& parsed,
                                lab::wire::SequenceTracker::Outcome outcome) const {
  const std::string from = lab::to_string(d.from);
  lab::json::Value doc = {{"event", "datagram"},
                          {"from", from},
                          {"length", d.length_known ? lab::json::Value(d.length) : nullptr},
                          {"read", d.data.size()},
                          {"truncated", d.truncated}};
  if (parsed.ok()) {
    doc["sequence"] = parsed.header.sequence;
    doc["total"] = parsed.header.total;
    if (outcome == lab::wire::SequenceTracker::Outcome::suspicious) doc["suspicious"] = true;
  } else {
    const auto shown = lab::wire::preview(d.data);
    doc["foreign"] = lab::wire::error_name(parsed.error);
    doc[shown.is_text ? "text" : "hex"] = shown.shown;
    doc["cut"] = shown.cut;
  }
  lab::out::json(doc);
}

void ReceiverReport::print_line(const lab::udp::ReceivedDatagram& d,
                                const lab::wire::ParseResult& parsed,
                                lab::wire::SequenceTracker::Outcome outcome,
                                std::uint64_t highest_before) const {
  const std::string from = lab::to_string(d.from);
  std::string line = fmt::format(
      "{} → {}", from,
      d.length_known ? lab::trf("{} byte{}", "{}바이트{}", d.length, lab::plural_s(d.length))
                     : lab::trf("more than {} bytes", "{}바이트 넘음", d.length));
  if (parsed.ok()) {
    line += fmt::format("  #{}", parsed.header.sequence);
    if (parsed.header.total != 0) line += fmt::format("/{}", parsed.header.total);
    const std::uint64_t missing =
        parsed.header.sequence > highest_before ? parsed.header.sequence - highest_before - 1 : 0;
    line += outcome_note(outcome, missing);
    if (trackers_.size() > 1 && arrivals_ > 0 &&
        outcome == lab::wire::SequenceTracker::Outcome::in_order && parsed.header.sequence == 1)
      line += lab::tr("  (a new sender: its numbers start at 1)",
                      "  (새 보낸 쪽: 순서 번호가 1부터 시작)");
  } else {
    const auto shown = lab::wire::preview(d.data);
    line += fmt::format("  {}: {}", why_foreign(parsed.error), shown.shown);
    if (shown.cut != 0)
      line += lab::trf(" … ({} more bytes not shown)", " … ({}바이트 생략)", shown.cut);
  }
  if (d.truncated && !d.length_known)
    line += lab::paint(lab::Color::red,
                       lab::trf("  [read only {} bytes: the rest is lost (truncated; WSAEMSGSIZE, "
                                "this OS does not say how long the datagram was)]",
                                "  [{}바이트만 읽음: 나머지는 사라졌습니다 (잘림; WSAEMSGSIZE, 이 "
                                "OS는 데이터그램의 길이를 알려 주지 않음)]",
                                d.data.size()));
  else if (d.truncated)
    line += lab::paint(lab::Color::red,
                       lab::trf("  [read only {} of {} bytes: the other {} are lost (truncated)]",
                                "  [{} / {}바이트만 읽음: 나머지 {}바이트는 사라졌습니다 (잘림)]",
                                d.data.size(), d.length, d.length - d.data.size()));
  lab::out::print("{}\n", line);
}

lab::wire::SequenceTracker* ReceiverReport::tracker_for(const asio::ip::udp::endpoint& from) {
  if (last_tracker_ < trackers_.size() && trackers_[last_tracker_].first == from)
    return trackers_[last_tracker_].second.get();
  for (std::size_t i = 0; i < trackers_.size(); ++i)
    if (trackers_[i].first == from) {
      last_tracker_ = i;
      return trackers_[i].second.get();
    }
  if (trackers_.size() >= max_senders) return nullptr;
  trackers_.emplace_back(from, std::make_unique<lab::wire::SequenceTracker>());
  last_tracker_ = trackers_.size() - 1;
  return trackers_.back().second.get();
}

ReceiverReport::Totals ReceiverReport::totals() const {
  Totals t;
  for (const auto& [from, tracker] : trackers_) {
    t.received += tracker->received();
    t.lost += tracker->lost();
    t.highest += tracker->highest();
    t.planned += tracker->planned();
    t.missing_at_end += tracker->missing_at_end();
    t.reordered += tracker->reordered();
    t.duplicated += tracker->duplicated();
    t.too_old += tracker->too_old();
  }
  t.suspicious = suspicious_;
  return t;
}

void ReceiverReport::kernel_drops(std::optional<std::uint32_t> drops) {
  if (drops) kernel_drops_ = std::max(kernel_drops_.value_or(0), *drops);
}

void ReceiverReport::summary(std::string_view reason) {
  const double seconds =
      arrivals_ > 1 ? std::chrono::duration<double>(last_arrival_ - first_arrival_).count() : 0.0;
  const double rate = seconds > 0 ? static_cast<double>(arrivals_ - 1) / seconds : 0.0;
  const Totals t = totals();
  // The planned datagrams after the last one that came: lost if we waited for them (--timeout),
  // not if we stopped first (--count reached, Ctrl-C). Say which.
  // `lost` is the headline's figure in the text and in JSON alike; the gaps alone are `gaps`.
  const bool waited = reason == "timeout";
  const std::uint64_t lost = t.lost + (waited ? t.missing_at_end : 0);
  // What this OS cannot count (Windows: the kernel's drops ...): null, and named, never a 0.
  const auto missing = lab::udp::counters_not_available();
  auto known = [&](std::string_view key, lab::json::Value value) {
    for (const auto& m : missing)
      if (m.key == key) return lab::json::Value(nullptr);
    return value;
  };
  if (options_.common.json) {
    lab::json::Value doc = {
        {"event", "summary"},
        {"reason", reason},
        {"local", local_},
        {"rcvbuf", granted_rcvbuf_},
        {"datagrams", arrivals_},
        {"bytes", bytes_},
        {"received", t.received},
        {"lost", lost},
        {"gaps", t.lost},
        {"highest", t.highest},
        {"planned", t.planned},
        {"missing_at_end", t.missing_at_end},
        {"missing_at_end_is", waited ? "lost" : "not_waited_for"},
        {"reordered", t.reordered},
        {"duplicated", t.duplicated},
        {"too_old", t.too_old},
        {"suspicious", t.suspicious},
        {"foreign", foreign_},
        {"senders", trackers_.size()},
        {"untracked", untracked_},
        {"truncated", truncated_},
        {"truncated_bytes_lost", known("truncated_bytes_lost", bytes_lost_to_truncation_)},
        {"kernel_drops", known("kernel_drops", lab::json::optional(kernel_drops_))},
        {"seconds", seconds},
        {"datagrams_per_second", rate}};
    if (!missing.empty()) {
      doc["not_available"] = lab::json::Value::array();
      for (const auto& m : missing)
        doc["not_available"].push_back(m.key);
    }
    lab::out::json(doc);
    return;
  }
  std::string line = lab::trf("{} received, {} lost, {} reordered, {} duplicated, {} foreign",
                              "수신 {}, 손실 {}, 순서 바뀜 {}, 중복 {}, 실습용 형식이 아님 {}",
                              t.received, lost, t.reordered, t.duplicated, foreign_);
  if (t.suspicious != 0)
    line += lab::trf(", {} suspicious (not counted)", ", 의심스러움 {} (세지 않음)", t.suspicious);
  if (truncated_ != 0) line += lab::trf(", {} truncated", ", 잘림 {}", truncated_);
  if (trackers_.size() > 1)
    line += lab::trf(", from {} senders", ", 보낸 쪽 {}곳", trackers_.size());
  if (untracked_ != 0)
    line += lab::trf(", {} from senders beyond the first {} (not counted)",
                     ", 처음 {1}곳 이후의 보낸 쪽에서 {0}개 (세지 않음)", untracked_, max_senders);
  if (known("kernel_drops", true) != nullptr)
    line += lab::trf("; kernel dropped {} (SO_RXQ_OVFL)", "; 커널이 버림 {} (SO_RXQ_OVFL)",
                     kernel_drops_ ? std::to_string(*kernel_drops_) : std::string("?"));
  line +=
      trackers_.size() > 1
          ? lab::trf("; highest sequences (summed over senders) {} = {} received + {} lost",
                     "; 보낸 쪽별 가장 큰 순서 번호의 합 {} = 수신 {} + 손실 {}", t.highest,
                     t.received, t.lost)
          : lab::trf("; highest sequence {} = {} received + {} lost",
                     "; 가장 큰 순서 번호 {} = 수신 {} + 손실 {}", t.highest, t.received, t.lost);
  if (t.missing_at_end != 0) {
    if (waited)
      line += lab::trf("; {} planned, the {} after the last one never came (lost, counted above)",
                       "; 계획 {}개 중 마지막 이후 {}개는 끝내 오지 않음 (손실, 위에 포함)",
                       t.planned, t.missing_at_end);
    else if (reason == "count")
      line += lab::trf("; {} planned, {} after the last one not waited for (--count reached)",
                       "; 계획 {}개 중 마지막 이후 {}개는 기다리지 않음 (--count 도달)", t.planned,
                       t.missing_at_end);
    else
      line += lab::trf("; {} planned, {} after the last one not waited for (stopped)",
                       "; 계획 {}개 중 마지막 이후 {}개는 기다리지 않음 (중단)", t.planned,
                       t.missing_at_end);
  }
  for (std::size_t i = 0; i < missing.size(); ++i)
    line += (i == 0 ? lab::tr("; not available on this OS: ", "; 이 OS에서 알 수 없음: ") : ", ") +
            lab::tr(missing[i].en, missing[i].ko);
  lab::out::summary(
      fmt::format("{}: {}: {}", lab::program_name(), lab::tr("summary", "요약"), line));
}

}  // namespace udp_lab
