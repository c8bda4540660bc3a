#include "stats/echo_pattern.hpp"

#include <algorithm>
#include <array>
#include <cstring>

namespace lab {
namespace {

// One period of the pattern. 7 is odd, so k*7 walks through all 256 byte values; k/251 shifts
// each lap so that neighbouring bytes do not simply count up.
const std::array<std::uint8_t, pattern_period>& table() {
  static const auto values = [] {
    std::array<std::uint8_t, pattern_period> out{};
    for (std::size_t k = 0; k < pattern_period; ++k)
      out[k] = static_cast<std::uint8_t>((k * 7 + k / 251) & 0xff);
    return out;
  }();
  return values;
}

}  // namespace

std::uint8_t pattern_byte(std::uint64_t position) {
  return table()[position % pattern_period];
}

void fill_pattern(std::span<std::uint8_t> out, std::uint64_t position) {
  std::size_t offset = position % pattern_period;
  std::size_t done = 0;
  while (done < out.size()) {
    const std::size_t n = std::min(out.size() - done, pattern_period - offset);
    std::memcpy(out.data() + done, table().data() + offset, n);
    done += n;
    offset = 0;
  }
}

bool PatternChecker::check(std::span<const std::uint8_t> data) {
  if (!ok_) return false;
  std::size_t offset = position_ % pattern_period;
  std::size_t done = 0;
  while (done < data.size()) {
    const std::size_t n = std::min(data.size() - done, pattern_period - offset);
    if (std::memcmp(data.data() + done, table().data() + offset, n) != 0) {
      for (std::size_t i = 0; i < n; ++i) {
        if (data[done + i] != table()[offset + i]) {
          first_mismatch_ = position_ + done + i;
          break;
        }
      }
      ok_ = false;
      position_ += data.size();
      return false;
    }
    done += n;
    offset = 0;
  }
  position_ += data.size();
  return true;
}

}  // namespace lab
