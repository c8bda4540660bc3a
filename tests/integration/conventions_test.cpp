// The conventions every lab program keeps (DESIGN.md): --help with examples, --version,
// unknown options as one error line with exit 2, --lang ko.
#include <catch2/catch.hpp>

#include "process.hpp"

using namespace labtest;

TEST_CASE("every lab program follows the CLI conventions") {
  auto programs = lab_programs();
  REQUIRE_FALSE(programs.empty());
  for (const auto& name : programs) {
    INFO(name);
    auto help = run({bin(name), "--help"});
    CHECK(help.exit_code == 0);
    CHECK(help.out.find("Examples:") != std::string::npos);
    CHECK(help.out.find("--lang") != std::string::npos);

    auto version = run({bin(name), "--version"});
    CHECK(version.exit_code == 0);
    CHECK(version.out.find("socket-lab") != std::string::npos);

    auto bad = run({bin(name), "--no-such-option"});
    CHECK(bad.exit_code == 2);
    CHECK(bad.err.starts_with(name + ": error: "));
    CHECK(count_lines_with(bad.err, "") == 1);  // one line, no exception dump

    auto bad_lang = run({bin(name), "--lang", "fr"});
    CHECK(bad_lang.exit_code == 2);
  }
}
