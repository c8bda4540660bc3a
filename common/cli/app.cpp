#include "cli/app.hpp"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <new>
#include <regex>
#include <system_error>

#include "bind/bind.hpp"
#include "cli/color.hpp"
#include "cli/command_line.hpp"
#include "cli/console.hpp"
#include "cli/version.hpp"
#include "cli/wording.hpp"
#include "net/endpoints.hpp"
#include "render/console_text.hpp"
#include "render/output.hpp"
#include "render/text_width.hpp"

namespace lab {
namespace {
std::string g_program = "lab";

void print_tagged(std::string_view tag, Color color, std::string_view message) {
  const bool colored = color_enabled_for_fd(STDERR_FILENO);
  std::string line =
      tag.empty() ? fmt::format("{}: {}\n", g_program, message)
                  : fmt::format("{}: {} {}\n", g_program, paint(color, tag, colored), message);
  std::fflush(stdout);  // keep stdout and stderr in the order they happened
  if (!out::write_to_console(stderr, line)) std::fputs(line.c_str(), stderr);
}
// The suite prints UTF-8 only. Under a locale in another encoding (ko_KR.EUC-KR) Korean comes
// out garbled, so say so once, in ASCII, which every such terminal shows.
void warn_if_locale_not_utf8() {
  if (out::console_takes_text()) return;  // Windows: a console is written as UTF-16
  for (const char* name : {"LC_ALL", "LC_CTYPE", "LANG"}) {
    const char* value = std::getenv(name);
    if (!value || !*value) continue;
    std::string text(value);
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    const auto dot = text.find('.');
    if (dot == std::string::npos) return;
    const std::string encoding = text.substr(dot + 1, text.find('@') - dot - 1);
    if (encoding != "utf-8" && encoding != "utf8")
      print_warning(
          fmt::format("{}={} is not UTF-8, but this program prints UTF-8; Korean text "
                      "will look garbled (use {}=ko_KR.UTF-8, or --lang en)",
                      name, value, name));
    return;
  }
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
  prepare_console();  // first: closed standard descriptors are reopened before anything opens one
  g_program = std::string(program);
  // A reader that goes away (`| head -1`) makes writes fail with EPIPE instead of killing us;
  // the output layer (render/output.hpp) decides what that means for this program.
#ifdef SIGPIPE  // POSIX only; Windows has no SIGPIPE (a closed pipe is an error from write)
  std::signal(SIGPIPE, SIG_IGN);
#endif
  warn_if_locale_not_utf8();
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
  } catch (const bind::BindFailed& failed) {
    print_error(failed.what());  // "bind: port 7000/tcp on 127.0.0.1 is already in use by ..."
    return exit_failure;
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

namespace {

constexpr char help_separator = '\x1e';  // ASCII record separator: never in a help text

// --help in the student's language, and in words: "--port PORT (default: 7000)" rather than
// CLI11's "UINT:PORT (0 = any free port)=7000" and "Excludes: --half-close --reset".
class LabFormatter : public CLI::Formatter {
 public:
  std::string make_help(const CLI::App* app, std::string name,
                        CLI::AppFormatMode mode) const override {
    std::string text = CLI::Formatter::make_help(app, std::move(name), mode);
    if (current_lang() != Lang::ko) return text;
    // CLI11's headings, as whole lines or at the start of the usage line.
    replace_all(text, "Usage:", "사용법:");
    replace_all(text, "[OPTIONS]", "[옵션]");
    replace_all(text, "\nOptions:\n", "\n옵션:\n");
    replace_all(text, "\nSubcommands:\n", "\n하위 명령:\n");
    replace_all(text, "\nPositionals:\n", "\n위치 인자:\n");
    replace_all(text, " SUBCOMMAND", " 하위명령");
    return text;
  }
  std::string make_description(const CLI::App* app) const override {
    const std::string description = in_current_lang(app->get_description());
    return description.empty() ? std::string() : description + "\n";
  }
  std::string make_footer(const CLI::App* app) const override {
    const std::string footer = in_current_lang(app->get_footer());
    return footer.empty() ? std::string() : footer + "\n";
  }
  std::string make_option_desc(const CLI::Option* option) const override {
    return in_current_lang(option->get_description());
  }
  // CLI11 pads the option column by bytes; Hangul is three bytes and two columns wide, so the
  // column is padded here by what the terminal shows.
  std::string make_option(const CLI::Option* option, bool is_positional) const override {
    const std::string name =
        "  " + make_option_name(option, is_positional) + make_option_opts(option);
    const std::string description = make_option_desc(option);
    const std::size_t width = get_column_width();
    std::string out = name;
    if (!description.empty()) {
      const std::size_t shown = render::display_width(name);  // Hangul: two columns
      out += shown >= width ? "\n" + std::string(width, ' ') : std::string(width - shown, ' ');
      for (char c : description) {
        out += c;
        if (c == '\n') out += std::string(width, ' ');
      }
    }
    return out + "\n";
  }
  std::string make_subcommand(const CLI::App* sub) const override {
    std::string line = CLI::Formatter::make_subcommand(sub);
    const std::string raw = sub->get_description();
    if (!raw.empty()) replace_all(line, raw, in_current_lang(raw));
    return line;
  }
  std::string make_option_opts(const CLI::Option* option) const override {
    std::string out;
    if (option->get_type_size() != 0 && !option->get_type_name().empty()) {  // not a flag
      out += " " + placeholder(option->get_type_name());
      if (!option->get_default_str().empty())
        out += trf(" (default: {})", " (기본값: {})", option->get_default_str());
      if (option->get_required()) out += tr(" (required)", " (필수)");
    }
    if (!option->get_excludes().empty()) {
      std::string names;
      for (const CLI::Option* other : option->get_excludes())
        names += (names.empty() ? "" : ", ") + other->get_name();
      out += trf(" (not with {})", " (함께 쓸 수 없음: {})", names);
    }
    return out;
  }

 private:
  // "UINT:PORT (0 = any free port)" -> "PORT"; "INT in [1 - 10000]" -> "INT";
  // "ko|en:{ko,en}" -> "ko|en".
  static std::string placeholder(std::string type) {
    if (auto colon = type.rfind(':'); colon != std::string::npos)
      type = type.compare(colon + 1, 1, "{") == 0 ? type.substr(0, colon) : type.substr(colon + 1);
    if (auto space = type.find_first_of(" ("); space != std::string::npos) type.erase(space);
    if (type == "INT" || type == "UINT") return "N";  // CLI11's C type names mean little here
    if (type == "FLOAT") return "NUMBER";
    return type.empty() ? "VALUE" : type;
  }
  static void replace_all(std::string& text, std::string_view from, std::string_view to) {
    for (std::size_t at = text.find(from); at != std::string::npos;
         at = text.find(from, at + to.size()))
      text.replace(at, from.size(), to);
  }
};

}  // namespace

std::string help_text(std::string_view en, std::string_view ko) {
  std::string text(en);
  text += help_separator;
  text += ko;
  return text;
}

std::string in_current_lang(std::string_view text) {
  const auto separator = text.find(help_separator);
  if (separator == std::string_view::npos) return std::string(text);
  return std::string(current_lang() == Lang::ko ? text.substr(separator + 1)
                                                : text.substr(0, separator));
}

std::unique_ptr<CLI::App> make_app(std::string_view description, std::string_view examples) {
  auto app = std::make_unique<CLI::App>(std::string(description), g_program);
  app->formatter(std::make_shared<LabFormatter>());
  app->set_version_flag("--version", fmt::format("{} (socket-lab) {}", g_program, version()),
                        help_text("Print the version and exit", "버전을 보여 주고 끝냄"));
  app->add_option_function<std::string>(
         "--lang",
         [](const std::string& value) {
           Lang lang = Lang::en;
           parse_lang(value, lang);
           set_lang(lang);
         },
         help_text("Language of the output: ko or en (default: from LANG/LC_ALL, else the "
                   "system's display language)",
                   "출력 언어: ko 또는 en (기본값: LANG/LC_ALL, 없으면 시스템의 표시 언어)"))
      ->check(CLI::IsMember({"ko", "en"}))
      ->type_name("ko|en")
      // Applied before the other options' callbacks so their messages are in this language.
      ->trigger_on_parse();
  app->set_help_flag("-h,--help",
                     help_text("Print this help and exit", "이 도움말을 보여 주고 끝냄"));
  if (!examples.empty()) {
    const std::string both(examples);
    const auto separator = both.find(help_separator);
    const std::string en = both.substr(0, separator);
    const std::string ko = separator == std::string::npos ? en : both.substr(separator + 1);
    app->footer(help_text(fmt::format("\nExamples:\n{}", en), fmt::format("\n예:\n{}", ko)));
  }
  return app;
}

void add_json_flag(CLI::App& app, CommonOptions& options) {
  app.add_flag("--json", options.json,
               help_text("Print the result as JSON (one document, or JSON Lines)",
                         "결과를 JSON으로 출력 (문서 하나, 또는 JSON Lines)"));
}

namespace {

// "86400.000000" -> "86400", "0.500000" -> "0.5": CLI::Range prints doubles with six decimals.
std::string trim_number(std::string text) {
  if (text.find('.') == std::string::npos) return text;
  while (!text.empty() && text.back() == '0')
    text.pop_back();
  if (!text.empty() && text.back() == '.') text.pop_back();
  return text;
}

struct Rewrite {
  std::regex pattern;
  std::string (*say)(const std::smatch&);
};

const std::vector<Rewrite>& rewrites() {
  static const std::vector<Rewrite> table = {
      {std::regex(R"(^The following arguments? (?:was|were) not expected: (.*)$)"),
       [](const std::smatch& m) {
         return trf("unknown argument: {}", "알 수 없는 인자: {}", m[1].str());
       }},
      {std::regex(R"(^A subcommand is required$)"),
       [](const std::smatch&) {
         return tr("a subcommand is needed", "하위 명령을 하나 골라 주세요");
       }},
      {std::regex(R"(^(\S+) is required$)"),
       [](const std::smatch& m) {
         return trf("{} is needed", "{} 옵션을 주어야 합니다", m[1].str());
       }},
      {std::regex(R"(^(\S+): At Most (\d+) required but received (\d+)$)"),
       [](const std::smatch& m) {
         return trf("{} may be given only once", "{} 옵션은 한 번만 줄 수 있습니다", m[1].str());
       }},
      {std::regex(R"(^(\S+): \d+ required .* missing$)"),
       [](const std::smatch& m) {
         return trf("{} needs a value", "{} 옵션에 값이 필요합니다", m[1].str());
       }},
      {std::regex(R"(^(\S+) excludes (\S+)$)"),
       [](const std::smatch& m) {
         return trf("{} and {} cannot be used together", "{} 옵션과 {} 옵션은 함께 쓸 수 없습니다",
                    m[1].str(), m[2].str());
       }},
      {std::regex(R"(^(\S+) requires (\S+)$)"),
       [](const std::smatch& m) {
         return trf("{} needs {} too", "{} 옵션은 {} 옵션과 함께 써야 합니다", m[1].str(),
                    m[2].str());
       }},
      {std::regex(R"(^(?:(\S+): )?Value (\S+) not in range (\S+) to (\S+)$)"),
       [](const std::smatch& m) {
         const std::string option = m[1].matched ? m[1].str() + ": " : std::string();
         const std::string value = trim_number(m[2].str());
         return option + trf("{}{} is not between {} and {}", "{}{} {}~{} 범위 밖입니다", value,
                             ko_particle(value, Particle::eun_neun), trim_number(m[3].str()),
                             trim_number(m[4].str()));
       }},
      {std::regex(R"(^Could not convert: (\S+) = (.*)$)"),
       [](const std::smatch& m) {
         return trf("{}: '{}'{} is not a valid value", "{}: '{}'{} 올바른 값이 아닙니다",
                    m[1].str(), m[2].str(), ko_particle(m[2].str(), Particle::eun_neun));
       }},
      {std::regex(R"(^(?:(\S+): )?(?:Value )?(\S+) does not pass validation$)"),
       [](const std::smatch& m) {
         return trf("{}: '{}'{} is not a valid value", "{}: '{}'{} 올바른 값이 아닙니다",
                    m[1].str(), m[2].str(), ko_particle(m[2].str(), Particle::eun_neun));
       }},
      {std::regex(R"(^(?:(\S+): )?(\S+) not in \{.*\}$)"),
       [](const std::smatch& m) {
         return trf("{}: '{}'{} is not one of the choices", "{}: '{}'{} 고를 수 있는 값이 아닙니다",
                    m[1].str(), m[2].str(), ko_particle(m[2].str(), Particle::eun_neun));
       }},
  };
  return table;
}

}  // namespace

std::string plain_parse_message(std::string_view message) {
  std::string line(message);
  std::replace(line.begin(), line.end(), '\n', ' ');
  while (!line.empty() && line.back() == ' ')
    line.pop_back();
  std::smatch match;
  for (const auto& rewrite : rewrites())
    if (std::regex_match(line, match, rewrite.pattern)) return rewrite.say(match);
  return line;
}

std::string one_line_parse_error(const CLI::ParseError& error, const CLI::App* app) {
  std::string message;
  // An argument CLI11 did not know is named first, whatever it complained about (a "required"
  // option missing is usually that argument, misspelt).
  const auto unknown = app ? app->remaining(true) : std::vector<std::string>{};
  if (!unknown.empty())
    message = trf("unknown argument: {}", "알 수 없는 인자: {}", unknown.front());
  else
    message = plain_parse_message(error.what());
  return message + tr(" (see --help)", " (--help 참고)");
}

static void parse_checked(CLI::App& app, const std::function<void()>& do_parse) {
  try {
    do_parse();
  } catch (const CLI::Success& success) {
    throw ExitNow{app.exit(success)};  // prints --help or --version
  } catch (const CLI::ParseError& error) {
    throw Failure(exit_usage, one_line_parse_error(error, &app));
  }
}

// --lang is read before anything else, so that --help (wherever it stands) and every message
// of the parse are in that language.
static void take_lang_first(const std::vector<std::string>& args) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string_view value;
    if (args[i] == "--lang" && i + 1 < args.size())
      value = args[i + 1];
    else if (args[i].starts_with("--lang="))
      value = std::string_view(args[i]).substr(7);
    Lang lang;
    if (!value.empty() && parse_lang(value, lang)) set_lang(lang);
  }
}

void parse(CLI::App& app, int argc, char** argv) {
  parse(app, command_line_arguments(argc, argv));  // UTF-8 on Windows too
}

void parse(CLI::App& app, std::vector<std::string> args) {
  take_lang_first(args);
  std::reverse(args.begin(), args.end());  // CLI11 takes the vector form last-first
  parse_checked(app, [&] { app.parse(args); });
}

}  // namespace lab
