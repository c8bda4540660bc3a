#pragma once
// The lab datagram header: what lab-udp-sender puts in front of every numbered datagram, so that
// lab-udp-receiver can tell what was lost, reordered or duplicated on the way.
//
//   offset  size  field
//        0     4  magic "SLAB" (0x53 0x4C 0x41 0x42)
//        4     1  version (1)
//        5     3  reserved, zero
//        8     8  sequence number, 1 for the first datagram
//       16     8  total planned count (0 = not known, e.g. typed lines)
//       24     8  send time, nanoseconds since the Unix epoch
//       32   ...  payload
//
// All integers are big-endian (network byte order). Pure C++: no sockets, no Asio, no fmt, so the
// fuzzer and the unit tests can feed it any bytes.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace lab::wire {

inline constexpr std::uint32_t magic = 0x534C4142;  // "SLAB"
inline constexpr std::uint8_t version = 1;
inline constexpr std::size_t header_size = 32;
// The largest sequence number and planned count a lab datagram may carry. Far beyond what a
// sender sends in a lesson, and small enough that arithmetic on it cannot overflow.
inline constexpr std::uint64_t max_count = 1ull << 40;
// The largest UDP payload over IPv4: 65,535 - 20 (IP header) - 8 (UDP header).
inline constexpr std::size_t max_udp_payload_ipv4 = 65507;

struct Header {
  std::uint64_t sequence = 0;      // 1, 2, 3 ...
  std::uint64_t total = 0;         // planned count, 0 = unknown
  std::uint64_t send_time_ns = 0;  // sender's clock, ns since the Unix epoch
};

// Writes the header into the first header_size bytes of `out`; false if `out` is too small.
bool encode(const Header& header, std::span<std::byte> out);

enum class ParseError {
  none,
  too_short,          // fewer than header_size bytes, but the magic is there
  not_lab,            // no magic: a foreign datagram (nc -u, garbage, empty)
  wrong_version,      // our magic, another version
  reserved_not_zero,  // our magic and version, but the reserved bytes are set
  zero_sequence,      // sequences start at 1
  count_too_large,    // sequence or total beyond max_count
  beyond_total,       // sequence greater than the planned total
};

struct ParseResult {
  ParseError error = ParseError::none;
  Header header;
  bool ok() const { return error == ParseError::none; }
};

// Reads a datagram. Any byte sequence is accepted as input; the result says what it was.
ParseResult parse(std::span<const std::byte> datagram);
ParseResult parse(std::string_view datagram);

// A short English name for the error, as used in --json output ("too_short", "not_lab" ...).
std::string_view error_name(ParseError error);

}  // namespace lab::wire
