#include <catch2/catch.hpp>

#include <random>
#include <vector>

#include "stats/echo_pattern.hpp"
#include "stats/latency_histogram.hpp"

TEST_CASE("latency histogram: percentiles within 4% of the exact ones") {
  lab::LatencyHistogram histogram;
  std::vector<std::uint64_t> samples;
  std::mt19937_64 random(42);
  std::lognormal_distribution<double> distribution(11.0, 1.0);  // around 60 µs
  for (int i = 0; i < 100000; ++i) {
    auto value = static_cast<std::uint64_t>(distribution(random));
    samples.push_back(value);
    histogram.record(value);
  }
  std::sort(samples.begin(), samples.end());
  for (double fraction : {0.5, 0.9, 0.99}) {
    const auto exact =
        static_cast<double>(samples[static_cast<std::size_t>(fraction * 100000) - 1]);
    const auto estimate = static_cast<double>(histogram.percentile(fraction));
    CHECK(std::abs(estimate - exact) / exact < 0.04);
  }
  CHECK(histogram.count() == 100000);
  CHECK(histogram.max() == samples.back());
  CHECK(histogram.percentile(1.0) == samples.back());
  CHECK(lab::LatencyHistogram().percentile(0.5) == 0);
}

TEST_CASE("echo pattern: every byte value appears, and a changed byte is found") {
  std::vector<std::uint8_t> data(200000);
  lab::fill_pattern(data, 0);
  std::vector<bool> seen(256);
  for (auto byte : data)
    seen[byte] = true;
  CHECK(std::all_of(seen.begin(), seen.end(), [](bool b) { return b; }));

  lab::PatternChecker good;
  CHECK(good.check(std::span(data.data(), 70000)));  // across the period boundary
  CHECK(good.check(std::span(data.data() + 70000, data.size() - 70000)));

  data[123456] ^= 0x01;
  lab::PatternChecker bad;
  CHECK_FALSE(bad.check(data));
  CHECK(bad.first_mismatch() == 123456);
}
