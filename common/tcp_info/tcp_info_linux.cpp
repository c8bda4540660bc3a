// TCP_INFO on Linux: getsockopt(TCP_INFO), and the same struct as netlink's INET_DIAG_INFO hands
// it over (lab-netstat --details).
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstddef>
#include <cstring>

#include "tcp_info/tcp_info.hpp"

namespace lab {
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

std::optional<TcpFigures> read_tcp_info(NativeSocket socket) {
  tcp_info info{};
  socklen_t length = sizeof info;
  if (::getsockopt(static_cast<int>(socket), IPPROTO_TCP, TCP_INFO, &info, &length) != 0)
    return std::nullopt;
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

}  // namespace lab
