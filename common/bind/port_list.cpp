#include "bind/port_list.hpp"

#include <algorithm>
#include <optional>

#include "cli/lang.hpp"
#include "cli/validators.hpp"
#include "cli/wording.hpp"

namespace lab::bind {
namespace {

struct Range {
  std::uint16_t first = 0;
  std::uint16_t last = 0;
  std::string_view text;
};

// One item: "7001" or "7005-7007"; nullopt with `problem` set when it is not.
std::optional<Range> parse_item(std::string_view item, std::string& problem) {
  if (item.empty()) {
    problem = tr("empty item in the port list (two commas in a row, or one at an end?)",
                 "포트 목록에 빈 항목이 있습니다 (쉼표가 연달아 있거나 끝에 있나요?)");
    return std::nullopt;
  }
  auto dash = item.find('-');
  std::string_view first_text = item.substr(0, dash);
  std::string_view last_text = dash == std::string_view::npos ? item : item.substr(dash + 1);
  for (std::string_view part : {first_text, last_text}) {
    if (parse_port(part, PortZero::any_free_port) == std::uint16_t{0}) {
      problem = trf("port 0 means 'any free port' and cannot be part of a list ('{}')",
                    "포트 0은 '아무 빈 포트'라는 뜻이라 목록에 넣을 수 없습니다 ('{}')", item);
      return std::nullopt;
    }
    if (!parse_port(part)) {
      problem = trf("'{}'{} is not a port or a range of ports (e.g. 7001 or 7005-7007)",
                    "'{}'{} 포트나 포트 범위가 아닙니다 (예: 7001, 7005-7007)", item,
                    ko_particle(item, Particle::eun_neun));
      return std::nullopt;
    }
  }
  Range range{*parse_port(first_text), *parse_port(last_text), item};
  if (range.first > range.last) {
    const std::string first = std::to_string(range.first);
    problem =
        trf("the range {}{} is reversed (write {}-{}{})", "범위 {}{} 거꾸로입니다 ({}-{}{} 쓰세요)",
            item, ko_particle(item, Particle::i_ga), range.last, range.first,
            ko_particle(first, Particle::euro_ro));
    return std::nullopt;
  }
  return range;
}

std::string too_many(std::size_t count) {
  return trf("{} ports is too many for one list (at most {})",
             "포트 {}개는 한 목록에 너무 많습니다 (최대 {}개)", count, max_ports_per_list);
}

}  // namespace

PortList parse_port_list(std::string_view text) {
  PortList list;
  if (text.empty()) {
    list.problem = tr("the port list is empty (e.g. 7001,7002,7005-7007)",
                      "포트 목록이 비어 있습니다 (예: 7001,7002,7005-7007)");
    return list;
  }
  std::vector<Range> ranges;
  std::size_t count = 0;
  while (true) {
    auto comma = text.find(',');
    auto range = parse_item(text.substr(0, comma), list.problem);
    if (!range) return PortList{{}, list.problem};
    // Count before expanding: 1-65535 must not build a 65535-entry vector first.
    count += std::size_t{range->last} - range->first + 1;
    if (count > max_ports_per_list) return PortList{{}, too_many(count)};
    for (const Range& earlier : ranges) {
      if (range->first <= earlier.last && earlier.first <= range->last) {
        auto twice = std::max(range->first, earlier.first);
        return PortList{
            {},
            trf("port {}{} is named twice ('{}' and '{}')", "포트 {}{} 두 번 나옵니다 ('{}', '{}')",
                twice, ko_particle(std::to_string(twice), Particle::i_ga), earlier.text,
                range->text)};
      }
    }
    ranges.push_back(*range);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  for (const Range& range : ranges)
    for (unsigned port = range.first; port <= range.last; ++port)
      list.ports.push_back(static_cast<std::uint16_t>(port));
  return list;
}

}  // namespace lab::bind
