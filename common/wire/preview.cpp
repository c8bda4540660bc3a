#include "wire/preview.hpp"

#include "cli/utf8.hpp"
#include "render/visible.hpp"

namespace lab::wire {
namespace {

// Length of the valid UTF-8 sequence starting at data[i], or 0. A character cut off by the end
// of the data (a truncated read) still counts as text. The suite's one validator: cli/utf8.hpp.
std::size_t utf8_length(std::string_view data, std::size_t i) {
  return utf8::sequence_length_allow_cut(data, i);
}

bool looks_like_text(std::string_view data) {
  if (data.empty()) return true;
  for (std::size_t i = 0; i < data.size();) {
    const auto c = static_cast<unsigned char>(data[i]);
    if (c == '\n' || c == '\r' || c == '\t' || (c >= 0x20 && c < 0x7F)) {
      ++i;
      continue;
    }
    const std::size_t length = utf8_length(data, i);
    if (length == 0) return false;
    i += length;
  }
  return true;
}

}  // namespace

Preview preview(std::string_view data, std::size_t limit) {
  Preview out;
  out.is_text = looks_like_text(data);
  std::string_view shown = data.substr(0, std::min(limit, data.size()));
  if (out.is_text) {
    // Do not show half a character: end before a multi-byte sequence that does not fit.
    shown = shown.substr(0, utf8::complete_prefix(shown));
    // Controls escaped (\x1b, \u009b): a datagram cannot steer the student's terminal.
    out.shown = '"' + visible(shown, /*quote_marks=*/true) + '"';
  } else {
    static constexpr char digits[] = "0123456789abcdef";
    for (std::size_t i = 0; i < shown.size(); ++i) {
      if (i > 0) out.shown.push_back(' ');
      const auto c = static_cast<unsigned char>(shown[i]);
      out.shown.push_back(digits[c >> 4]);
      out.shown.push_back(digits[c & 0xF]);
    }
  }
  out.cut = data.size() - shown.size();
  return out;
}

}  // namespace lab::wire
