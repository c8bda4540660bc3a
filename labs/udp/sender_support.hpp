#pragma once
// Everything lab-udp-sender does besides the socket calls: the lines it prints, the lines it
// reads from stdin, the replies it shows. sender.cpp keeps the socket calls, sender_options.cpp
// the command line.
#include <chrono>
#include <cstdint>
#include <functional>
#include <string_view>
#include <system_error>

#include "sender_options.hpp"
#include "udp/batch_io.hpp"

namespace udp_lab {

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
// Read through cli/input (read_stdin_piece), as every program reads stdin.
void for_each_typed_line(const SenderOptions& options,
                         const std::function<void(std::string_view)>& send);
// Prints the datagrams that came back to our socket within a moment (lab-multi-port answers
// each one); nothing when nobody answers. Returns the error when, instead, the socket heard ICMP
// port unreachable (is_port_unreachable in udp/batch_io.hpp): nothing listens at the peer.
// `first_wait_ms`: how long to wait for the first reply (0: only what is there already).
std::error_code show_replies(lab::udp::native_socket socket, const SenderOptions& options,
                             int first_wait_ms);

// ICMP port unreachable came back as `ec` after `sent_before` datagrams. On a connected socket
// the one error line (exit 1): "connection refused ... (ECONNREFUSED on the connected socket)".
// On an unconnected one (Windows only: WSAECONNRESET 10054) a warning, once, naming
// SIO_UDP_CONNRESET, and sending goes on.
void port_unreachable(const SenderOptions& options, std::string_view peer,
                      std::uint64_t sent_before, std::error_code ec);

}  // namespace udp_lab
