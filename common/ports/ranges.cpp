#include "ports/ranges.hpp"

#include <charconv>
#include <fstream>
#include <iterator>

namespace lab::ports {
namespace {

bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// Reads one decimal number at `pos` (after blanks); at most 10 digits so it cannot overflow.
std::optional<std::uint32_t> next_number(std::string_view text, std::size_t& pos) {
  while (pos < text.size() && is_blank(text[pos]))
    ++pos;
  std::size_t start = pos;
  while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9')
    ++pos;
  if (pos == start || pos - start > 10) return std::nullopt;
  std::uint64_t value = 0;
  std::from_chars(text.data() + start, text.data() + pos, value);
  if (value > UINT32_MAX) return std::nullopt;
  return static_cast<std::uint32_t>(value);
}

bool only_blanks_from(std::string_view text, std::size_t pos) {
  for (; pos < text.size(); ++pos)
    if (!is_blank(text[pos])) return false;
  return true;
}

std::optional<std::string> slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::string text;
  // These files hold a line of text; reading a bounded amount keeps a wrong path harmless.
  char buffer[256];
  in.read(buffer, sizeof buffer);
  text.assign(buffer, static_cast<std::size_t>(in.gcount()));
  return text;
}

}  // namespace

PortRange classify(std::uint16_t port) {
  if (port <= 1023) return PortRange::well_known;
  if (port <= 49151) return PortRange::registered;
  return PortRange::dynamic;
}

RangeBounds bounds(PortRange range) {
  switch (range) {
    case PortRange::well_known:
      return {0, 1023};
    case PortRange::registered:
      return {1024, 49151};
    case PortRange::dynamic:
      break;
  }
  return {49152, 65535};
}

std::string_view range_key(PortRange range) {
  switch (range) {
    case PortRange::well_known:
      return "well-known";
    case PortRange::registered:
      return "registered";
    case PortRange::dynamic:
      break;
  }
  return "dynamic";
}

std::string_view range_iana_name(PortRange range) {
  switch (range) {
    case PortRange::well_known:
      return "System Ports";
    case PortRange::registered:
      return "User Ports";
    case PortRange::dynamic:
      break;
  }
  return "Dynamic and/or Private Ports";
}

std::optional<PortRange> parse_range_key(std::string_view text) {
  for (PortRange range : {PortRange::well_known, PortRange::registered, PortRange::dynamic})
    if (text == range_key(range)) return range;
  if (text == "wellknown" || text == "system") return PortRange::well_known;
  if (text == "user") return PortRange::registered;
  if (text == "private" || text == "ephemeral") return PortRange::dynamic;
  return std::nullopt;
}

std::optional<RangeBounds> parse_port_pair(std::string_view text) {
  std::size_t pos = 0;
  auto first = next_number(text, pos);
  if (!first || pos >= text.size() || !is_blank(text[pos])) return std::nullopt;
  auto last = next_number(text, pos);
  if (!last || !only_blanks_from(text, pos)) return std::nullopt;
  if (*first > 65535 || *last > 65535 || *first > *last) return std::nullopt;
  return RangeBounds{static_cast<std::uint16_t>(*first), static_cast<std::uint16_t>(*last)};
}

std::optional<std::uint32_t> parse_single_number(std::string_view text) {
  std::size_t pos = 0;
  auto value = next_number(text, pos);
  if (!value || !only_blanks_from(text, pos)) return std::nullopt;
  return value;
}

std::optional<RangeBounds> parse_netsh_dynamic_port(std::string_view text) {
  std::uint32_t numbers[2];
  int found = 0;
  std::size_t line_start = 0;
  while (found < 2 && line_start < text.size()) {
    std::size_t line_end = text.find('\n', line_start);
    if (line_end == std::string_view::npos) line_end = text.size();
    std::string_view line = text.substr(line_start, line_end - line_start);
    line_start = line_end + 1;
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::size_t pos = colon + 1;
    auto value = next_number(line, pos);
    if (!value || !only_blanks_from(line, pos)) return std::nullopt;
    numbers[found++] = *value;
  }
  if (found < 2) return std::nullopt;
  const std::uint32_t start = numbers[0], count = numbers[1];
  if (start == 0 || count == 0 || start > 65535 || count > 65536 - start) return std::nullopt;
  return RangeBounds{static_cast<std::uint16_t>(start),
                     static_cast<std::uint16_t>(start + count - 1)};
}

std::optional<std::vector<ExcludedRange>> parse_netsh_excluded_ranges(std::string_view text) {
  if (text.find("----") == std::string_view::npos) return std::nullopt;
  std::vector<ExcludedRange> ranges;
  std::size_t line_start = 0;
  while (line_start < text.size()) {
    std::size_t line_end = text.find('\n', line_start);
    if (line_end == std::string_view::npos) line_end = text.size();
    std::string_view line = text.substr(line_start, line_end - line_start);
    line_start = line_end + 1;
    std::size_t pos = 0;
    auto first = next_number(line, pos);
    if (!first) continue;
    auto last = next_number(line, pos);
    if (!last) continue;
    bool administered = false;
    while (pos < line.size() && is_blank(line[pos]))
      ++pos;
    if (pos < line.size() && line[pos] == '*') {
      administered = true;
      ++pos;
    }
    if (!only_blanks_from(line, pos) || *first > *last || *last > 65535) continue;
    ranges.push_back(
        {{static_cast<std::uint16_t>(*first), static_cast<std::uint16_t>(*last)}, administered});
  }
  return ranges;
}

std::optional<RangeBounds> read_ephemeral_range(const std::string& path) {
  auto text = slurp(path);
  return text ? parse_port_pair(*text) : std::nullopt;
}

std::optional<std::uint32_t> read_unprivileged_port_start(const std::string& path) {
  auto text = slurp(path);
  return text ? parse_single_number(*text) : std::nullopt;
}

}  // namespace lab::ports
