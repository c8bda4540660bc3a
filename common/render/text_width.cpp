#include "render/text_width.hpp"

#include "cli/utf8.hpp"

#include <algorithm>
#include <cstdint>

namespace lab::render {
namespace {

bool is_wide(char32_t c) {
  return (c >= 0x1100 && c <= 0x115f) ||  // Hangul Jamo (leading consonants)
         (c >= 0x2e80 && c <= 0x303e) ||  // CJK radicals, punctuation
         (c >= 0x3041 && c <= 0x33ff) ||  // kana, Hangul compatibility Jamo, CJK symbols
         (c >= 0x3400 && c <= 0x4dbf) ||  // CJK extension A
         (c >= 0x4e00 && c <= 0x9fff) ||  // CJK unified ideographs
         (c >= 0xa960 && c <= 0xa97f) ||  // Hangul Jamo extended A
         (c >= 0xac00 && c <= 0xd7a3) ||  // Hangul syllables
         (c >= 0xf900 && c <= 0xfaff) ||  // CJK compatibility ideographs
         (c >= 0xfe30 && c <= 0xfe4f) ||  // CJK compatibility forms
         (c >= 0xff00 && c <= 0xff60) ||  // full-width forms
         (c >= 0xffe0 && c <= 0xffe6) ||  // full-width signs
         (c >= 0x1f300 && c <= 0x1f64f) || (c >= 0x20000 && c <= 0x3fffd);
}

bool is_zero_width(char32_t c) {
  return (c >= 0x0300 && c <= 0x036f) ||  // combining diacritics
         (c >= 0x1160 && c <= 0x11ff) ||  // Hangul medial vowels and final consonants
         c == 0x200b || c == 0x200c || c == 0x200d || c == 0xfeff;
}

}  // namespace

std::size_t display_width(std::string_view utf8) {
  if (std::all_of(utf8.begin(), utf8.end(),
                  [](char c) { return static_cast<unsigned char>(c) < 0x80; }))
    return utf8.size();  // the common case: addresses, ports, state names
  std::size_t width = 0;
  for (std::size_t i = 0; i < utf8.size();) {
    const char32_t c = utf8::next_code_point(utf8, i);
    width += is_zero_width(c) ? 0 : is_wide(c) ? 2 : 1;
  }
  return width;
}

void append_padded(std::string& out, std::string_view text, std::size_t width) {
  out += text;
  const std::size_t used = display_width(text);
  out.append(used < width ? width - used : 1, ' ');
}

std::string padded(std::string_view text, std::size_t width) {
  std::string out;
  append_padded(out, text, width);
  return out;
}

std::string fit_width(std::string_view text, std::size_t columns) {
  if (display_width(text) <= columns) return std::string(text);
  if (columns == 0) return {};
  std::string out;
  std::size_t width = 0;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t start = i;
    const char32_t c = utf8::next_code_point(text, i);
    const std::size_t w = is_zero_width(c) ? 0 : is_wide(c) ? 2 : 1;
    if (width + w > columns - 1) break;  // one column is kept for the ellipsis
    out.append(text.substr(start, i - start));
    width += w;
  }
  out += "…";
  return out;
}

void trim_trailing_spaces(std::string& line) {
  while (!line.empty() && line.back() == ' ')
    line.pop_back();
}

}  // namespace lab::render
