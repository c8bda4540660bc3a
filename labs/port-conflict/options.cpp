#include "options.hpp"

#include <fmt/format.h>

#include "cli/validators.hpp"
#include "net/endpoints.hpp"

namespace port_conflict_lab {
namespace {

// The --help examples: the sharing lines are this OS's own (SO_REUSEPORT on Linux; on Windows
// SO_REUSEADDR on both sockets, and SO_EXCLUSIVEADDRUSE).
constexpr const char* examples_head =
    "  lab-port-conflict hold --tcp --port 7000           # terminal 1: hold TCP 7000\n"
    "  lab-port-conflict try --tcp --port 7000            # terminal 2: (WSA)EADDRINUSE, names "
    "PID\n"
    "  lab-port-conflict try --udp --port 7000            # UDP 7000 is another port: works\n"
    "  lab-port-conflict try --tcp --port 7000 --bind 0.0.0.0\n";
constexpr const char* examples_sharing =
    on_windows
        ? "  lab-port-conflict try --tcp --port 7000 --reuse-address   # over a plain hold: "
          "WSAEACCES 10013\n"
          "  lab-port-conflict hold --tcp --port 7001 --reuse-address  # two of these share "
          "the port (the hijack)\n"
          "  lab-port-conflict hold --tcp --port 7002 --exclusive      # nobody can join it\n"
        : "  lab-port-conflict hold --tcp --port 7000 --reuse-port   # two of these share the "
          "port\n";
constexpr const char* examples_tail =
    "  lab-port-conflict demo                             # every scenario, narrated\n"
    "  lab-port-conflict demo --scenario 5 --pause 10     # TIME_WAIT; watch lab-netstat "
    "meanwhile\n"
    "  lab-port-conflict demo --json                      # the same as data\n";
constexpr const char* examples_head_ko =
    "  lab-port-conflict hold --tcp --port 7000           # 터미널 1: TCP 7000을 잡고 있기\n"
    "  lab-port-conflict try --tcp --port 7000            # 터미널 2: (WSA)EADDRINUSE, PID를 알려 "
    "줌\n"
    "  lab-port-conflict try --udp --port 7000            # UDP 7000은 다른 포트: 성공\n"
    "  lab-port-conflict try --tcp --port 7000 --bind 0.0.0.0\n";
constexpr const char* examples_sharing_ko =
    on_windows
        ? "  lab-port-conflict try --tcp --port 7000 --reuse-address   # 옵션 없는 hold 위에: "
          "WSAEACCES 10013\n"
          "  lab-port-conflict hold --tcp --port 7001 --reuse-address  # 이것 둘이 포트를 "
          "함께 씀 (가로채기)\n"
          "  lab-port-conflict hold --tcp --port 7002 --exclusive      # 아무도 끼어들 수 "
          "없음\n"
        : "  lab-port-conflict hold --tcp --port 7000 --reuse-port   # 이것 둘이 포트를 함께 "
          "씀\n";
constexpr const char* examples_tail_ko =
    "  lab-port-conflict demo                             # 모든 시나리오를 설명과 함께\n"
    "  lab-port-conflict demo --scenario 5 --pause 10     # TIME_WAIT; 그동안 lab-netstat으로 "
    "보기\n"
    "  lab-port-conflict demo --json                      # 같은 내용을 데이터로\n";
const std::string examples = std::string(examples_head) + examples_sharing + examples_tail;
const std::string examples_ko =
    std::string(examples_head_ko) + examples_sharing_ko + examples_tail_ko;

void add_bind_options(CLI::App& command, lab::bind::BindRequest& request, std::string& bind) {
  command
      .add_option(
          "--port", request.port,
          lab::help_text("Port to bind (0 = any free port)", "포트 번호 (0 = 비어 있는 아무 포트)"))
      ->check(lab::port_validator(lab::PortZero::any_free_port))
      ->capture_default_str();
  command
      .add_option("--bind", bind,
                  lab::help_text("Local address (127.0.0.1, 0.0.0.0, ::1, a name ...)",
                                 "로컬 주소 (127.0.0.1, 0.0.0.0, ::1, 이름 ...)"))
      ->capture_default_str();
  command.add_flag("--reuse-address", request.reuse_address,
                   lab::help_text("Set SO_REUSEADDR before bind (off by default)",
                                  "bind 전에 SO_REUSEADDR 켜기 (기본: 끔)"));
  command.add_flag("--reuse-port", request.reuse_port,
                   lab::help_text("Set SO_REUSEPORT before bind (off by default; Linux and BSD: "
                                  "Windows has no such option and refuses it)",
                                  "bind 전에 SO_REUSEPORT 켜기 (기본: 끔; Linux와 BSD에만 있고 "
                                  "Windows에서는 거절)"));
  command.add_flag(
      "--exclusive", request.exclusive_address,
      lab::help_text("Set SO_EXCLUSIVEADDRUSE before bind: no other socket may take "
                     "the port, not even with SO_REUSEADDR (Windows only: Linux has "
                     "no such option and refuses it)",
                     "bind 전에 SO_EXCLUSIVEADDRUSE 켜기: 다른 소켓은 SO_REUSEADDR로도 "
                     "이 포트를 가져갈 수 없음 (Windows 전용: Linux에는 없어서 거절)"));
}

// --reuse-port on Windows, --exclusive on Linux: one line that says what this OS has instead.
void refuse_unsupported(const lab::bind::BindRequest& request) {
  auto why = lab::bind::unsupported_option(request);
  if (why.empty()) return;
  lab::usage_error(fmt::format("{}: {}", request.reuse_port ? "--reuse-port" : "--exclusive", why));
}

}  // namespace

Options parse_options(int argc, char** argv) {
  Options options;
  auto app = lab::make_app(
      lab::help_text(
          "One port, one process: hold a port, try to take it, or run every scenario (demo)",
          "포트 하나에 프로세스 하나: 포트를 잡고 있기(hold), 잡아 보기(try), 모든 시나리오 "
          "실행(demo)"),
      lab::help_text(examples, examples_ko));
  app->require_subcommand(1, 1);
  app->fallthrough();  // --lang and --json work after the subcommand too
  lab::add_json_flag(*app, options.common);

  options.hold.request.port = 7000;
  options.attempt.request.port = 7000;

  auto* hold = app->add_subcommand(
      "hold",
      lab::help_text(
          "Bind (and for TCP listen on) a port and keep it until Ctrl-C. Each TCP connection gets "
          "one "
          "line naming this PID and port, then this side closes it; each UDP datagram gets that "
          "line "
          "back",
          "포트를 바인드하고 (TCP는 listen까지) Ctrl-C까지 잡고 있기. TCP 연결마다 이 PID와 포트를 "
          "적은 한 줄을 보내고 이쪽에서 닫고, UDP 데이터그램마다 그 줄로 답함"));
  hold->add_flag("--tcp", options.hold.tcp,
                 lab::help_text("Hold the TCP port (the default)", "TCP 포트 잡기 (기본)"));
  hold->add_flag("--udp", options.hold.udp,
                 lab::help_text("Hold the UDP port (with --tcp: both, same number)",
                                "UDP 포트 잡기 (--tcp와 함께: 같은 번호로 둘 다)"));
  add_bind_options(*hold, options.hold.request, options.hold.bind);
  hold->footer(lab::help_text("\nExamples:\n" + examples, "\n예:\n" + examples_ko));

  auto* attempt = app->add_subcommand(
      "try",
      lab::help_text(
          "One bind attempt: prints success, or the OS error (name, number) and the holder",
          "bind 한 번 시도: 성공, 또는 OS 오류(이름, 번호)와 포트를 쓰는 프로세스를 보여 줌"));
  auto* tcp = attempt->add_flag_callback(
      "--tcp", [&] { options.attempt.request.transport = lab::Transport::tcp; },
      lab::help_text("Try TCP (the default)", "TCP로 시도 (기본)"));
  auto* udp = attempt->add_flag_callback(
      "--udp", [&] { options.attempt.request.transport = lab::Transport::udp; },
      lab::help_text("Try UDP", "UDP로 시도"));
  tcp->excludes(udp);
  add_bind_options(*attempt, options.attempt.request, options.attempt.bind);
  attempt->footer(lab::help_text("\nExamples:\n" + examples, "\n예:\n" + examples_ko));

  auto* demo = app->add_subcommand(
      "demo",
      lab::help_text(
          "Run every scenario in real separate processes and explain each; expected vs observed",
          "모든 시나리오를 실제 별도 프로세스로 실행하고 하나씩 설명: 예상과 실제"));
  demo->add_option("--scenario", options.demo.scenario,
                   lab::help_text("Run only this scenario (1-6)", "이 시나리오만 실행 (1-6)"))
      ->check(lab::count_validator(1, 6));
  demo->add_option(
          "--pause", options.demo.pause_s,
          lab::help_text("Seconds to wait after each scenario with its processes still running, so "
                         "you can look with lab-netstat (0-600)",
                         "시나리오마다 프로세스를 살려 둔 채 기다리는 초 (lab-netstat으로 "
                         "볼 수 있게, 0-600)"))
      ->check(lab::count_validator(0, 600))
      ->capture_default_str();
  demo->add_option("--connections", options.demo.connections,
                   lab::help_text("Connections made in scenario 6 (2-200)",
                                  "시나리오 6에서 맺는 연결 수 (2-200)"))
      ->check(lab::count_validator(2, 200))
      ->capture_default_str();
  demo->footer(lab::help_text("\nExamples:\n" + examples, "\n예:\n" + examples_ko));

  // Resolve --bind once the command line is known (a host that does not resolve: exit 2).
  app->parse_complete_callback([&options, hold, attempt] {
    if (hold->parsed()) {
      refuse_unsupported(options.hold.request);
      options.hold.request.address = lab::resolve_host(options.hold.bind);
    }
    if (attempt->parsed()) {
      refuse_unsupported(options.attempt.request);
      options.attempt.request.address = lab::resolve_host(options.attempt.bind);
    }
  });
  lab::parse(*app, argc, argv);
  if (hold->parsed())
    options.command = Command::hold;
  else if (attempt->parsed())
    options.command = Command::attempt;
  else
    options.command = Command::demo;
  return options;
}

}  // namespace port_conflict_lab
