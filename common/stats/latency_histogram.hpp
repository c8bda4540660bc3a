#pragma once
// Latency percentiles in bounded memory: a log-linear histogram (32 buckets per power of two,
// so any percentile is within about 3% of the true value) instead of keeping every sample.
#include <array>
#include <cstdint>

namespace lab {

class LatencyHistogram {
 public:
  void record(std::uint64_t nanoseconds);
  void merge(const LatencyHistogram& other);

  std::uint64_t count() const { return count_; }
  std::uint64_t max() const { return max_; }
  std::uint64_t min() const { return count_ ? min_ : 0; }
  double mean() const {
    return count_ ? static_cast<double>(sum_) / static_cast<double>(count_) : 0;
  }
  // The value at or below which `fraction` (0..1) of the samples lie; 0 when empty.
  std::uint64_t percentile(double fraction) const;

 private:
  static constexpr int sub_bucket_bits = 5;
  static constexpr int buckets = 64 << sub_bucket_bits;
  static int bucket_of(std::uint64_t value);
  static std::uint64_t upper_bound_of(int bucket);

  std::array<std::uint64_t, buckets> counts_{};
  std::uint64_t count_ = 0;
  std::uint64_t sum_ = 0;
  std::uint64_t min_ = UINT64_MAX;
  std::uint64_t max_ = 0;
};

}  // namespace lab
