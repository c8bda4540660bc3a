#pragma once
// Everything lab-udp-receiver prints: one line per datagram, the counters and the summary (human
// or --json). receiver.cpp keeps only the socket calls, receiver_options.cpp the command line.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <asio/ip/udp.hpp>

#include "receiver_options.hpp"
#include "udp/batch_io.hpp"
#include "wire/sequence_tracker.hpp"

namespace udp_lab {

class ReceiverReport {
 public:
  explicit ReceiverReport(const ReceiverOptions& options) : options_(options) {}

  void listening(const asio::ip::udp::endpoint& local, std::size_t granted_rcvbuf);
  // Counts one datagram and prints it (unless --quiet).
  void datagram(const lab::udp::ReceivedDatagram& d);
  // The drop counter the kernel reported (SO_RXQ_OVFL / SO_MEMINFO), the latest wins.
  void kernel_drops(std::optional<std::uint32_t> drops);
  // Why the run ended: "count", "timeout", "signal".
  void summary(std::string_view reason);

  std::uint64_t arrivals() const { return arrivals_; }
  bool count_reached() const { return options_.count != 0 && arrivals_ >= options_.count; }
  std::chrono::steady_clock::time_point last_arrival() const { return last_arrival_; }

  // Each sender (address:port) numbers its datagrams from 1: one tracker per sender, up to
  // this many; datagrams from further senders are counted as untracked.
  static constexpr std::size_t max_senders = 16;

 private:
  lab::wire::SequenceTracker* tracker_for(const asio::ip::udp::endpoint& from);
  // datagram()'s two steps: count it (by its sender's tracker, null when it has none), then
  // print it.
  lab::wire::SequenceTracker::Outcome count(const lab::udp::ReceivedDatagram& d,
                                            const lab::wire::ParseResult& parsed,
                                            lab::wire::SequenceTracker* tracker);
  void print_json(const lab::udp::ReceivedDatagram& d, const lab::wire::ParseResult& parsed,
                  lab::wire::SequenceTracker::Outcome outcome) const;
  void print_line(const lab::udp::ReceivedDatagram& d, const lab::wire::ParseResult& parsed,
                  lab::wire::SequenceTracker::Outcome outcome, std::uint64_t highest_before) const;
  struct Totals {
    std::uint64_t received = 0, lost = 0, highest = 0, planned = 0, missing_at_end = 0,
                  reordered = 0, duplicated = 0, too_old = 0, suspicious = 0;
  };
  Totals totals() const;

  const ReceiverOptions& options_;
  std::vector<std::pair<asio::ip::udp::endpoint, std::unique_ptr<lab::wire::SequenceTracker>>>
      trackers_;
  std::size_t last_tracker_ = 0;
  std::uint64_t untracked_ = 0;   // lab datagrams from a sender beyond max_senders
  std::uint64_t arrivals_ = 0;    // every datagram, lab or not
  std::uint64_t foreign_ = 0;     // not lab datagrams (text, garbage, empty, broken headers)
  std::uint64_t suspicious_ = 0;  // lab headers claiming the implausible (see SequenceTracker)
  std::uint64_t truncated_ = 0;   // longer than --read-size: the rest was lost
  std::uint64_t bytes_ = 0;       // real lengths, truncated or not
  std::uint64_t bytes_lost_to_truncation_ = 0;
  std::optional<std::uint32_t> kernel_drops_;
  std::string local_;
  std::size_t granted_rcvbuf_ = 0;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point first_arrival_{};
  std::chrono::steady_clock::time_point last_arrival_ = started_;
};

}  // namespace udp_lab
