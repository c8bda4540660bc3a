#pragma once
// The verdicts: one line per check as it is decided (✓, ✗, or – for a check that could not be
// judged), a hint under every ✗, and one JSON record per check with --json (JSON Lines, for a
// teacher collecting a room's results). Required checks decide the exit status; bonus checks
// are reported on their own.
#include <cstddef>
#include <string>
#include <string_view>

namespace check_lab {

enum class Outcome { pass, fail, skipped };

struct CheckResult {
  std::string id;     // stable name for --json: "accept-loop", "partial-reads" ...
  std::string title;  // what was checked, in the student's language
  Outcome outcome = Outcome::pass;
  std::string seen;  // one line: what was seen
  std::string hint;  // for a ✗: the cause, and where the textbook program does it right
  bool bonus = false;
};

class Report {
 public:
  Report(std::string kind, bool json);
  // Prints it at once (a student watches the checks go by).
  void add(CheckResult result);
  void pass(std::string id, std::string title, std::string seen, bool bonus = false);
  void fail(std::string id, std::string title, std::string seen, std::string hint,
            bool bonus = false);
  void skip(std::string id, std::string title, std::string why, bool bonus = false);
  // The last line: how many required (and bonus) checks passed.
  void summary() const;
  // 0 when every required check passed, else 1.
  int exit_code() const;

 private:
  std::string kind_;
  bool json_;
  std::size_t required_ = 0, required_passed_ = 0, required_failed_ = 0;
  std::size_t bonus_ = 0, bonus_passed_ = 0;
};

// Bytes a student's program printed or sent, made safe and short for one line: text in quotes
// with control characters escaped (\n, \t, \"), anything else as hex (common/wire/preview),
// and how much was left out.
std::string shown(std::string_view bytes, std::size_t limit = 48);
// 1048576 -> "1,048,576".
std::string with_commas(std::size_t number);

}  // namespace check_lab
