#include "impairment.hpp"

#include <algorithm>

namespace badnet_lab {

Impairer::Impairer(const Impairment& settings)
    : settings_(settings),
      loss_stream_(settings.seed),
      reorder_stream_(settings.seed ^ 0x9e3779b97f4a7c15ULL),
      duplicate_stream_(settings.seed ^ 0xc2b2ae3d27d4eb4fULL),
      jitter_stream_(settings.seed ^ 0x165667b19e3779f9ULL) {}

// A uniform draw in [0, 100) from the top 53 bits: the same numbers with every standard
// library (std::uniform_real_distribution is not specified that exactly).
bool Impairer::chance(std::mt19937_64& stream, double percent) {
  const double draw = static_cast<double>(stream() >> 11) * 0x1.0p-53 * 100.0;
  return draw < percent;
}

Decision Impairer::decide(Direction direction, std::size_t bytes, Clock::time_point now) {
  Decision decision;
  decision.release_at = now;
  // Every stream advances once per packet whatever the outcome, so the pattern of one kind
  // depends only on the packet's place in the sequence.
  decision.drop = chance(loss_stream_, settings_.loss_percent);
  const bool reorder = chance(reorder_stream_, settings_.reorder_percent);
  const bool duplicate = chance(duplicate_stream_, settings_.duplicate_percent);
  const auto jitter_ms = static_cast<long long>(settings_.jitter.count());
  const long long offset =
      jitter_ms == 0 ? 0
                     : static_cast<long long>(jitter_stream_() %
                                              static_cast<std::uint64_t>(2 * jitter_ms + 1)) -
                           jitter_ms;
  if (decision.drop) return decision;
  decision.reorder = reorder;
  decision.duplicate = duplicate;

  // A rate limit is a wire that sends one packet after the other: the packet leaves when the
  // wire is free and its bits have been clocked out.
  if (settings_.rate_bits_per_second > 0) {
    auto& free_at = link_free_[static_cast<int>(direction)];
    const auto start = std::max(now, free_at);
    if (start - now > max_queue_time) {
      decision.drop = true;
      return decision;
    }
    const auto send_time =
        std::chrono::nanoseconds(static_cast<long long>(bytes) * 8 * 1'000'000'000LL /
                                 static_cast<long long>(settings_.rate_bits_per_second));
    free_at = start + send_time;
    decision.release_at = free_at;
  }
  const auto delay = std::max<long long>(0, settings_.delay.count() + offset);
  decision.release_at += std::chrono::milliseconds(delay);
  return decision;
}

}  // namespace badnet_lab
