// The worksheets cannot rot: every command a worksheet tells a student to type is the command
// its script runs (same order, Korean and English alike), the script runs those commands for
// real and checks what the worksheet promises, and every sample block comes from such a run.
#include <dirent.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <fstream>
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
                    280s, options);
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
