// Sequence accounting on crafted arrival orders: the numbers must add up every time.
#include <initializer_list>

#include <catch2/catch.hpp>

#include "wire/sequence_tracker.hpp"

using lab::wire::SequenceTracker;
using Outcome = SequenceTracker::Outcome;

namespace {
void feed(SequenceTracker& tracker, std::initializer_list<std::uint64_t> sequences,
          std::uint64_t total = 0) {
  for (auto s : sequences)
    tracker.record(s, total);
  CHECK(tracker.received() + tracker.lost() == tracker.highest());
}
}  // namespace

TEST_CASE("wire sequence: in order, nothing lost") {
  SequenceTracker t;
  feed(t, {1, 2, 3, 4, 5}, 5);
  CHECK(t.received() == 5);
  CHECK(t.lost() == 0);
  CHECK(t.reordered() == 0);
  CHECK(t.duplicated() == 0);
  CHECK(t.missing_at_end() == 0);
}

TEST_CASE("wire sequence: gaps are lost until they arrive late") {
  SequenceTracker t;
  CHECK(t.record(1) == Outcome::in_order);
  CHECK(t.record(4) == Outcome::gap);
  CHECK(t.lost() == 2);
  CHECK(t.record(3) == Outcome::reordered);
  CHECK(t.lost() == 1);
  CHECK(t.reordered() == 1);
  CHECK(t.received() + t.lost() == t.highest());
  CHECK(t.record(2) == Outcome::reordered);
  CHECK(t.lost() == 0);
  CHECK(t.received() == 4);
}

TEST_CASE("wire sequence: duplicates are counted once in received") {
  SequenceTracker t;
  feed(t, {1, 2, 2, 3, 1, 3, 3});
  CHECK(t.received() == 3);
  CHECK(t.duplicated() == 4);
  CHECK(t.lost() == 0);
  CHECK(t.reordered() == 0);
}

TEST_CASE("wire sequence: a mixed run adds up") {
  SequenceTracker t;
  feed(t, {2, 1, 5, 5, 3, 9, 8, 10}, 12);
  CHECK(t.highest() == 10);
  CHECK(t.received() == 7);   // 1 2 3 5 8 9 10
  CHECK(t.lost() == 3);       // 4 6 7
  CHECK(t.reordered() == 3);  // 1, 3, 8 came after a higher one
  CHECK(t.duplicated() == 1);
  CHECK(t.planned() == 12);
  CHECK(t.missing_at_end() == 2);  // 11 and 12
}

TEST_CASE("wire sequence: zero is not a sequence number") {
  SequenceTracker t;
  CHECK(t.record(0) == Outcome::invalid);
  CHECK(t.received() == 0);
  CHECK(t.highest() == 0);
}

TEST_CASE("wire sequence: a forged huge sequence is suspicious and changes nothing") {
  SequenceTracker t;
  feed(t, {1, 1ull << 40, 2, 3}, 0);
  CHECK(t.received() == 3);
  CHECK(t.highest() == 3);
  CHECK(t.lost() == 0);
  CHECK(t.suspicious() == 1);
  CHECK(t.too_old() == 0);  // the real ones after it are counted as usual
}

TEST_CASE("wire sequence: a new sender may not start beyond the window") {
  SequenceTracker t;
  CHECK(t.record(SequenceTracker::max_jump + 1, 0) == Outcome::suspicious);
  CHECK(t.highest() == 0);
  CHECK(t.record(SequenceTracker::max_jump, 0) == Outcome::gap);  // a long loss is plausible
  CHECK(t.lost() == SequenceTracker::max_jump - 1);
}

TEST_CASE("wire sequence: a planned total that contradicts the first one is suspicious") {
  SequenceTracker t;
  CHECK(t.record(1, 10) == Outcome::in_order);
  CHECK(t.record(2, 1ull << 40) == Outcome::suspicious);
  CHECK(t.record(3, 0) == Outcome::suspicious);
  CHECK(t.record(2, 10) == Outcome::in_order);
  CHECK(t.planned() == 10);
  CHECK(t.missing_at_end() == 8);
  CHECK(t.suspicious() == 2);
}

TEST_CASE("wire sequence: jumps within the window still add up, and far-behind ones are too old") {
  SequenceTracker t;
  feed(t, {1, 1 + SequenceTracker::max_jump, 1 + 2 * SequenceTracker::max_jump, 2});
  CHECK(t.received() == 3);
  CHECK(t.highest() == 1 + 2 * SequenceTracker::max_jump);
  CHECK(t.too_old() == 1);  // 2 is behind the window: cannot tell late from duplicate
  CHECK(t.suspicious() == 0);
}

TEST_CASE("wire sequence: the window forgets slots as it moves on") {
  SequenceTracker t;
  const std::uint64_t w = SequenceTracker::window;
  t.record(5);
  // Moving past the window reuses slot 5 for w + 5: it must not look like a duplicate.
  CHECK(t.record(w + 5) == Outcome::gap);
  CHECK(t.record(w + 4) == Outcome::reordered);
  CHECK(t.record(5) == Outcome::too_old);
  CHECK(t.received() + t.lost() == t.highest());
}
