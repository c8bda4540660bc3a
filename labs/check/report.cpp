#include "report.hpp"

#include <fmt/format.h>

#include "cli/app.hpp"
#include "cli/color.hpp"
#include "cli/lang.hpp"
#include "render/json.hpp"
#include "render/output.hpp"
#include "wire/preview.hpp"

namespace check_lab {

Report::Report(std::string kind, bool json) : kind_(std::move(kind)), json_(json) {}

void Report::add(CheckResult result) {
  if (result.bonus) {
    ++bonus_;
    if (result.outcome == Outcome::pass) ++bonus_passed_;
  } else {
    ++required_;
    if (result.outcome == Outcome::pass) ++required_passed_;
    if (result.outcome == Outcome::fail) ++required_failed_;
  }
  if (json_) {
    lab::json::Value record;
    record["kind"] = kind_;
    record["check"] = result.id;
    record["title"] = result.title;
    record["required"] = !result.bonus;
    record["result"] = result.outcome == Outcome::pass   ? "pass"
                       : result.outcome == Outcome::fail ? "fail"
                                                         : "skipped";
    record["seen"] = result.seen;
    if (result.outcome == Outcome::fail) record["hint"] = result.hint;
    lab::out::json(record);
    return;
  }
  const std::string mark = result.outcome == Outcome::pass   ? lab::paint(lab::Color::green, "✓")
                           : result.outcome == Outcome::fail ? lab::paint(lab::Color::red, "✗")
                                                             : lab::paint(lab::Color::dim, "–");
  const std::string bonus = result.bonus ? lab::tr(" (bonus)", " (보너스)") : "";
  lab::out::line(fmt::format("{} {}{}: {}", mark, result.title, bonus, result.seen));
  if (result.outcome == Outcome::fail)
    lab::out::line(fmt::format("    {} {}", lab::tr("hint:", "도움말:"), result.hint));
}

void Report::pass(std::string id, std::string title, std::string seen, bool bonus) {
  add({std::move(id), std::move(title), Outcome::pass, std::move(seen), {}, bonus});
}

void Report::fail(std::string id, std::string title, std::string seen, std::string hint,
                  bool bonus) {
  add({std::move(id), std::move(title), Outcome::fail, std::move(seen), std::move(hint), bonus});
}

void Report::skip(std::string id, std::string title, std::string why, bool bonus) {
  add({std::move(id), std::move(title), Outcome::skipped, std::move(why), {}, bonus});
}

void Report::summary() const {
  const std::size_t not_judged = required_ - required_passed_ - required_failed_;
  std::string line = lab::trf("{0}: {1} of {2} required checks passed, {3} failed",
                              "{0}: 필수 검사 {2}개 중 {1}개 통과, {3}개 실패", kind_,
                              required_passed_, required_, required_failed_);
  if (not_judged > 0) line += lab::trf(", {} not judged", ", {}개는 판단하지 않음", not_judged);
  if (bonus_ > 0)
    line += lab::trf("; bonus {0} of {1}", ", 보너스 {1}개 중 {0}개", bonus_passed_, bonus_);
  if (json_)
    lab::print_note(line);  // stdout stays one record per check
  else
    lab::out::line(line);
}

int Report::exit_code() const {
  return required_failed_ == 0 && required_passed_ > 0 ? lab::exit_ok : lab::exit_failure;
}

std::string shown(std::string_view bytes, std::size_t limit) {
  const auto preview = lab::wire::preview(bytes, limit);
  // The preview escapes \n, \r and \t; a student's program may print any other control
  // character too (a NUL, ESC that would recolour the terminal, C1 controls): \xNN instead.
  std::string safe;
  for (std::size_t i = 0; i < preview.shown.size(); ++i) {
    const auto c = static_cast<unsigned char>(preview.shown[i]);
    const bool c1 = c == 0xC2 && i + 1 < preview.shown.size() &&
                    static_cast<unsigned char>(preview.shown[i + 1]) >= 0x80 &&
                    static_cast<unsigned char>(preview.shown[i + 1]) <= 0x9F;
    if (c < 0x20 || c == 0x7F)
      safe += fmt::format("\\x{:02x}", c);
    else if (c1)
      safe += fmt::format("\\u00{:02x}", static_cast<unsigned char>(preview.shown[++i]));
    else
      safe.push_back(static_cast<char>(c));
  }
  if (preview.cut == 0) return safe;
  return safe + lab::trf(" … (+{} bytes)", " … (+{}바이트)", with_commas(preview.cut));
}

std::string with_commas(std::size_t number) {
  std::string digits = std::to_string(number);
  for (int at = static_cast<int>(digits.size()) - 3; at > 0; at -= 3)
    digits.insert(static_cast<std::size_t>(at), ",");
  return digits;
}

}  // namespace check_lab
