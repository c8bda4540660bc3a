#include "tcp_info/tcp_info.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstddef>
#include <cstring>

#include "cli/lang.hpp"
#include "render/json.hpp"

#if defined(__linux__)
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#endif

namespace lab {

#if defined(__linux__)
namespace {
TcpFigures from_struct(const tcp_info& info) {
  TcpFigures figures;
  figures.total_retransmits = info.tcpi_total_retrans;
  figures.rtt_us = info.tcpi_rtt;
  figures.rtt_var_us = info.tcpi_rttvar;
  figures.rto_us = info.tcpi_rto;
  figures.send_cwnd = info.tcpi_snd_cwnd;
  figures.unacked = info.tcpi_unacked;
  figures.lost = info.tcpi_lost;
  return figures;
}
}  // namespace

std::optional<TcpFigures> read_tcp_info(int fd) {
  tcp_info info{};
  socklen_t length = sizeof info;
  if (::getsockopt(fd, IPPROTO_TCP, TCP_INFO, &info, &length) != 0) return std::nullopt;
  return from_struct(info);
}

std::optional<TcpFigures> tcp_figures_from_bytes(std::span<const unsigned char> bytes) {
  // Everything we read lies before tcpi_total_retrans' end; a shorter struct lacks it.
  constexpr std::size_t needed = offsetof(tcp_info, tcpi_total_retrans) + sizeof(std::uint32_t);
  if (bytes.size() < needed) return std::nullopt;
  tcp_info info{};
  std::memcpy(&info, bytes.data(), std::min(bytes.size(), sizeof info));
  return from_struct(info);
}
#else
std::optional<TcpFigures> read_tcp_info(int) {
  return std::nullopt;
}
std::optional<TcpFigures> tcp_figures_from_bytes(std::span<const unsigned char>) {
  return std::nullopt;
}
#endif

void TcpFiguresSum::add(const TcpFigures& figures) {
  ++connections;
  total_retransmits += figures.total_retransmits;
  rtt_us_sum += figures.rtt_us;
  rto_us_max = std::max(rto_us_max, figures.rto_us);
}

TcpFigures TcpFiguresSum::average() const {
  TcpFigures figures;
  figures.total_retransmits = static_cast<std::uint32_t>(total_retransmits);
  figures.rtt_us = connections ? static_cast<std::uint32_t>(rtt_us_sum / connections) : 0;
  figures.rto_us = rto_us_max;
  return figures;
}

std::string tcp_figures_line(const TcpFigures& f) {
  return lab::trf(
      "TCP_INFO: {} retransmitted segments, RTT {:.2f} ms (±{:.2f} ms), RTO {:.0f} ms, cwnd {}",
      "TCP_INFO: 재전송 세그먼트 {}개, RTT {:.2f} ms (±{:.2f} ms), RTO {:.0f} ms, cwnd {}",
      f.total_retransmits, f.rtt_us / 1000.0, f.rtt_var_us / 1000.0, f.rto_us / 1000.0,
      f.send_cwnd);
}

std::string tcp_figures_sum_line(const TcpFiguresSum& sum) {
  // No connection gave figures (none echoed, or this OS has no TCP_INFO to read): no zeros.
  if (sum.connections == 0)
    return lab::tr("TCP_INFO: no figures (no connection echoed, or this OS gives none)",
                   "TCP_INFO: 수치 없음 (에코한 연결이 없거나, 이 OS가 주지 않음)");
  const TcpFigures f = sum.average();
  return lab::trf(
      "TCP_INFO over {} connections: {} retransmitted segments, mean RTT {:.2f} ms, largest RTO "
      "{:.0f} ms",
      "TCP_INFO (연결 {}개): 재전송 세그먼트 {}개, 평균 RTT {:.2f} ms, 최대 RTO {:.0f} ms",
      sum.connections, f.total_retransmits, f.rtt_us / 1000.0, f.rto_us / 1000.0);
}

json::Value tcp_figures_json(const std::optional<TcpFigures>& figures) {
  if (!figures) return nullptr;
  return {{"retransmits", figures->total_retransmits},
          {"rtt_us", figures->rtt_us},
          {"rtt_var_us", figures->rtt_var_us},
          {"rto_us", figures->rto_us},
          {"cwnd", figures->send_cwnd},
          {"unacked", figures->unacked},
          {"lost", figures->lost}};
}

}  // namespace lab
