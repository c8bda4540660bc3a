#include "stats/latency_histogram.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

namespace lab {

int LatencyHistogram::bucket_of(std::uint64_t value) {
  if (value < (1u << sub_bucket_bits)) return static_cast<int>(value);  // exact below 32 ns
  const int top_bit = 63 - std::countl_zero(value);
  const int shift = top_bit - sub_bucket_bits;
  const auto sub = static_cast<int>((value >> shift) & ((1u << sub_bucket_bits) - 1));
  return ((shift + 1) << sub_bucket_bits) + sub;
}

std::uint64_t LatencyHistogram::upper_bound_of(int bucket) {
  if (bucket < (1 << sub_bucket_bits)) return static_cast<std::uint64_t>(bucket);
  const int shift = (bucket >> sub_bucket_bits) - 1;
  const auto sub = static_cast<std::uint64_t>(bucket & ((1 << sub_bucket_bits) - 1));
  const std::uint64_t base = ((std::uint64_t{1} << sub_bucket_bits) | sub) << shift;
  return base + ((std::uint64_t{1} << shift) - 1);
}

void LatencyHistogram::record(std::uint64_t nanoseconds) {
  ++counts_[static_cast<std::size_t>(bucket_of(nanoseconds))];
  ++count_;
  sum_ += nanoseconds;
  min_ = std::min(min_, nanoseconds);
  max_ = std::max(max_, nanoseconds);
}

void LatencyHistogram::merge(const LatencyHistogram& other) {
  for (std::size_t i = 0; i < counts_.size(); ++i)
    counts_[i] += other.counts_[i];
  count_ += other.count_;
  sum_ += other.sum_;
  min_ = std::min(min_, other.min_);
  max_ = std::max(max_, other.max_);
}

std::uint64_t LatencyHistogram::percentile(double fraction) const {
  if (count_ == 0) return 0;
  fraction = std::clamp(fraction, 0.0, 1.0);
  const auto rank = static_cast<std::uint64_t>(std::ceil(fraction * static_cast<double>(count_)));
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < counts_.size(); ++i) {
    seen += counts_[i];
    if (seen >= std::max<std::uint64_t>(rank, 1))
      return std::min(upper_bound_of(static_cast<int>(i)), max_);
  }
  return max_;
}

}  // namespace lab
