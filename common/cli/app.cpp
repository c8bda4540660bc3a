#include "cli/app.hpp"

#include <unistd.h>

#include <cerrno>
#include <csignal>

#include <algorithm>
#include <cstdio>
#include <new>
#include <system_error>

#include "cli/color.hpp"
#include "cli/console.hpp"
#include "cli/version.hpp"
#include "net/endpoints.hpp"
#include "render/output.hpp"

namespace lab {
namespace {
std::string g_program = "lab";

void print_tagged(std::string_view tag, Color color, std::string_view message) {
  const bool colored = color_enabled_for_fd(STDERR_FILENO);
  std::string line =
      tag.empty() ? fmt::format("{}: {}\n", g_program, message)
                  : fmt::format("{}: {} {}\n", g_program, paint(color, tag, colored), message);
  std::fflush(stdout);  // keep stdout and stderr in the order they happened
  std::fputs(line.c_str(), stderr);
}
}  // namespace

void fail(const std::string& message) {
  throw Failure(exit_failure, message);
}
void usage_error(const std::string& message) {
  throw Failure(exit_usage, message);
}

const std::string& program_name() {
  return g_program;
}
void print_error(std::string_view message) {
  print_tagged("error:", Color::red, message);
}
void print_warning(std::string_view message) {
  print_tagged("warning:", Color::yellow, message);
}
void print_note(std::string_view message) {
  print_tagged("", Color::none, message);
}

void announce(std::string_view protocol, std::string_view local, std::string_view what,
              std::string_view remote) {
  std::string line = fmt::format("{}: PID {} · {} {}", program_name(),
                                 paint(Color::bold, std::to_string(getpid())), protocol, local);
  if (!remote.empty()) line += fmt::format(" → {}", remote);
  if (!what.empty()) line += fmt::format(" {}", paint(Color::green, what));
  out::line(line);
}

int run_main(std::string_view program, const std::function<int()>& body) {
  g_program = std::string(program);
  prepare_console();
  // A reader that goes away (`| head -1`) makes writes fail with EPIPE instead of killing us;
  // the output layer (render/output.hpp) decides what that means for this program.
#ifdef SIGPIPE  // POSIX only; Windows has no SIGPIPE (a closed pipe is an error from write)
  std::signal(SIGPIPE, SIG_IGN);
#endif
  try {
    const int code = body();
    out::flush();  // whatever is still buffered must reach its reader too, or be reported
    return code;
  } catch (const ExitNow& exit) {
    return exit.exit_code;
  } catch (const out::ReaderLeft&) {
    return exit_ok;  // the reader has what it wanted
  } catch (const out::OutputFailed& failed) {
    print_error(failed.what());
    return exit_failure;
  } catch (const Failure& failure) {
    print_error(failure.what());
    return failure.exit_code();
  } catch (const CLI::ParseError& error) {
    print_error(one_line_parse_error(error));
    return exit_usage;
  } catch (const AddressError& error) {
    print_error(error.what());  // what the student typed as a host or HOST:PORT
    return exit_usage;
  } catch (const std::system_error& error) {
    // Output that did not go through lab::out (fmt::print) to a reader that left.
    if (error.code() == std::errc::broken_pipe) return exit_ok;
    // what() keeps the failing call's name: "listen: Address already in use".
    print_error(error.what());
    return exit_failure;
  } catch (const std::bad_alloc&) {
    print_error(tr("out of memory", "메모리가 부족합니다"));
    return exit_failure;
  } catch (const std::exception& error) {
    print_error(error.what());
    return exit_failure;
  }
}

std::unique_ptr<CLI::App> make_app(std::string_view description, std::string_view examples) {
  auto app = std::make_unique<CLI::App>(std::string(description), g_program);
  app->set_version_flag("--version", fmt::format("{} (socket-lab) {}", g_program, version()),
                        "Print the version and exit");
  app->add_option_function<std::string>(
         "--lang",
         [](const std::string& value) {
           Lang lang = Lang::en;
           parse_lang(value, lang);
           set_lang(lang);
         },
         "Language of the output: ko or en (default: from LANG/LC_ALL)")
      ->check(CLI::IsMember({"ko", "en"}))
      ->type_name("ko|en")
      // Applied before the other options' callbacks so their messages are in this language.
      ->trigger_on_parse();
  if (!examples.empty()) app->footer(fmt::format("\nExamples:\n{}", examples));
  return app;
}

void add_json_flag(CLI::App& app, CommonOptions& options) {
  app.add_flag("--json", options.json, "Print the result as JSON (one document, or JSON Lines)");
}

std::string one_line_parse_error(const CLI::ParseError& error) {
  std::string message = error.what();
  std::replace(message.begin(), message.end(), '\n', ' ');
  while (!message.empty() && message.back() == ' ')
    message.pop_back();
  return message + tr(" (see --help)", " (--help 참고)");
}

static void parse_checked(CLI::App& app, const std::function<void()>& do_parse) {
  try {
    do_parse();
  } catch (const CLI::Success& success) {
    throw ExitNow{app.exit(success)};  // prints --help or --version
  } catch (const CLI::ParseError& error) {
    throw Failure(exit_usage, one_line_parse_error(error));
  }
}

void parse(CLI::App& app, int argc, char** argv) {
  parse_checked(app, [&] { app.parse(argc, argv); });
}

void parse(CLI::App& app, std::vector<std::string> args) {
  std::reverse(args.begin(), args.end());  // CLI11 takes the vector form last-first
  parse_checked(app, [&] { app.parse(args); });
}

}  // namespace lab
