#pragma once
// lab-udp-sender's options, pacing and printing. sender.cpp keeps only the socket calls.
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>
#include <asio/ip/udp.hpp>

#include "cli/app.hpp"
#include "wire/header.hpp"

namespace lab::udp {

struct SenderOptions {
  std::string to;                      // HOST:PORT
  std::optional<std::uint64_t> count;  // numbered datagrams; without it, lines from stdin
  std::uint64_t size = 64;             // bytes per numbered datagram, header included
  std::optional<double> rate;          // datagrams per second; empty = max
  bool connect = false;
  CommonOptions common;
};

std::unique_ptr<CLI::App> make_sender_app(SenderOptions& options);

// Datagrams per sendmmsg for a rate: 64 at full speed, fewer when paced so that a slow rate is
// spread out instead of sent in bursts.
std::size_t batch_for_rate(std::optional<double> rate);

// Sleeps (never spins) until datagram number `sent` is due at `rate` per second.
class Pacer {
 public:
  explicit Pacer(std::optional<double> rate) : rate_(rate) {}
  void wait_until_due(std::uint64_t sent) const;

 private:
  std::optional<double> rate_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

// Ctrl-C / SIGTERM set a flag the send loop checks (and interrupt a sleep or a read).
void install_stop_signals();
bool stop_requested();

struct SendTotals {
  std::uint64_t datagrams = 0;
  std::uint64_t bytes = 0;
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
};

// The start-up line with the PID (or a JSON "start" document).
void print_start(const SenderOptions& options, std::string_view local, std::string_view peer);
void print_line_sent(const SenderOptions& options, std::string_view peer, std::size_t bytes);
void print_summary(const SenderOptions& options, std::string_view peer, const SendTotals& totals,
                   bool interrupted);
// The one line for ICMP port unreachable on a connected socket (exits 1).
[[noreturn]] void fail_refused(std::string_view peer, std::uint64_t sent_before);

}  // namespace lab::udp
