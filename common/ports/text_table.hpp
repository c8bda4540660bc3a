#pragma once
// Aligned text tables for terminals: columns padded by display width, so Korean (two columns
// per Hangul syllable) lines up with English.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace lab::ports {

// Columns `text` takes on a terminal: East Asian wide characters count 2, combining marks 0,
// invalid UTF-8 bytes 1 each.
std::size_t display_width(std::string_view text);

class TextTable {
 public:
  explicit TextTable(std::vector<std::string> headers) : headers_(std::move(headers)) {}
  void add_row(std::vector<std::string> cells);
  bool empty() const { return rows_.empty(); }
  // Two-space indent, two spaces between columns, the last column not padded; one line per
  // row, header first, each ending in '\n'.
  std::string render() const;

 private:
  std::vector<std::string> headers_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace lab::ports
