#pragma once
// Pacing a sender at R datagrams per second without spinning a core: send a batch, then sleep
// until the next one is due.
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>

namespace lab::udp {

// Datagrams per sendmmsg for a rate: 64 at full speed (empty = max), about one batch per
// millisecond when paced, so a slow rate is spread out instead of sent in bursts.
std::size_t batch_for_rate(std::optional<double> rate);

class Pacer {
 public:
  // `stop` (set by a signal handler) ends any wait at once.
  Pacer(std::optional<double> rate, const std::atomic<bool>& stop) : rate_(rate), stop_(stop) {}
  // Sleeps until datagram number `sent` is due; returns at once at full speed.
  void wait_until_due(std::uint64_t sent) const;

 private:
  std::optional<double> rate_;
  const std::atomic<bool>& stop_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

}  // namespace lab::udp
