#pragma once
// Display width of UTF-8 text in a terminal: Hangul and other East Asian wide characters take
// two columns, combining marks none. Tables align by this, not by bytes or code points.
#include <cstddef>
#include <string>
#include <string_view>

namespace lab::render {

std::size_t display_width(std::string_view utf8);
// `text` followed by spaces up to `width` columns; when it is already that wide or wider, one
// space still separates it from what follows (a long IPv6 address pushes the rest along).
void append_padded(std::string& out, std::string_view text, std::size_t width);
std::string padded(std::string_view text, std::size_t width);
// `text` cut to at most `columns` display columns; a cut line ends in "…" (never half a
// character, never half a Hangul syllable). Text that fits is returned as it is.
std::string fit_width(std::string_view text, std::size_t columns);
// Removes trailing spaces of a line (tables never end a line with blanks).
void trim_trailing_spaces(std::string& line);

}  // namespace lab::render
