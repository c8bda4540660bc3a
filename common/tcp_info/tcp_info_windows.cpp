// TCP_INFO on Windows: WSAIoctl(SIO_TCP_INFO) with version 0 gives a TCP_INFO_v0 (Windows 10 1703
// and later). It has the RTT, the congestion window (in bytes) and the bytes retransmitted; it
// has no RTT variation, RTO, unacknowledged or lost count and no count of retransmitted
// segments: the figures say so (TcpInfoSource::windows_tcp_info_v0). Older Windows and Wine 8
// answer the call with an error: no figures at all.
#define NTDDI_VERSION 0x0A000003  // NTDDI_WIN10_RS2 (1703): declares TCP_INFO_v0
#include <winsock2.h>
// after winsock2.h, which it needs
#include <mstcpip.h>

#include "tcp_info/tcp_info.hpp"

namespace lab {

std::optional<TcpFigures> read_tcp_info(NativeSocket socket) {
  DWORD version = 0;
  TCP_INFO_v0 info{};
  DWORD returned = 0;
  if (WSAIoctl(static_cast<SOCKET>(socket), SIO_TCP_INFO, &version, sizeof version, &info,
               sizeof info, &returned, nullptr, nullptr) != 0 ||
      returned < sizeof info)
    return std::nullopt;
  TcpFigures figures;
  figures.source = TcpInfoSource::windows_tcp_info_v0;
  figures.rtt_us = info.RttUs;
  figures.send_cwnd = info.Mss > 0 ? info.Cwnd / info.Mss : 0;  // bytes -> segments, as Linux
  figures.retransmitted_bytes = info.BytesRetrans;
  return figures;
}

// INET_DIAG_INFO is netlink's: Windows' socket table has no such bytes.
std::optional<TcpFigures> tcp_figures_from_bytes(std::span<const unsigned char>) {
  return std::nullopt;
}

}  // namespace lab
