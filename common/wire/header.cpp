#include "wire/header.hpp"

namespace lab::wire {
namespace {

void put_u64(std::byte* out, std::uint64_t value) {
  for (int i = 7; i >= 0; --i) {
    out[i] = static_cast<std::byte>(value & 0xFF);
    value >>= 8;
  }
}

std::uint64_t get_u64(const std::byte* in) {
  std::uint64_t value = 0;
  for (int i = 0; i < 8; ++i)
    value = (value << 8) | std::to_integer<std::uint64_t>(in[i]);
  return value;
}

std::uint32_t get_u32(const std::byte* in) {
  std::uint32_t value = 0;
  for (int i = 0; i < 4; ++i)
    value = (value << 8) | std::to_integer<std::uint32_t>(in[i]);
  return value;
}

// True when the datagram begins like ours (as far as it goes): a datagram cut short inside the
// header is "a truncated lab datagram", not a foreign one.
bool starts_with_magic(std::span<const std::byte> datagram) {
  const std::byte expected[4] = {std::byte{0x53}, std::byte{0x4C}, std::byte{0x41},
                                 std::byte{0x42}};
  if (datagram.size() < 4) return false;
  for (std::size_t i = 0; i < 4; ++i)
    if (datagram[i] != expected[i]) return false;
  return true;
}

}  // namespace

bool encode(const Header& header, std::span<std::byte> out) {
  if (out.size() < header_size) return false;
  std::byte* p = out.data();
  p[0] = std::byte{0x53};
  p[1] = std::byte{0x4C};
  p[2] = std::byte{0x41};
  p[3] = std::byte{0x42};
  p[4] = std::byte{version};
  p[5] = p[6] = p[7] = std::byte{0};
  put_u64(p + 8, header.sequence);
  put_u64(p + 16, header.total);
  put_u64(p + 24, header.send_time_ns);
  return true;
}

ParseResult parse(std::span<const std::byte> datagram) {
  ParseResult result;
  if (!starts_with_magic(datagram)) {
    result.error = ParseError::not_lab;
    return result;
  }
  if (datagram.size() < header_size) {
    result.error = ParseError::too_short;
    return result;
  }
  const std::byte* p = datagram.data();
  if (get_u32(p) != magic) {  // cannot happen after starts_with_magic; kept as the definition
    result.error = ParseError::not_lab;
    return result;
  }
  if (std::to_integer<std::uint8_t>(p[4]) != version) {
    result.error = ParseError::wrong_version;
    return result;
  }
  if (p[5] != std::byte{0} || p[6] != std::byte{0} || p[7] != std::byte{0}) {
    result.error = ParseError::reserved_not_zero;
    return result;
  }
  result.header.sequence = get_u64(p + 8);
  result.header.total = get_u64(p + 16);
  result.header.send_time_ns = get_u64(p + 24);
  if (result.header.sequence == 0)
    result.error = ParseError::zero_sequence;
  else if (result.header.sequence > max_count || result.header.total > max_count)
    result.error = ParseError::count_too_large;
  else if (result.header.total != 0 && result.header.sequence > result.header.total)
    result.error = ParseError::beyond_total;
  return result;
}

ParseResult parse(std::string_view datagram) {
  return parse(std::span<const std::byte>(reinterpret_cast<const std::byte*>(datagram.data()),
                                          datagram.size()));
}

std::string_view error_name(ParseError error) {
  switch (error) {
    case ParseError::none:
      return "none";
    case ParseError::too_short:
      return "too_short";
    case ParseError::not_lab:
      return "not_lab";
    case ParseError::wrong_version:
      return "wrong_version";
    case ParseError::reserved_not_zero:
      return "reserved_not_zero";
    case ParseError::zero_sequence:
      return "zero_sequence";
    case ParseError::count_too_large:
      return "count_too_large";
    case ParseError::beyond_total:
      return "beyond_total";
  }
  return "unknown";
}

}  // namespace lab::wire
