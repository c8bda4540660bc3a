#include "tcp_info/tcp_info.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "cli/lang.hpp"
#include "render/json.hpp"

namespace lab {

void TcpFiguresSum::add(const TcpFigures& figures) {
  ++connections;
  total_retransmits += figures.total_retransmits;
  rtt_us_sum += figures.rtt_us;
  rto_us_max = std::max(rto_us_max, figures.rto_us);
  retransmitted_bytes += figures.retransmitted_bytes;
  source = figures.source;
}

TcpFigures TcpFiguresSum::average() const {
  TcpFigures figures;
  figures.total_retransmits = static_cast<std::uint32_t>(total_retransmits);
  figures.rtt_us = connections ? static_cast<std::uint32_t>(rtt_us_sum / connections) : 0;
  figures.rto_us = rto_us_max;
  figures.retransmitted_bytes = retransmitted_bytes;
  figures.source = source;
  return figures;
}

std::string tcp_figures_line(const TcpFigures& f) {
  if (f.source == TcpInfoSource::windows_tcp_info_v0)
    return lab::trf(
        "TCP_INFO: {} bytes retransmitted, RTT {:.2f} ms, cwnd {} (Windows does not give the RTT "
        "variation, RTO, retransmitted segments)",
        "TCP_INFO: 재전송 {}바이트, RTT {:.2f} ms, cwnd {} (Windows는 RTT 변동, RTO, 재전송 "
        "세그먼트 수를 주지 않음)",
        f.retransmitted_bytes, f.rtt_us / 1000.0, f.send_cwnd);
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
  if (f.source == TcpInfoSource::windows_tcp_info_v0)
    return lab::trf(
        "TCP_INFO over {} connections: {} bytes retransmitted, mean RTT {:.2f} ms (Windows does "
        "not give the RTO, retransmitted segments)",
        "TCP_INFO (연결 {}개): 재전송 {}바이트, 평균 RTT {:.2f} ms (Windows는 RTO, 재전송 세그먼트 "
        "수를 주지 않음)",
        sum.connections, f.retransmitted_bytes, f.rtt_us / 1000.0);
  return lab::trf(
      "TCP_INFO over {} connections: {} retransmitted segments, mean RTT {:.2f} ms, largest RTO "
      "{:.0f} ms",
      "TCP_INFO (연결 {}개): 재전송 세그먼트 {}개, 평균 RTT {:.2f} ms, 최대 RTO {:.0f} ms",
      sum.connections, f.total_retransmits, f.rtt_us / 1000.0, f.rto_us / 1000.0);
}

std::string tcp_figures_missing_line() {
  return lab::tr("TCP_INFO: not available here (this OS gave no figures for the connection)",
                 "TCP_INFO: 볼 수 없음 (이 OS가 이 연결의 수치를 주지 않음)");
}

json::Value tcp_figures_json(const std::optional<TcpFigures>& figures) {
  if (!figures) return nullptr;
  if (figures->source == TcpInfoSource::windows_tcp_info_v0)  // what Windows has no figure for
    return {{"retransmits", nullptr},    {"retransmitted_bytes", figures->retransmitted_bytes},
            {"rtt_us", figures->rtt_us}, {"rtt_var_us", nullptr},
            {"rto_us", nullptr},         {"cwnd", figures->send_cwnd},
            {"unacked", nullptr},        {"lost", nullptr}};
  return {{"retransmits", figures->total_retransmits},
          {"rtt_us", figures->rtt_us},
          {"rtt_var_us", figures->rtt_var_us},
          {"rto_us", figures->rto_us},
          {"cwnd", figures->send_cwnd},
          {"unacked", figures->unacked},
          {"lost", figures->lost}};
}

}  // namespace lab
