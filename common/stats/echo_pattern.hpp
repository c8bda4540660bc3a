#pragma once
// A byte stream both ends can predict, so an echo client checks every byte that comes back
// without keeping a copy of what it sent: byte i of the stream is pattern_byte(i).
// All 256 byte values appear, so the check also proves the path is binary-safe. The pattern
// repeats every 65,521 bytes (a prime: it never lines up with power-of-two buffer sizes), so
// filling and checking are memcpy/memcmp against one table, fast enough for a 10 Gbit/s echo.
#include <cstddef>
#include <cstdint>
#include <span>

namespace lab {

inline constexpr std::size_t pattern_period = 65521;

std::uint8_t pattern_byte(std::uint64_t position);

// Fills `out` with the pattern from stream offset `position`.
void fill_pattern(std::span<std::uint8_t> out, std::uint64_t position);

class PatternChecker {
 public:
  // Checks the next bytes of the stream; false (and first_mismatch() set) at the first wrong byte.
  bool check(std::span<const std::uint8_t> data);
  std::uint64_t position() const { return position_; }
  std::uint64_t first_mismatch() const { return first_mismatch_; }
  bool ok() const { return ok_; }

 private:
  std::uint64_t position_ = 0;
  std::uint64_t first_mismatch_ = 0;
  bool ok_ = true;
};

}  // namespace lab
