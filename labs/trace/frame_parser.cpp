#include "frame_parser.hpp"

#include <pcap/dlt.h>

#include <fmt/format.h>

namespace trace_lab {
namespace {

using lab::sockets::Address;
using lab::sockets::Family;

// Every read is bounds-checked: a frame is whatever the wire gave us.
struct Reader {
  std::span<const std::uint8_t> bytes;
  bool has(std::size_t offset, std::size_t count) const {
    return offset <= bytes.size() && count <= bytes.size() - offset;
  }
  std::uint16_t u16(std::size_t offset) const {
    return static_cast<std::uint16_t>(bytes[offset] << 8 | bytes[offset + 1]);
  }
  std::uint32_t u32(std::size_t offset) const {
    return static_cast<std::uint32_t>(u16(offset)) << 16 | u16(offset + 2);
  }
};

Address address_at(const Reader& r, std::size_t offset, Family family) {
  Address address;
  address.family = family;
  const std::size_t size = family == Family::ipv4 ? 4 : 16;
  for (std::size_t i = 0; i < size; ++i)
    address.bytes[i] = r.bytes[offset + i];
  return address;
}

constexpr std::uint16_t ethertype_ipv4 = 0x0800;
constexpr std::uint16_t ethertype_ipv6 = 0x86DD;
constexpr std::uint16_t ethertype_vlan = 0x8100;
constexpr std::uint8_t proto_tcp = 6;
constexpr std::uint8_t proto_udp = 17;
constexpr std::uint8_t proto_icmp = 1;
constexpr std::uint8_t proto_icmpv6 = 58;

// Where the IP header starts and which version it is, per link type; nullopt when not IP.
std::optional<std::size_t> ip_offset(const Reader& r, int link_type) {
  std::size_t offset = 0;
  std::uint16_t ethertype = 0;
  switch (link_type) {
    case DLT_EN10MB:
      if (!r.has(0, 14)) return std::nullopt;
      ethertype = r.u16(12);
      offset = 14;
      if (ethertype == ethertype_vlan) {
        if (!r.has(14, 4)) return std::nullopt;
        ethertype = r.u16(16);
        offset = 18;
      }
      break;
    case DLT_LINUX_SLL:
      if (!r.has(0, 16)) return std::nullopt;
      ethertype = r.u16(14);
      offset = 16;
      break;
    case DLT_LINUX_SLL2:
      if (!r.has(0, 20)) return std::nullopt;
      ethertype = r.u16(0);
      offset = 20;
      break;
    case DLT_RAW:
      return 0;
    case DLT_NULL:
      return r.has(0, 4) ? std::optional<std::size_t>(4) : std::nullopt;
    default:
      return std::nullopt;
  }
  if (ethertype != ethertype_ipv4 && ethertype != ethertype_ipv6) return std::nullopt;
  return offset;
}

struct IpHeader {
  Family family = Family::ipv4;
  std::uint8_t protocol = 0;
  Address src, dst;
  std::size_t payload_offset = 0;
  std::size_t payload_length = 0;  // from the IP header (the capture may be cut shorter)
};

std::optional<IpHeader> parse_ip(const Reader& r, std::size_t offset) {
  if (!r.has(offset, 1)) return std::nullopt;
  IpHeader ip;
  const int version = r.bytes[offset] >> 4;
  if (version == 4) {
    if (!r.has(offset, 20)) return std::nullopt;
    const std::size_t header = (r.bytes[offset] & 0x0F) * 4u;
    const std::size_t total = r.u16(offset + 2);
    if (header < 20 || total < header) return std::nullopt;
    if ((r.u16(offset + 6) & 0x1FFF) != 0) return std::nullopt;  // a later fragment: no ports
    ip.family = Family::ipv4;
    ip.protocol = r.bytes[offset + 9];
    ip.src = address_at(r, offset + 12, Family::ipv4);
    ip.dst = address_at(r, offset + 16, Family::ipv4);
    ip.payload_offset = offset + header;
    ip.payload_length = total - header;
  } else if (version == 6) {
    if (!r.has(offset, 40)) return std::nullopt;
    ip.family = Family::ipv6;
    ip.protocol = r.bytes[offset + 6];  // extension headers are not followed
    ip.src = address_at(r, offset + 8, Family::ipv6);
    ip.dst = address_at(r, offset + 24, Family::ipv6);
    ip.payload_offset = offset + 40;
    ip.payload_length = r.u16(offset + 4);
  } else {
    return std::nullopt;
  }
  return ip;
}

}  // namespace

std::string flag_names(std::uint8_t flags) {
  std::string names;
  auto add = [&](std::uint8_t bit, const char* name) {
    if ((flags & bit) == 0) return;
    if (!names.empty()) names += '+';
    names += name;
  };
  add(flag_syn, "SYN");
  add(flag_rst, "RST");
  add(flag_fin, "FIN");
  add(flag_psh, "PSH");
  add(flag_ack, "ACK");
  return names.empty() ? std::string("-") : names;
}

std::optional<Event> parse_frame(std::span<const std::uint8_t> frame, int link_type,
                                 std::int64_t time_ns) {
  const Reader r{frame};
  const auto start = ip_offset(r, link_type);
  if (!start) return std::nullopt;
  const auto ip = parse_ip(r, *start);
  if (!ip) return std::nullopt;
  const std::size_t at = ip->payload_offset;
  Event event;
  event.time_ns = time_ns;
  event.src.address = ip->src;
  event.dst.address = ip->dst;

  if (ip->protocol == proto_tcp) {
    if (!r.has(at, 20)) return std::nullopt;
    const std::size_t header = (r.bytes[at + 12] >> 4) * 4u;
    if (header < 20 || header > ip->payload_length) return std::nullopt;
    event.kind = EventKind::segment;
    event.src.port = r.u16(at);
    event.dst.port = r.u16(at + 2);
    event.seq = r.u32(at + 4);
    event.ack = r.u32(at + 8);
    event.flags = r.bytes[at + 13] & 0x1F;
    event.window = r.u16(at + 14);
    event.length = static_cast<std::uint32_t>(ip->payload_length - header);
    return event;
  }
  if (ip->protocol == proto_udp) {
    if (!r.has(at, 8)) return std::nullopt;
    const std::uint16_t length = r.u16(at + 4);
    if (length < 8) return std::nullopt;
    event.kind = EventKind::datagram;
    event.src.port = r.u16(at);
    event.dst.port = r.u16(at + 2);
    event.length = length - 8u;
    return event;
  }
  const bool icmp4 = ip->protocol == proto_icmp && ip->family == Family::ipv4;
  const bool icmp6 = ip->protocol == proto_icmpv6 && ip->family == Family::ipv6;
  if (icmp4 || icmp6) {
    // Port unreachable: type 3 code 3 (ICMP), type 1 code 4 (ICMPv6). After 8 bytes of ICMP
    // header comes the start of the datagram that could not be delivered.
    if (!r.has(at, 8)) return std::nullopt;
    const bool unreachable = icmp4 ? (r.bytes[at] == 3 && r.bytes[at + 1] == 3)
                                   : (r.bytes[at] == 1 && r.bytes[at + 1] == 4);
    if (!unreachable) return std::nullopt;
    const auto inner = parse_ip(r, at + 8);
    if (!inner || inner->protocol != proto_udp || !r.has(inner->payload_offset, 8))
      return std::nullopt;
    event.kind = EventKind::icmp_unreachable;
    event.src = Endpoint{inner->src, r.u16(inner->payload_offset)};      // who sent the datagram
    event.dst = Endpoint{inner->dst, r.u16(inner->payload_offset + 2)};  // the closed port
    return event;
  }
  return std::nullopt;
}

std::string capture_filter(const std::vector<std::uint16_t>& ports) {
  std::string port_terms;
  for (const auto port : ports) {
    if (!port_terms.empty()) port_terms += " or ";
    port_terms += fmt::format("port {}", port);
  }
  // ICMP carries no ports in its own header: the inner datagram is matched by the parser.
  return fmt::format(
      "((tcp or udp) and ({})) or (icmp and icmp[0] = 3 and icmp[1] = 3) or "
      "(icmp6 and ip6[40] = 1 and ip6[41] = 4)",
      port_terms);
}

}  // namespace trace_lab
