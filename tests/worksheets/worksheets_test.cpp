// The worksheets cannot rot: every command a worksheet tells a student to type is the command
// its script runs (same order, Korean and English alike), the script runs those commands for
// real and checks what the worksheet promises, and every sample block comes from such a run.
// And a sample agrees with the text around it: the rows the text counts and the ports it names
// are the rows and ports in the sample, and the loss figures add up as the text says.
#include <dirent.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cctype>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "process.hpp"

using namespace labtest;

namespace {

std::vector<std::string> files_in(const std::string& folder, const std::string& prefix,
                                  const std::string& suffix) {
  std::vector<std::string> out;
  if (DIR* dir = opendir(folder.c_str())) {
    while (dirent* entry = readdir(dir)) {
      std::string name = entry->d_name;
      if (name.starts_with(prefix) && name.ends_with(suffix)) out.push_back(folder + "/" + name);
    }
    closedir(dir);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// "$ command" lines inside ```console blocks.
std::vector<std::string> worksheet_commands(const std::string& markdown) {
  std::vector<std::string> commands;
  bool in_console = false;
  for (const auto& line : lines(markdown)) {
    if (line.starts_with("```")) {
      in_console = !in_console && line == "```console";
      continue;
    }
    if (in_console && line.starts_with("$ ")) commands.push_back(line.substr(2));
  }
  return commands;
}

std::vector<std::string> sample_ids(const std::string& markdown) {
  std::vector<std::string> ids;
  std::regex marker(R"(^<!-- sample ([0-9A-Za-z.-]+) -->$)");
  for (const auto& line : lines(markdown)) {
    std::smatch match;
    if (std::regex_match(line, match, marker)) ids.push_back(match[1]);
  }
  return ids;
}

std::vector<std::string> script_commands(const std::string& script) {
  auto listed = run({"/bin/bash", script, "--list-commands"});
  REQUIRE(listed.exit_code == 0);
  std::vector<std::string> commands;
  for (const auto& line : lines(listed.out))
    if (line.starts_with("$ ")) commands.push_back(line.substr(2));
  return commands;
}

// scripts/lab-N-name.sh -> "N-name"
std::string lab_name(const std::string& script) {
  auto base = script.substr(script.rfind('/') + 1);
  return base.substr(4, base.size() - 4 - 3);
}

std::string worksheet_for(const std::string& lang, const std::string& name) {
  return source_path("worksheets/" + lang + "/" + name + ".md");
}

// Lines where the worksheet library reports a failed check ("✗ what was expected ...").
std::size_t failed_checks(const std::string& output) {
  std::size_t failed = 0;
  for (const auto& line : lines(output))
    if (line.starts_with("✗ ")) ++failed;
  return failed;
}

// One sample block of a worksheet and the prose after it (up to the next sample, command block
// or heading): the prose is what tells the student what the sample shows.
struct Sample {
  std::string id;
  std::vector<std::string> output;  // the lines inside the ```text block
  std::string claim;                // "<!-- rows: ... -->" right after the block, if any
  std::string prose;
};

std::vector<Sample> samples_of(const std::string& markdown) {
  std::vector<Sample> samples;
  std::regex marker(R"(^<!-- sample ([0-9A-Za-z.-]+) -->$)");
  enum { outside, inside, after } where = outside;
  bool in_code = false;
  for (const auto& line : lines(markdown)) {
    std::smatch match;
    if (std::regex_match(line, match, marker)) {
      samples.push_back({match[1], {}, {}, {}});
      where = inside;
      continue;
    }
    if (where == inside) {
      if (line == "<!-- /sample -->")
        where = after;
      else if (!line.starts_with("```"))
        samples.back().output.push_back(line);
      continue;
    }
    if (where != after) continue;
    if (line.starts_with("```")) in_code = !in_code;
    if (line.starts_with("#") || line == "```console" || in_code) {
      where = outside;
      in_code = false;
      continue;
    }
    if (line.starts_with("<!-- rows:"))
      samples.back().claim = line;
    else
      samples.back().prose += line + "\n";
  }
  return samples;
}

// Rows of a socket table: lab-netstat's Windows and ss layouts, and the real ss.
std::vector<std::string> table_rows(const std::vector<std::string>& output) {
  std::regex row(
      R"(^\s*(TCP|UDP|tcp|udp)\s+\S|^(LISTEN|ESTAB|TIME-WAIT|CLOSE-WAIT|FIN-WAIT-2|SYN-SENT|UNCONN)\s)");
  std::vector<std::string> rows;
  for (const auto& line : output)
    if (std::regex_search(line, row)) rows.push_back(line);
  return rows;
}

// How the text says "N rows" in each language (the worksheets write it so): English "three
// rows" or "three LISTENING rows" (at most two words between), Korean "세 줄" or "줄이 셋".
std::regex rows_phrase(const std::string& lang, int count) {
  static const char* en[] = {"no", "one", "two", "three", "four", "five", "six", "seven", "eight"};
  static const char* ko_before[] = {"", "한", "두", "세", "네", "다섯", "여섯", "일곱", "여덟"};
  static const char* ko_after[] = {"", "하나", "둘", "셋", "넷", "다섯", "여섯", "일곱", "여덟"};
  if (count < 0 || count > 8) return std::regex("(?!)");
  if (lang == "ko") {
    if (count == 0) return std::regex("줄이 하나도 없");
    // (Byte-wise regex: no Hangul ranges; a word starts after a space or a bracket.)
    return std::regex(std::string("(^|[ (])") + ko_before[count] + " (\\S+ )?줄|줄(이|은|도)? " +
                      ko_after[count]);
  }
  return std::regex(std::string("\\b") + en[count] + "\\b( [a-z_0-9-]+){0,2} rows?\\b");
}

std::string without_markup(std::string text) {
  std::string out;
  for (char c : text)
    if (c == '\n')
      out += ' ';  // a phrase may wrap onto the next line
    else if (c != '*' && c != '`')
      out += c;
  for (auto& c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::vector<std::string> lab_scripts() {
  return files_in(source_path("scripts"), "lab-", ".sh");
}

}  // namespace

TEST_CASE("worksheets: each lab has a Korean and an English worksheet and an answer key") {
  auto scripts = lab_scripts();
  REQUIRE(scripts.size() >= 1);
  for (const auto& script : scripts) {
    const auto name = lab_name(script);
    INFO(name);
    for (const std::string lang : {"ko", "en"}) {
      CHECK(access(worksheet_for(lang, name).c_str(), R_OK) == 0);
      CHECK(access(source_path("worksheets/" + lang + "/answers/" + name + ".md").c_str(), R_OK) ==
            0);
    }
  }
}

TEST_CASE("worksheets: the commands in each worksheet are exactly its script's, ko and en alike") {
  for (const auto& script : lab_scripts()) {
    const auto name = lab_name(script);
    INFO(name);
    const auto expected = script_commands(script);
    REQUIRE_FALSE(expected.empty());
    for (const std::string lang : {"ko", "en"}) {
      INFO(lang);
      CHECK(worksheet_commands(read_text(worksheet_for(lang, name))) == expected);
    }
    CHECK(sample_ids(read_text(worksheet_for("ko", name))) ==
          sample_ids(read_text(worksheet_for("en", name))));
  }
}

TEST_CASE("worksheets: each sample's rows and ports agree with the text that describes them") {
  // A "<!-- rows: N -->" line right after a sample (optionally "· STATE K" for each state the
  // text counts) is the claim; the sample must have N table rows (K in that state), and the
  // prose must say "N rows" in its own language. Every lab port (7000-7999) that prose names
  // must be in the sample: a row blamed on a port the sample does not show is a wrong sentence.
  std::size_t claims = 0;
  for (const auto& script : lab_scripts()) {
    const auto name = lab_name(script);
    for (const std::string lang : {"en", "ko"}) {
      for (const auto& sample : samples_of(read_text(worksheet_for(lang, name)))) {
        if (sample.claim.empty()) continue;
        ++claims;
        INFO(lang << " worksheet " << name << ", sample " << sample.id << ": " << sample.claim);
        const auto rows = table_rows(sample.output);
        std::string shown;
        for (const auto& line : sample.output)
          shown += line + "\n";
        INFO("sample:\n" << shown << "text:\n" << sample.prose);
        std::smatch match;
        REQUIRE(std::regex_search(sample.claim, match, std::regex(R"(rows: ([0-9]+))")));
        const int count = std::stoi(match[1]);
        CHECK(static_cast<int>(rows.size()) == count);
        CHECK(std::regex_search(without_markup(sample.prose), rows_phrase(lang, count)));
        std::regex state_count(R"(· ([A-Z_]+) ([0-9]+))");
        for (auto it = std::sregex_iterator(sample.claim.begin(), sample.claim.end(), state_count);
             it != std::sregex_iterator(); ++it) {
          const std::string state = (*it)[1];
          std::size_t in_state = 0;
          for (const auto& row : rows)
            if (std::regex_search(row, std::regex("\\s" + state + "(\\s|$)"))) ++in_state;
          INFO("state " << state);
          CHECK(in_state == std::stoul((*it)[2]));
        }
        std::regex lab_port(R"((^|[^0-9.:])(7[0-9]{3})([^0-9]|$))");
        for (auto it = std::sregex_iterator(sample.prose.begin(), sample.prose.end(), lab_port);
             it != std::sregex_iterator(); ++it) {
          INFO("port the text names: " << (*it)[2]);
          CHECK(std::regex_search(shown,
                                  std::regex("(^|[^0-9])" + std::string((*it)[2]) + "([^0-9]|$)")));
        }
      }
    }
  }
  CHECK(claims >= 10);
}

TEST_CASE("worksheets: the loss figures in a receiver's summary add up as worksheet 3 says") {
  // Worksheet 3 tells the student: received + lost = the highest sequence number (the clause at
  // the end of the line), and the headline's lost also counts the ones after the last that never
  // came when the receiver waited for them ("counted above"), so it equals the kernel's drops.
  const std::regex en(
      R"(([0-9]+) received, ([0-9]+) lost.*kernel dropped ([0-9]+).*highest sequence ([0-9]+) = [0-9]+ received \+ ([0-9]+) lost(?:.*?([0-9]+) after the last one never came( \(lost, counted above\))?)?)");
  const std::regex ko(
      R"(수신 ([0-9]+), 손실 ([0-9]+).*커널이 버림 ([0-9]+).*가장 큰 순번 ([0-9]+) = 수신 [0-9]+ \+ 손실 ([0-9]+)(?:.*?([0-9]+)개는 끝내 오지 않음( \(손실, 위에 포함\))?)?)");
  for (const std::string lang : {"en", "ko"}) {
    std::size_t summaries = 0;
    for (const auto& sample : samples_of(read_text(worksheet_for(lang, "3-tcp-vs-udp")))) {
      for (const auto& line : sample.output) {
        std::smatch m;
        if (!std::regex_search(line, m, lang == "ko" ? ko : en)) continue;
        const long received = std::stol(m[1]), headline_lost = std::stol(m[2]),
                   dropped = std::stol(m[3]), highest = std::stol(m[4]), lost = std::stol(m[5]),
                   never_came = m[6].matched ? std::stol(m[6]) : 0;
        const bool counted_above = m[7].matched;
        if (highest == 0) continue;  // typed lines carry no sequence numbers
        ++summaries;
        INFO(lang << " sample " << sample.id << ": " << line);
        CHECK(received + lost == highest);
        CHECK(headline_lost == (counted_above ? lost + never_came : lost));
        CHECK(dropped == lost + never_came);
        CHECK(lost + never_came > 0);  // the step is about loss: the sample must show some
      }
    }
    INFO(lang);
    CHECK(summaries >= 1);
  }
}

TEST_CASE("worksheets: each script runs every step and sees what its worksheet promises") {
  for (const auto& script : lab_scripts()) {
    const auto name = lab_name(script);
    for (const std::string lang : {"en", "ko"}) {
      INFO(name << " in " << lang);
      char folder_template[] = "/tmp/lab-samples-XXXXXX";
      const std::string samples = mkdtemp(folder_template);
      SpawnOptions options;
      // Ports free at run time: another program on a busy machine may hold any fixed one.
      options.env.push_back("LAB_PORT_SHIFT=auto");
      options.env.push_back("PATH=" + std::string(LAB_BIN_DIR) + ":" + std::getenv("PATH"));
      auto result = run({"/bin/bash", script, "--no-pause", "--lang", lang, "--samples", samples},
                        {}, 240s, options);
      INFO(result.out.substr(result.out.size() > 4000 ? result.out.size() - 4000 : 0)
           << result.err);
      CHECK(result.exit_code == 0);
      CHECK(failed_checks(result.out) == 0);
      // Lab 7 (lab-badnet) needs root; without it the script says so and skips its steps.
      if (geteuid() != 0 && result.out.find("skipped: ") != std::string::npos) {
        run({"/bin/rm", "-rf", samples});
        continue;
      }
      // Every sample block of the worksheet has real output behind it.
      for (const auto& id : sample_ids(read_text(worksheet_for(lang, name)))) {
        INFO("sample " << id);
        CHECK(access((samples + "/" + id + ".txt").c_str(), R_OK) == 0);
      }
      run({"/bin/rm", "-rf", samples});
    }
  }
}

TEST_CASE("worksheets: the tour runs every lab, exits 0 and leaves no process behind") {
  // Every process the tour starts inherits this tag; afterwards none may be left.
  const std::string tag = "LAB_TOUR_TAG=" + std::to_string(getpid());
  SpawnOptions options;
  options.env = {tag, "LAB_PORT_SHIFT=auto"};
  auto result = run({"/bin/bash", source_path("scripts/tour.sh"), "--no-pause", "--lang", "en"}, {},
                    450s, options);
  INFO(result.out.substr(result.out.size() > 3000 ? result.out.size() - 3000 : 0) << result.err);
  CHECK(result.exit_code == 0);
  CHECK(result.out.find("Tour finished.") != std::string::npos);
  CHECK(failed_checks(result.out) == 0);

  std::vector<std::string> leftovers;
  if (DIR* proc = opendir("/proc")) {
    while (dirent* entry = readdir(proc)) {
      const std::string pid = entry->d_name;
      if (pid.find_first_not_of("0123456789") != std::string::npos) continue;
      std::string environment = read_text("/proc/" + pid + "/environ");
      std::replace(environment.begin(), environment.end(), '\0', '\n');
      if (count_lines_with(environment, tag) > 0) leftovers.push_back(pid);
    }
    closedir(proc);
  }
  CHECK(leftovers.empty());
}
