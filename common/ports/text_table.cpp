#include "ports/text_table.hpp"

#include <algorithm>

#include "render/text_width.hpp"

namespace lab::ports {

void TextTable::add_row(std::vector<std::string> cells) {
  cells.resize(headers_.size());
  rows_.push_back(std::move(cells));
}

std::string TextTable::render() const {
  std::vector<std::size_t> widths(headers_.size(), 0);
  auto measure = [&](const std::vector<std::string>& cells) {
    for (std::size_t c = 0; c < cells.size(); ++c)
      widths[c] = std::max(widths[c], render::display_width(cells[c]));
  };
  measure(headers_);
  for (const auto& row : rows_)
    measure(row);
  std::string out;
  auto emit = [&](const std::vector<std::string>& cells) {
    std::string line = "  ";
    for (std::size_t c = 0; c < cells.size(); ++c) {
      if (c + 1 < cells.size())
        render::append_padded(line, cells[c], widths[c] + 2);
      else
        line += cells[c];
    }
    render::trim_trailing_spaces(line);
    out += line;
    out += '\n';
  };
  emit(headers_);
  for (const auto& row : rows_)
    emit(row);
  return out;
}

}  // namespace lab::ports
