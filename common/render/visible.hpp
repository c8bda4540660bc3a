#pragma once
// Bytes from the network, made safe to print: a terminal obeys control characters, so a peer
// that sends ESC ] 0 ; ... BEL could retitle or clear the student's terminal. Every C0 control
// (0x00-0x1F), DEL (0x7F) and C1 control (U+0080-U+009F) is shown escaped as \n, \r, \t, \xNN or
// \u0080; a byte that is not valid UTF-8 as \xNN (an 8-bit terminal reads 0x9B as a control
// too). Everything else (ASCII, Hangul) is kept. The suite's one escaper: the datagram preview
// (wire/preview.hpp) and every program that prints what a peer sent use it.
// Header-only and dependency-free, like utf8.hpp, for the fuzzed parsers.
#include <string>
#include <string_view>

#include "cli/utf8.hpp"

namespace lab {

// `quote_marks`: also escape '"' and '\' (for text shown between quotes, unambiguously).
inline std::string visible(std::string_view bytes, bool quote_marks = false) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string shown;
  shown.reserve(bytes.size());
  for (std::size_t i = 0; i < bytes.size();) {
    const auto c = static_cast<unsigned char>(bytes[i]);
    const std::size_t length = utf8::sequence_length_allow_cut(bytes, i);
    const bool c1_control =
        c == 0xc2 && length == 2 && static_cast<unsigned char>(bytes[i + 1]) < 0xa0;
    if (c == '\n') {
      shown += "\\n";
    } else if (c == '\r') {
      shown += "\\r";
    } else if (c == '\t') {
      shown += "\\t";
    } else if (quote_marks && (c == '"' || c == '\\')) {
      shown += {'\\', static_cast<char>(c)};
    } else if (c < 0x20 || c == 0x7f || length == 0) {
      shown += {'\\', 'x', hex[c >> 4], hex[c & 0xf]};
    } else if (c1_control) {
      const auto code = static_cast<unsigned char>(bytes[i + 1]);
      shown += {'\\', 'u', '0', '0', hex[code >> 4], hex[code & 0xf]};
    } else {
      shown.append(bytes.substr(i, length));
    }
    i += length > 1 ? length : 1;
  }
  return shown;
}

}  // namespace lab
