#include "options.hpp"

#include "cli/validators.hpp"

namespace check_lab {
namespace {

constexpr const char* examples =
    "  lab-check tcp-server -- python3 my_server.py {port}\n"
    "  lab-check tcp-server -- ./my_server {port}\n"
    "  lab-check tcp-server --port 7000                   # a server already running\n"
    "  lab-check tcp-client -- ./my_client {host} {port}\n"
    "  lab-check udp-receiver -- python3 receiver.py {port}\n"
    "  lab-check udp-sender -- ./talker {host} {port} {messages}\n"
    "  lab-check udp-sender -- python3 sender.py {host} {port}   # messages typed into stdin\n"
    "  lab-check tcp-server --json -- ./my_server {port} > results.jsonl\n"
    "  lab-check.exe tcp-server -- python my_server.py {port}   # Windows\n";
constexpr const char* examples_ko =
    "  lab-check tcp-server -- python3 my_server.py {port}\n"
    "  lab-check tcp-server -- ./my_server {port}\n"
    "  lab-check tcp-server --port 7000                   # 이미 실행 중인 서버\n"
    "  lab-check tcp-client -- ./my_client {host} {port}\n"
    "  lab-check udp-receiver -- python3 receiver.py {port}\n"
    "  lab-check udp-sender -- ./talker {host} {port} {messages}\n"
    "  lab-check udp-sender -- python3 sender.py {host} {port}   # 메시지를 stdin으로 입력\n"
    "  lab-check tcp-server --json -- ./my_server {port} > results.jsonl\n"
    "  lab-check.exe tcp-server -- python my_server.py {port}   # Windows에서\n";

// What the command line cannot say on its own: a kind that needs a COMMAND, or a --port.
void check_combination(const Options& options) {
  const bool starts_program = !options.command.empty();
  if (!starts_program && (options.kind == "tcp-client" || options.kind == "udp-sender"))
    lab::usage_error(lab::trf("{} needs the COMMAND that starts your program (after --)",
                              "{}에는 프로그램을 실행할 COMMAND가 필요하다 (-- 뒤에)",
                              options.kind));
  if (!starts_program && options.port == 0)
    lab::usage_error(
        lab::tr("give the COMMAND that starts your program (after --), or the "
                "--port of one already running",
                "프로그램을 실행할 COMMAND(-- 뒤에)나 이미 실행 중인 프로그램의 "
                "--port를 주어야 한다"));
}

}  // namespace

Options parse_options(int argc, char** argv) {
  Options options;
  auto app = lab::make_app(
      lab::help_text(
          "Check your own TCP server, TCP client, UDP receiver or UDP sender, in any language. "
          "With a COMMAND lab-check starts your program itself ({port} and {host} in it are "
          "filled in; {messages} gives a sender its messages, else they are typed into its "
          "stdin); without one it checks the program already running on --port. Each check "
          "prints ✓ or ✗ with what was seen, and every ✗ a hint. Exit status 0 when every "
          "required check passed",
          "직접 만든 TCP 서버, TCP 클라이언트, UDP 수신기, UDP 송신기를 검사한다 (언어는 "
          "무엇이든). COMMAND를 주면 lab-check가 그 프로그램을 직접 실행한다 (그 안의 {port}와 "
          "{host}를 채우고, {messages}는 송신기에 보낼 메시지를 주며 없으면 메시지를 stdin으로 "
          "입력한다). 없으면 --port에서 이미 실행 중인 프로그램을 검사한다. 검사마다 본 것과 "
          "함께 ✓ 또는 ✗를 출력하고 ✗마다 도움말을 붙인다. 필수 검사를 모두 통과하면 종료 "
          "상태 0"),
      lab::help_text(examples, examples_ko));
  app->add_option("kind", options.kind,
                  lab::help_text("What your program is: tcp-server, tcp-client, udp-receiver, "
                                 "udp-sender",
                                 "검사할 프로그램의 종류: tcp-server, tcp-client, udp-receiver, "
                                 "udp-sender"))
      ->required()
      ->check(CLI::IsMember({"tcp-server", "tcp-client", "udp-receiver", "udp-sender"}));
  app->add_option("command", options.command,
                  lab::help_text("Your program and its arguments, after --",
                                 "검사할 프로그램과 그 인자 (-- 뒤에)"));
  app->add_option("--port", options.port,
                  lab::help_text("The port your program uses (default: a free port; needed "
                                 "without COMMAND)",
                                 "프로그램이 쓰는 포트 (기본: 빈 포트. COMMAND가 없으면 필요)"))
      ->check(lab::port_validator(lab::PortZero::any_free_port));
  lab::add_json_flag(*app, options.common);
  lab::parse(*app, argc, argv);
  check_combination(options);
  return options;
}

}  // namespace check_lab
