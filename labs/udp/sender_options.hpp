#pragma once
// lab-udp-sender's options, pacing and printing. sender.cpp keeps only the socket calls.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>
#include <asio/ip/udp.hpp>

#include "cli/app.hpp"
#include "wire/header.hpp"

namespace udp_lab {

struct SenderOptions {
  std::string to;                      // HOST:PORT
  std::optional<std::uint64_t> count;  // numbered datagrams; without it, lines from stdin
  std::uint64_t size = 64;             // bytes per numbered datagram, header included
  std::optional<double> rate;          // datagrams per second; empty = max
  bool connect = false;
  lab::CommonOptions common;
};

std::unique_ptr<CLI::App> make_sender_app(SenderOptions& options);

// Ctrl-C / SIGTERM set a flag the send loop checks (and interrupt a sleep or a read).
void install_stop_signals();
bool stop_requested();
const std::atomic<bool>& stop_flag();

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
// Lines from stdin, each passed to `send` with its newline (the last may have none). On a
// terminal, a hint first and a prompt before each line. Ends at end of input or Ctrl-C. A
// "line" longer than a datagram can hold is refused (a warning) as soon as it is that long.
void for_each_typed_line(const SenderOptions& options,
                         const std::function<void(std::string_view)>& send);
// Prints the datagrams that came back to our socket within a moment (lab-multi-port answers
// each one); nothing when nobody answers. True when, instead, a connected socket heard ICMP port
// unreachable (ECONNREFUSED): nothing listens at the peer.
// `first_wait_ms`: how long to wait for the first reply (0: only what is there already).
bool show_replies(int fd, const SenderOptions& options, int first_wait_ms);
// After the last datagram on a connected socket: did an ICMP port unreachable come back?
bool refused_after_last_send(int fd);

// The one line for ICMP port unreachable on a connected socket (exits 1).
[[noreturn]] void fail_refused(std::string_view peer, std::uint64_t sent_before);

}  // namespace udp_lab
