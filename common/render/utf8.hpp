#pragma once
// UTF-8, byte by byte: what the JSON writer and the display-width code both need to know.
// Header-only and dependency-free so the fuzzed parsers can use it too.
#include <cstddef>
#include <string_view>

namespace lab::utf8 {

// Length of the valid UTF-8 sequence that starts at text[i] (1 to 4), or 0 when the bytes there
// are not valid UTF-8 (a stray continuation byte, a truncated or overlong sequence).
inline std::size_t sequence_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  const std::size_t length = lead < 0x80           ? 1
                             : (lead >> 5) == 0x6  ? 2
                             : (lead >> 4) == 0xe  ? 3
                             : (lead >> 3) == 0x1e ? 4
                                                   : 0;
  if (length == 0 || i + length > text.size()) return 0;
  for (std::size_t k = 1; k < length; ++k)
    if ((byte(i + k) & 0xc0) != 0x80) return 0;
  if (length == 2 && lead < 0xc2) return 0;  // overlong form of an ASCII character
  return length;
}

// Decodes the code point at text[i] and moves i past it. An invalid byte decodes as itself
// (one narrow character) so that a display never loses or merges columns.
inline char32_t next_code_point(std::string_view text, std::size_t& i) {
  const std::size_t length = sequence_length(text, i);
  const auto lead = static_cast<unsigned char>(text[i]);
  if (length <= 1) {
    ++i;
    return lead;
  }
  char32_t value = lead & (0x7f >> length);
  for (std::size_t k = 1; k < length; ++k)
    value = (value << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3f);
  i += length;
  return value;
}

}  // namespace lab::utf8
