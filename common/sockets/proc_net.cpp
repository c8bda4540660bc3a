#include "sockets/proc_net.hpp"

#include <bit>
#include <charconv>
#include <cstdint>

namespace lab::sockets {
namespace {

// Splits on runs of spaces; returns up to `max` fields.
std::size_t split_fields(std::string_view line, std::string_view* fields, std::size_t max) {
  std::size_t count = 0;
  std::size_t i = 0;
  while (i < line.size() && count < max) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t'))
      ++i;
    if (i >= line.size()) break;
    std::size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t')
      ++i;
    fields[count++] = line.substr(start, i - start);
  }
  return count;
}

template <class T>
bool parse_hex(std::string_view text, T& out) {
  if (text.empty()) return false;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out, 16);
  return ec == std::errc() && end == text.data() + text.size();
}

template <class T>
bool parse_dec(std::string_view text, T& out) {
  if (text.empty()) return false;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out, 10);
  return ec == std::errc() && end == text.data() + text.size();
}

bool parse_endpoint(std::string_view text, Family family, Endpoint& out) {
  auto colon = text.find(':');
  if (colon == std::string_view::npos) return false;
  auto address = parse_proc_net_address(text.substr(0, colon), family);
  std::uint32_t port = 0;
  std::string_view port_text = text.substr(colon + 1);
  if (!address || port_text.size() != 4 || !parse_hex(port_text, port)) return false;
  out.address = *address;
  out.port = static_cast<std::uint16_t>(port);
  return true;
}

// "tx_queue:rx_queue" in hex.
bool parse_queues(std::string_view text, std::uint32_t& tx, std::uint32_t& rx) {
  auto colon = text.find(':');
  return colon != std::string_view::npos && parse_hex(text.substr(0, colon), tx) &&
         parse_hex(text.substr(colon + 1), rx);
}

}  // namespace

std::optional<Address> parse_proc_net_address(std::string_view hex, Family family) {
  const std::size_t words = family == Family::ipv4 ? 1 : 4;
  if (hex.size() != words * 8) return std::nullopt;
  Address out;
  out.family = family;
  for (std::size_t w = 0; w < words; ++w) {
    std::uint32_t value = 0;
    if (!parse_hex(hex.substr(w * 8, 8), value)) return std::nullopt;
    // The kernel printed the word as it sits in memory: undo that for this host's byte order.
    for (std::size_t b = 0; b < 4; ++b) {
      const std::size_t shift = std::endian::native == std::endian::little ? 8 * b : 8 * (3 - b);
      out.bytes[w * 4 + b] = static_cast<std::uint8_t>((value >> shift) & 0xff);
    }
  }
  return out;
}

std::optional<SocketRow> parse_proc_net_line(std::string_view line, Protocol protocol,
                                             Family family) {
  // sl local rem st tx:rx tr:when retrnsmt uid timeout inode
  std::string_view f[10];
  if (split_fields(line, f, 10) < 10) return std::nullopt;
  if (f[0].size() < 2 || f[0].back() != ':') return std::nullopt;
  std::uint32_t slot = 0;
  if (!parse_dec(f[0].substr(0, f[0].size() - 1), slot)) return std::nullopt;

  SocketRow row;
  row.protocol = protocol;
  row.family = family;
  std::uint32_t state = 0;
  if (!parse_endpoint(f[1], family, row.local) || !parse_endpoint(f[2], family, row.remote) ||
      f[3].size() != 2 || !parse_hex(f[3], state) || state > 12 ||
      !parse_queues(f[4], row.tx_queue, row.rx_queue) || !parse_dec(f[7], row.uid) ||
      !parse_dec(f[9], row.inode))
    return std::nullopt;
  row.state = static_cast<TcpState>(state);
  return row;
}

ProcNetParse parse_proc_net(std::string_view contents, Protocol protocol, Family family,
                            bool keep_raw) {
  ProcNetParse out;
  bool first = true;
  while (!contents.empty()) {
    auto newline = contents.find('\n');
    std::string_view line = contents.substr(0, newline);
    contents =
        newline == std::string_view::npos ? std::string_view() : contents.substr(newline + 1);
    if (first) {  // the header: "  sl  local_address rem_address ..."
      first = false;
      if (line.find("local_address") != std::string_view::npos) continue;
    }
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    if (auto row = parse_proc_net_line(line, protocol, family)) {
      if (keep_raw) row->raw = std::string(line);
      out.rows.push_back(std::move(*row));
    } else {
      ++out.malformed_lines;
    }
  }
  return out;
}

}  // namespace lab::sockets
