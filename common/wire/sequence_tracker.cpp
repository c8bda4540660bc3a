#include "wire/sequence_tracker.hpp"

#include <algorithm>

namespace lab::wire {

SequenceTracker::SequenceTracker() : bits_(window / 64, 0) {}

bool SequenceTracker::seen(std::uint64_t sequence) const {
  const std::uint64_t slot = sequence % window;
  return (bits_[slot / 64] >> (slot % 64)) & 1u;
}

void SequenceTracker::mark(std::uint64_t sequence) {
  const std::uint64_t slot = sequence % window;
  bits_[slot / 64] |= std::uint64_t{1} << (slot % 64);
}

void SequenceTracker::clear(std::uint64_t sequence) {
  const std::uint64_t slot = sequence % window;
  bits_[slot / 64] &= ~(std::uint64_t{1} << (slot % 64));
}

SequenceTracker::Outcome SequenceTracker::count_suspicious() {
  ++suspicious_;
  return Outcome::suspicious;
}

SequenceTracker::Outcome SequenceTracker::record(std::uint64_t sequence, std::uint64_t total) {
  if (sequence == 0) return Outcome::invalid;
  const bool announced_before = received_ + too_old_ + duplicated_ > 0;
  if (sequence > highest_ && sequence - highest_ > max_jump) return count_suspicious();
  if (announced_before && total != planned_) return count_suspicious();
  if (total != 0 && sequence > total) return count_suspicious();
  planned_ = total;

  if (sequence > highest_) {
    // The slots between the old and the new highest now stand for newer numbers: forget them.
    if (sequence - highest_ >= window)
      std::fill(bits_.begin(), bits_.end(), 0);
    else
      for (std::uint64_t s = highest_ + 1; s < sequence; ++s)
        clear(s);
    const bool next = sequence == highest_ + 1;
    highest_ = sequence;
    mark(sequence);
    ++received_;
    return next ? Outcome::in_order : Outcome::gap;
  }
  if (highest_ - sequence >= window) {
    ++too_old_;
    return Outcome::too_old;
  }
  if (seen(sequence)) {
    ++duplicated_;
    return Outcome::duplicate;
  }
  mark(sequence);
  ++received_;
  ++reordered_;
  return Outcome::reordered;
}

}  // namespace lab::wire
