#include "udp/pacing.hpp"

#include <algorithm>
#include <thread>

namespace lab::udp {

std::size_t batch_for_rate(std::optional<double> rate) {
  if (!rate) return 64;
  return static_cast<std::size_t>(std::clamp(*rate / 1000.0, 1.0, 64.0));
}

void Pacer::wait_until_due(std::uint64_t sent) const {
  if (!rate_) return;
  using Clock = std::chrono::steady_clock;
  const auto due = start_ + std::chrono::duration_cast<Clock::duration>(
                                std::chrono::duration<double>(static_cast<double>(sent) / *rate_));
  // Sleep in slices of at most 20 ms so that Ctrl-C is seen soon even at a very slow rate.
  for (auto now = Clock::now(); !stop_ && now < due; now = Clock::now())
    std::this_thread::sleep_for(
        std::min<Clock::duration>(due - now, std::chrono::milliseconds(20)));
}

}  // namespace lab::udp
