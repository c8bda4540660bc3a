// Per-connection TCP details on Linux: the NETLINK_SOCK_DIAG dump with INET_DIAG_INFO asked for.
#include "sockets/tcp_details.hpp"

#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstddef>
#include <cstring>

#include "sockets/sock_diag.hpp"

namespace lab::sockets {

namespace {
std::uint16_t port_from_network(std::uint16_t value) {
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(&value);
  return static_cast<std::uint16_t>((bytes[0] << 8) | bytes[1]);
}

// One record: its ends from the fixed part, tcp_info from the INET_DIAG_INFO attribute.
bool details_from_record(const std::uint8_t* data, std::size_t length, TcpDetails& details) {
  inet_diag_msg record;
  if (length < sizeof record) return false;
  std::memcpy(&record, data, sizeof record);
  if (record.idiag_family != AF_INET && record.idiag_family != AF_INET6) return false;
  const Family family = record.idiag_family == AF_INET ? Family::ipv4 : Family::ipv6;
  const std::size_t address_bytes = family == Family::ipv4 ? 4 : 16;
  details.local.address.family = details.remote.address.family = family;
  std::memcpy(details.local.address.bytes.data(), record.id.idiag_src, address_bytes);
  std::memcpy(details.remote.address.bytes.data(), record.id.idiag_dst, address_bytes);
  details.local.port = port_from_network(record.id.idiag_sport);
  details.remote.port = port_from_network(record.id.idiag_dport);
  // Attributes follow the record, each rtattr-framed and 4-byte aligned.
  std::size_t offset = NLMSG_ALIGN(sizeof record);
  while (offset + sizeof(rtattr) <= length) {
    rtattr attribute;
    std::memcpy(&attribute, data + offset, sizeof attribute);
    if (attribute.rta_len < sizeof attribute || attribute.rta_len > length - offset) return false;
    if (attribute.rta_type == INET_DIAG_INFO) {
      const auto figures = tcp_figures_from_bytes(
          std::span(data + offset + RTA_LENGTH(0),
                    attribute.rta_len - static_cast<std::size_t>(RTA_LENGTH(0))));
      if (!figures) return false;
      details.figures = *figures;
      return true;
    }
    offset += RTA_ALIGN(attribute.rta_len);
  }
  return false;  // no INET_DIAG_INFO (TIME_WAIT and request sockets carry none)
}
}  // namespace

std::vector<std::uint8_t> make_tcp_details_request(Family family, std::uint32_t sequence) {
  auto request = make_sock_diag_request(Protocol::tcp, family, sequence);
  // idiag_ext is a bit mask of the attributes wanted, bit (type - 1).
  const std::size_t at = sizeof(nlmsghdr) + offsetof(inet_diag_req_v2, idiag_ext);
  request[at] = static_cast<std::uint8_t>(1u << (INET_DIAG_INFO - 1));
  return request;
}

bool parse_tcp_details(std::span<const std::uint8_t> bytes, std::vector<TcpDetails>& out) {
  std::size_t offset = 0;
  while (bytes.size() - offset >= sizeof(nlmsghdr)) {
    nlmsghdr header;
    std::memcpy(&header, bytes.data() + offset, sizeof header);
    if (header.nlmsg_len < sizeof header || header.nlmsg_len > bytes.size() - offset) return false;
    if (header.nlmsg_type == NLMSG_DONE || header.nlmsg_type == NLMSG_ERROR) return false;
    if (header.nlmsg_type == SOCK_DIAG_BY_FAMILY) {
      TcpDetails details;
      if (details_from_record(bytes.data() + offset + sizeof header,
                              header.nlmsg_len - sizeof header, details))
        out.push_back(details);
    }
    offset += NLMSG_ALIGN(header.nlmsg_len);
    if (offset > bytes.size()) break;
  }
  return true;
}

TcpDetailsByEnds read_tcp_details() {
  TcpDetailsByEnds all;
  const int fd = ::socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
  if (fd < 0) return all;
  std::vector<std::uint8_t> buffer(64 * 1024);
  std::vector<TcpDetails> parsed;
  std::uint32_t sequence = 1;
  for (const Family family : {Family::ipv4, Family::ipv6}) {
    const auto request = make_tcp_details_request(family, sequence++);
    sockaddr_nl kernel{};
    kernel.nl_family = AF_NETLINK;
    if (::sendto(fd, request.data(), request.size(), 0, reinterpret_cast<sockaddr*>(&kernel),
                 sizeof kernel) < 0)
      break;
    // Bounded: a dump of even a busy machine ends; a silent kernel would block, so time out.
    timeval limit{2, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
    for (int datagrams = 0; datagrams < 100000; ++datagrams) {
      const ssize_t n = ::recv(fd, buffer.data(), buffer.size(), 0);
      if (n <= 0) break;
      parsed.clear();
      const bool more =
          parse_tcp_details(std::span(buffer.data(), static_cast<std::size_t>(n)), parsed);
      for (const TcpDetails& details : parsed)
        all.emplace(ConnectionEnds{details.local, details.remote}, details.figures);
      if (!more) break;
    }
  }
  ::close(fd);
  return all;
}

const TcpFigures* find_tcp_details(const TcpDetailsByEnds& all, const SocketRow& row) {
  // A listener has no peer: no round trips, nothing to show.
  if (row.protocol != Protocol::tcp || row.state == TcpState::listen) return nullptr;
  const auto found = all.find(ConnectionEnds{row.local, row.remote});
  return found == all.end() ? nullptr : &found->second;
}

}  // namespace lab::sockets
