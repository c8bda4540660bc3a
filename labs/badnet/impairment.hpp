#pragma once
// What lab-badnet does to one packet, decided without touching a packet: pure, seeded, so the
// unit tests (and a class) get the same pattern from the same --seed.
//
// Each kind of decision draws from its own random stream, so the loss pattern for a seed does
// not change when a student adds --delay or --duplicate to the command line.
#include <chrono>
#include <cstdint>
#include <random>

namespace badnet_lab {

using Clock = std::chrono::steady_clock;

struct Impairment {
  double loss_percent = 0;
  double reorder_percent = 0;
  double duplicate_percent = 0;
  std::chrono::milliseconds delay{0};
  std::chrono::milliseconds jitter{0};
  std::uint64_t rate_bits_per_second = 0;  // 0: no rate limit
  std::uint64_t seed = 1;
};

// Packets towards one of the chosen ports, and packets coming back from one.
enum class Direction { to_port = 0, from_port = 1 };

struct Decision {
  bool drop = false;
  bool duplicate = false;        // deliver it twice
  bool reorder = false;          // hold it back until the next packet of its direction has passed
  Clock::time_point release_at;  // when it may go on (now when nothing holds it)
};

class Impairer {
 public:
  explicit Impairer(const Impairment& settings);
  Decision decide(Direction direction, std::size_t bytes, Clock::time_point now);
  // A rate-limited link with more than this much queued drops at its tail, as a router would.
  static constexpr std::chrono::seconds max_queue_time{1};

 private:
  bool chance(std::mt19937_64& stream, double percent);

  Impairment settings_;
  std::mt19937_64 loss_stream_;
  std::mt19937_64 reorder_stream_;
  std::mt19937_64 duplicate_stream_;
  std::mt19937_64 jitter_stream_;
  Clock::time_point link_free_[2]{};  // when the rate-limited "wire" is free again, per direction
};

}  // namespace badnet_lab
