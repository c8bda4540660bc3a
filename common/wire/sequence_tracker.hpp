#pragma once
// Sequence accounting for numbered datagrams: what arrived, what is missing, what came out of
// order or twice. The numbers always add up:
//
//   received + lost == highest      (highest = the highest sequence number seen so far)
//
// `received` counts distinct sequence numbers, so a duplicate is counted once in `received` and
// once in `duplicated`; a late datagram that fills a gap moves one from `lost` to `received` and
// is counted in `reordered`. Memory is bounded: only the last `window` sequence numbers are
// remembered; an arrival older than that cannot be told apart from a duplicate and is counted in
// `too_old` instead (it never happens on loopback in a lesson).
//
// A header is a claim, not a fact: one forged datagram must not wreck the counts. A sequence
// more than `max_jump` beyond the highest seen so far (the first from a sender: beyond
// max_jump), or a planned total other than the one this sender announced first, is counted in
// `suspicious` and changes nothing else.
#include <cstdint>
#include <vector>

namespace lab::wire {

class SequenceTracker {
 public:
  static constexpr std::uint64_t window = 1u << 20;
  // The furthest a sequence may jump ahead of the highest seen (the window: a jump beyond it
  // would forget every number remembered).
  static constexpr std::uint64_t max_jump = window;

  enum class Outcome {
    in_order,    // the next one expected
    gap,         // newer than expected: the ones between are missing (for now)
    reordered,   // older than the highest, not seen before: it fills a gap
    duplicate,   // seen before
    too_old,     // older than the window: not counted in received
    invalid,     // sequence 0: not a sequence number
    suspicious,  // a jump beyond max_jump, or a planned total that contradicts the first one
  };

  SequenceTracker();

  // Records one arrival. `total` is the sender's planned count (0 = unknown).
  Outcome record(std::uint64_t sequence, std::uint64_t total = 0);

  std::uint64_t received() const { return received_; }
  std::uint64_t lost() const { return highest_ - received_; }
  std::uint64_t reordered() const { return reordered_; }
  std::uint64_t duplicated() const { return duplicated_; }
  std::uint64_t too_old() const { return too_old_; }
  std::uint64_t suspicious() const { return suspicious_; }
  std::uint64_t highest() const { return highest_; }
  // The planned count this sender announced (0 = none did).
  std::uint64_t planned() const { return planned_; }
  // Planned but beyond the highest seen: never arrived, or not yet (the tail of a run).
  std::uint64_t missing_at_end() const { return planned_ > highest_ ? planned_ - highest_ : 0; }

 private:
  Outcome count_suspicious();
  bool seen(std::uint64_t sequence) const;
  void mark(std::uint64_t sequence);
  void clear(std::uint64_t sequence);

  std::vector<std::uint64_t> bits_;  // ring of `window` bits, bit (sequence % window)
  std::uint64_t highest_ = 0;
  std::uint64_t received_ = 0;
  std::uint64_t reordered_ = 0;
  std::uint64_t duplicated_ = 0;
  std::uint64_t too_old_ = 0;
  std::uint64_t suspicious_ = 0;
  std::uint64_t planned_ = 0;
};

}  // namespace lab::wire
