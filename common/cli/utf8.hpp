#pragma once
// UTF-8, byte by byte: the suite's one validator and decoder, used by the display-width code, the
// lab datagram preview and the Korean particle rules (cli/wording) (the JSON writer, nlohmann, has
// its own and replaces what it rejects). Header-only and dependency-free so the fuzzed parsers can
// use it too.
//
// Valid means what RFC 3629 says: the shortest form only (no overlong 2-, 3- or 4-byte forms),
// no UTF-16 surrogates (U+D800-U+DFFF, lead ED with A0-BF), nothing above U+10FFFF.
#include <cstddef>
#include <string_view>

namespace lab::utf8 {

namespace detail {
// For a lead byte: the sequence length (0: not a lead) and the range its second byte must be in.
struct Lead {
  std::size_t length;
  unsigned char second_min, second_max;
};
inline Lead lead_of(unsigned char lead) {
  if (lead < 0x80) return {1, 0, 0};
  if (lead >= 0xc2 && lead <= 0xdf) return {2, 0x80, 0xbf};
  if (lead == 0xe0) return {3, 0xa0, 0xbf};  // 80-9F would be an overlong form
  if (lead == 0xed) return {3, 0x80, 0x9f};  // A0-BF would be a surrogate
  if (lead >= 0xe1 && lead <= 0xef) return {3, 0x80, 0xbf};
  if (lead == 0xf0) return {4, 0x90, 0xbf};  // 80-8F would be an overlong form
  if (lead >= 0xf1 && lead <= 0xf3) return {4, 0x80, 0xbf};
  if (lead == 0xf4) return {4, 0x80, 0x8f};  // 90-BF would be above U+10FFFF
  return {0, 0, 0};                          // 80-C1 and F5-FF never start a character
}
// How many bytes from text[i] on are a valid start of one sequence (at most `length`).
inline std::size_t valid_bytes(std::string_view text, std::size_t i, const Lead& lead) {
  std::size_t k = 1;
  for (; k < lead.length && i + k < text.size(); ++k) {
    const auto byte = static_cast<unsigned char>(text[i + k]);
    const unsigned char min = k == 1 ? lead.second_min : 0x80;
    const unsigned char max = k == 1 ? lead.second_max : 0xbf;
    if (byte < min || byte > max) return 0;
  }
  return k;
}
}  // namespace detail

// Length of the valid UTF-8 sequence that starts at text[i] (1 to 4), or 0 when the bytes there
// are not valid UTF-8 (a stray continuation byte, a truncated, overlong or surrogate sequence).
inline std::size_t sequence_length(std::string_view text, std::size_t i) {
  if (i >= text.size()) return 0;
  const auto lead = detail::lead_of(static_cast<unsigned char>(text[i]));
  if (lead.length == 0 || i + lead.length > text.size()) return 0;
  return detail::valid_bytes(text, i, lead) == lead.length ? lead.length : 0;
}

// The same, except that a sequence cut off by the end of `text` (a read that stopped in the
// middle of a character) counts when the bytes that are there are right: returns those bytes.
inline std::size_t sequence_length_allow_cut(std::string_view text, std::size_t i) {
  if (i >= text.size()) return 0;
  const auto lead = detail::lead_of(static_cast<unsigned char>(text[i]));
  if (lead.length == 0) return 0;
  const std::size_t valid = detail::valid_bytes(text, i, lead);
  if (valid == lead.length) return valid;
  return valid > 0 && i + valid == text.size() ? valid : 0;
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

// The longest prefix of `text` that does not end inside a character: a valid sequence cut off
// by the end of `text` (a preview cut at N bytes) is left out whole.
inline std::size_t complete_prefix(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t length = sequence_length_allow_cut(text, i);
    if (length == 0) {
      ++i;  // an invalid byte is one character of its own
      continue;
    }
    const auto lead = detail::lead_of(static_cast<unsigned char>(text[i]));
    if (length < lead.length) return i;  // cut off: only at the end (sequence_length_allow_cut)
    i += length;
  }
  return text.size();
}

// The last code point of `text` (0 for empty text); an invalid last byte is itself.
inline char32_t last_code_point(std::string_view text) {
  if (text.empty()) return 0;
  std::size_t start = text.size() - 1;
  for (std::size_t back = 0; back < 3 && start > 0; ++back) {
    if ((static_cast<unsigned char>(text[start]) & 0xc0) != 0x80) break;  // a lead byte
    --start;
  }
  // A sequence that does not reach exactly to the end is not the last character.
  if (sequence_length(text, start) != text.size() - start) start = text.size() - 1;
  return next_code_point(text, start);
}

}  // namespace lab::utf8
