#pragma once
// The shape every lab program shares:
//
//   int main(int argc, char** argv) {
//     return lab::run_main("lab-tcp-server", [&] {
//       auto app = lab::make_app("TCP echo server", examples);
//       ... add options ...
//       lab::parse(*app, argc, argv);
//       ... the lab itself ...
//       return lab::exit_ok;
//     });
//   }
//
// Errors are one line on stderr, `lab-NAME: error: <what>`. Usage errors exit 2, runtime
// failures exit 1. run_main() turns every exception into such a line: no exception dump, ever.
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

#include <CLI/CLI.hpp>

#include "cli/lang.hpp"

namespace lab {

inline constexpr int exit_ok = 0;
inline constexpr int exit_failure = 1;  // the program ran and something failed
inline constexpr int exit_usage = 2;    // the command line was wrong

// Thrown anywhere to end the program with one error line and an exit code.
class Failure : public std::runtime_error {
 public:
  Failure(int exit_code, const std::string& message)
      : std::runtime_error(message), exit_code_(exit_code) {}
  int exit_code() const { return exit_code_; }

 private:
  int exit_code_;
};

// Thrown to end the program quietly with a code (after --help, --version, a summary ...).
struct ExitNow {
  int exit_code;
};

[[noreturn]] void fail(const std::string& message);         // exit 1
[[noreturn]] void usage_error(const std::string& message);  // exit 2

const std::string& program_name();
// "lab-NAME: error: message" on stderr, in red on a terminal.
void print_error(std::string_view message);
// "lab-NAME: warning: message" on stderr.
void print_warning(std::string_view message);
// "lab-NAME: message" on stderr: a summary that must not mix with data on stdout.
void print_note(std::string_view message);

// The start-up line a student matches against lab-netstat, on stdout:
//   lab-tcp-server: PID 4312 · TCP 127.0.0.1:7000 LISTENING
// `what` is the state column ("LISTENING", "ESTABLISHED", or "" for UDP).
void announce(std::string_view protocol, std::string_view local, std::string_view what,
              std::string_view remote = {});

// Runs body() and maps every way out of it to an exit code (see the top of this file). Errors
// that a library layer reports become one line here: net::AddressError (a host or address a
// student typed) is a usage error, exit 2; bind::BindFailed (bind_or_fail) exits 1.
int run_main(std::string_view program, const std::function<int()>& body);

// What --json, --lang and friends set.
struct CommonOptions {
  bool json = false;
};

// Help text in both languages, chosen when --help prints (after --lang was read), e.g.
//   app->add_option("--port", port, lab::help_text("Port to listen on", "들을 포트"));
// Plain text (one language) is shown as it is.
std::string help_text(std::string_view en, std::string_view ko);
// The current language's part of a help_text() string (plain text unchanged).
std::string in_current_lang(std::string_view text);

// A CLI::App with the suite's conventions: --version, --lang ko|en, examples under --help.
// `examples` is printed as it is under an "Examples:" heading.
std::unique_ptr<CLI::App> make_app(std::string_view description, std::string_view examples);
// Adds --json (for programs whose output is data).
void add_json_flag(CLI::App& app, CommonOptions& options);

// Parses; on --help/--version prints and throws ExitNow{0}; on a bad command line throws
// Failure(exit_usage, one-line message).
void parse(CLI::App& app, int argc, char** argv);
void parse(CLI::App& app, std::vector<std::string> args);  // args in order, without argv[0]

// CLI11's message for a parse error, made into one line that names the option, in plain words
// and in the student's language. With `app`, an argument it did not know is named first (it is
// usually the real mistake, whatever else CLI11 complained about).
std::string one_line_parse_error(const CLI::ParseError& error, const CLI::App* app = nullptr);
// CLI11's English message (one line) in plain words, in the current language; pure, for tests.
std::string plain_parse_message(std::string_view message);

}  // namespace lab
