#pragma once
// What the kernel knows about one TCP connection (TCP_INFO, the same struct that `ss -ti` and
// NETLINK_SOCK_DIAG's INET_DIAG_INFO show): how often it retransmitted, its smoothed round-trip
// time and the retransmission timeout it derived from it. On a bad network (lab-badnet) these
// are the numbers that show TCP at work.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "render/json.hpp"

namespace lab {

// Where the figures came from. Windows (SIO_TCP_INFO's TCP_INFO_v0, Windows 10 1703 and later)
// gives the RTT, the congestion window and retransmitted bytes, and has no RTT variation, RTO,
// unacknowledged or lost count, nor retransmitted segments: those are named as not given in the
// text and null in JSON, never shown as 0.
enum class TcpInfoSource { linux_tcp_info, windows_tcp_info_v0 };

struct TcpFigures {
  TcpInfoSource source = TcpInfoSource::linux_tcp_info;
  std::uint32_t total_retransmits = 0;    // tcpi_total_retrans: segments sent again, whole life
  std::uint32_t rtt_us = 0;               // tcpi_rtt: smoothed round-trip time
  std::uint32_t rtt_var_us = 0;           // tcpi_rttvar: its variation
  std::uint32_t rto_us = 0;               // tcpi_rto: how long before a retransmission
  std::uint32_t send_cwnd = 0;            // tcpi_snd_cwnd: congestion window, in segments
  std::uint32_t unacked = 0;              // tcpi_unacked: segments sent, not yet acknowledged
  std::uint32_t lost = 0;                 // tcpi_lost: segments the sender thinks are lost now
  std::uint64_t retransmitted_bytes = 0;  // Windows only: BytesRetrans
};

// A socket as the OS names it: a descriptor on Linux, a SOCKET on Windows (-1: none).
using NativeSocket = std::intptr_t;
// getsockopt(TCP_INFO) on a connected TCP socket (Windows: WSAIoctl(SIO_TCP_INFO)); nullopt
// where the OS gives none (Windows before 10 1703, Wine).
std::optional<TcpFigures> read_tcp_info(NativeSocket socket);
// From the bytes of a `struct tcp_info` as netlink hands it (possibly shorter, older kernels).
std::optional<TcpFigures> tcp_figures_from_bytes(std::span<const unsigned char> bytes);

// Sums over many connections (the load mode): retransmits add up, RTT/RTO are averaged.
struct TcpFiguresSum {
  std::uint64_t connections = 0;
  std::uint64_t total_retransmits = 0;
  std::uint64_t rtt_us_sum = 0;
  std::uint32_t rto_us_max = 0;
  std::uint64_t retransmitted_bytes = 0;
  TcpInfoSource source = TcpInfoSource::linux_tcp_info;
  void add(const TcpFigures& figures);
  TcpFigures average() const;  // retransmits: the total; rto: the largest
};

// "TCP_INFO: 12 retransmitted segments, RTT 50.3 ms (±1.2 ms), RTO 254 ms, cwnd 10"
std::string tcp_figures_line(const TcpFigures& figures);
// "TCP_INFO over 3 connections: 9 retransmitted segments, mean RTT 47.10 ms, largest RTO 2212 ms"
std::string tcp_figures_sum_line(const TcpFiguresSum& sum);
// For a connection the OS gave no figures for: says so, instead of a line of zeros.
std::string tcp_figures_missing_line();
// {"retransmits", "rtt_us", "rtt_var_us", "rto_us", "cwnd", "unacked", "lost"}, the value of a
// document's "tcp_info"; null where there are no figures.
json::Value tcp_figures_json(const std::optional<TcpFigures>& figures);

}  // namespace lab
