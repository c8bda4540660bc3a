#pragma once
// The bad network itself: takes each queued packet, asks the Impairer what happens to it, and
// gives the kernel its verdict now (drop, or accept) or later (delay, reorder), writing a second
// copy for a duplicate. Counts everything per direction.
#include <cstdint>
#include <optional>
#include <queue>
#include <span>
#include <vector>

#include "impairment.hpp"
#include "packet_queue.hpp"

namespace badnet_lab {

struct DirectionCounters {
  std::uint64_t seen = 0;
  std::uint64_t dropped = 0;
  std::uint64_t delayed = 0;
  std::uint64_t reordered = 0;
  std::uint64_t duplicated = 0;
  // Dropped because the packets held already filled lab-badnet's bound (max_held_bytes): a
  // delay or reorder it could not hold. Counted apart from the loss asked for.
  std::uint64_t dropped_hold_full = 0;
};

struct Counters {
  DirectionCounters to_port;    // packets towards the chosen ports
  DirectionCounters from_port;  // packets coming back from them
  DirectionCounters& operator[](Direction d) {
    return d == Direction::to_port ? to_port : from_port;
  }
};

// Which way a packet goes: towards one of `ports` (destination port) or back from one. Parses
// the IPv4/IPv6 header and the TCP/UDP ports; nullopt for anything else (passed untouched).
std::optional<Direction> direction_of(std::span<const unsigned char> packet,
                                      const std::vector<std::uint16_t>& ports);

// Writes copies of packets through raw sockets; the copies carry own_packet_mark so our rules
// let them through instead of queueing them again.
class Duplicator {
 public:
  explicit Duplicator(bool needed);
  ~Duplicator();
  Duplicator(const Duplicator&) = delete;
  Duplicator& operator=(const Duplicator&) = delete;
  bool send(std::span<const unsigned char> packet);

 private:
  int ipv4_ = -1;
  int ipv6_ = -1;
};

class Shaper {
 public:
  Shaper(const Impairment& impairment, std::vector<std::uint16_t> ports, PacketQueue& queue,
         Duplicator& duplicator);
  void on_packet(const QueuedPacket& packet, Clock::time_point now);
  // Gives the verdicts that are due.
  void release_due(Clock::time_point now);
  // When release_due() next has something to do.
  std::optional<Clock::time_point> next_due() const;
  // Lets every held packet go now (at the end of the run).
  void release_all();
  const Counters& counters() const { return counters_; }
  std::size_t held() const {
    return scheduled_.size() + (waiting_[0] ? 1 : 0) + (waiting_[1] ? 1 : 0);
  }
  // What the held packets cost now, in bytes (see held_cost()).
  std::size_t held_bytes() const { return held_bytes_; }
  // True once a packet was dropped because the hold was full.
  bool hold_was_full() const {
    return counters_.to_port.dropped_hold_full + counters_.from_port.dropped_hold_full > 0;
  }

  // A packet held for reordering goes anyway after this long without a next packet.
  static constexpr std::chrono::milliseconds reorder_timeout{200};
  // Bounded memory, in bytes, not packets: the kernel keeps each held packet whole (a 64 KiB
  // datagram costs 64 KiB, an ACK about a kilobyte of bookkeeping). A packet that would have to
  // be held beyond this is dropped and counted (dropped_hold_full); every packet is still seen,
  // counted and decided on.
  static constexpr std::size_t max_held_bytes = 64u << 20;
  // What holding one packet costs: its length, the kernel's bookkeeping for it, our own copy.
  static constexpr std::size_t per_packet_cost = 768;
  // The kernel's queue (in packets) must not fill before our bound in bytes does.
  static constexpr std::uint32_t kernel_queue_packets = max_held_bytes / per_packet_cost + 65536;

 private:
  struct Held {
    Clock::time_point at;
    std::uint64_t order = 0;
    std::uint32_t id = 0;
    Direction direction = Direction::to_port;
    bool reorder = false;
    std::size_t cost = 0;             // added to held_bytes_ while it is held
    std::vector<unsigned char> copy;  // for a duplicate, else empty
    bool operator>(const Held& other) const {
      return at != other.at ? at > other.at : order > other.order;
    }
  };
  void release(Held& packet, bool passed_by_another);

  Impairer impairer_;
  std::vector<std::uint16_t> ports_;
  PacketQueue& queue_;
  Duplicator& duplicator_;
  Counters counters_;
  std::priority_queue<Held, std::vector<Held>, std::greater<>> scheduled_;
  std::optional<Held> waiting_[2];  // a packet held back until the next one of its direction
  std::uint64_t order_ = 0;
  std::size_t held_bytes_ = 0;
};

}  // namespace badnet_lab
