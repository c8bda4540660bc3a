#include "options.hpp"

#include <string>
#include <string_view>
#include <vector>

#include "cli/app.hpp"
#include "cli/os_words.hpp"
#include "cli/validators.hpp"
#include "cli/wording.hpp"
#include "netstat/args.hpp"
#include "sockets/socket_table.hpp"

namespace netstat_lab {
using namespace lab;  // the shared layers, unqualified
using namespace lab::netstat;

namespace {

constexpr const char* description_en =
    "The socket table of this machine, the way `netstat -ano` shows it on Windows.\n"
    "Windows syntax: -a (listening sockets too), -n (numbers), -o (PID column),\n"
    "  -p TCP|UDP|TCPv6|UDPv6 (one protocol; TCP means TCP over IPv4, as on Windows),\n"
    "  combined as -ano or -anop TCP, and a trailing number N redisplays every N seconds.\n"
    "Linux syntax: -t (TCP) -u (UDP) -l (only listening) -n -p, combined as -tulpn.\n"
    "The -p rule: when -p ends a group of letters and the next word is a protocol name,\n"
    "  it picks that protocol (Windows); otherwise it means 'show PID and program' (Linux).\n"
    "Without -a (or -l) listening sockets are hidden, as on Windows.";

constexpr const char* description_ko =
    "이 컴퓨터의 소켓 표를 Windows의 `netstat -ano`처럼 보여 줍니다.\n"
    "Windows 문법: -a (대기 중인 소켓도), -n (숫자로), -o (PID 열),\n"
    "  -p TCP|UDP|TCPv6|UDPv6 (한 프로토콜만, Windows처럼 TCP는 IPv4의 TCP),\n"
    "  -ano, -anop TCP처럼 묶어 쓰고, 끝의 숫자 N은 N초마다 다시 보여 줍니다.\n"
    "Linux 문법: -t (TCP) -u (UDP) -l (대기 중인 것만) -n -p, -tulpn처럼 묶어 씁니다.\n"
    "-p 규칙: -p가 글자 묶음의 끝이고 다음 단어가 프로토콜 이름이면 그 프로토콜을\n"
    "  고릅니다 (Windows); 아니면 'PID와 프로그램 표시'입니다 (Linux).\n"
    "-a (또는 -l)가 없으면 Windows처럼 대기 중인 소켓은 숨깁니다.";

constexpr const char* examples_common =
    "  lab-netstat -ano                   every socket with its PID (Windows syntax)\n"
    "  lab-netstat -anop TCP              only TCP over IPv4\n"
    "  lab-netstat -ano 2                 redisplay every 2 s; new rows +, changed ~, closed -\n"
    "  lab-netstat -tulpn                 listening TCP and UDP sockets with programs (Linux "
    "syntax)\n"
    "  lab-netstat -ano --port 7000       rows with port 7000 at either end\n"
    "  lab-netstat -ano --state TIME_WAIT\n"
    "  lab-netstat -ano --program lab-tcp-server\n"
    "  lab-netstat -anob                  the executable under each row (Windows -b)\n"
    "  lab-netstat -ano --lang ko         Korean headers\n"
    "  lab-netstat -ano --style ss        the ss layout, with queues\n"
    "  lab-netstat -an --port 7000 --explain\n"
    "  lab-netstat -ano --json\n";
constexpr const char* examples_common_ko =
    "  lab-netstat -ano                   모든 소켓과 PID (Windows 문법)\n"
    "  lab-netstat -anop TCP              IPv4의 TCP만\n"
    "  lab-netstat -ano 2                 2초마다 다시 보기, 새 줄 +, 바뀐 줄 ~, 닫힌 줄 -\n"
    "  lab-netstat -tulpn                 대기 중인 TCP와 UDP 소켓과 프로그램 (Linux 문법)\n"
    "  lab-netstat -ano --port 7000       어느 한쪽 끝이 포트 7000인 줄\n"
    "  lab-netstat -ano --state TIME_WAIT\n"
    "  lab-netstat -ano --program lab-tcp-server\n"
    "  lab-netstat -anob                  각 줄 아래에 실행 파일 (Windows -b)\n"
    "  lab-netstat -ano --lang ko         한국어 머리글\n"
    "  lab-netstat -ano --style ss        ss 모양, 큐와 함께\n"
    "  lab-netstat -an --port 7000 --explain\n"
    "  lab-netstat -ano --json\n";
// Linux only: they read /proc/net and netlink (add_linux_only_options).
constexpr const char* examples_linux =
    "  lab-netstat -an --raw              the /proc/net/tcp line of each row, decoded\n"
    "  lab-netstat -an --port 7000 --details   rtt, rto, retransmits, cwnd of each TCP row\n";
constexpr const char* examples_linux_ko =
    "  lab-netstat -an --raw              각 줄의 /proc/net/tcp 줄과 그 뜻\n"
    "  lab-netstat -an --port 7000 --details   각 TCP 줄의 rtt, rto, 재전송, cwnd\n";

std::string examples() {
  const bool on_linux = !lab::os_words::on_windows();
  return lab::help_text(std::string(examples_common) + (on_linux ? examples_linux : ""),
                        std::string(examples_common_ko) + (on_linux ? examples_linux_ko : ""));
}

// --raw, --details and --source read Linux's own tables (/proc/net, NETLINK_SOCK_DIAG). On
// Windows they are not in --help, and asking for one says so in one line (exit 2).
void add_linux_only_options(CLI::App& app, Options& options) {
  if (lab::os_words::on_windows()) {
    for (const char* name : {"--raw", "--details", "--source"}) {
      auto refuse = [name](const std::string&) {
        usage_error(
            trf("{}: Linux only (it reads /proc/net or netlink, which Windows does not "
                "have); on Windows the table comes from iphlpapi",
                "{}: Linux 전용입니다 (Windows에 없는 /proc/net이나 netlink를 읽습니다). "
                "Windows에서는 표를 iphlpapi에서 가져옵니다",
                name));
      };
      if (std::string_view(name) == "--source")
        app.add_option_function<std::string>(name, refuse)->group("");
      else
        app.add_flag_function(name, [refuse](std::int64_t) { refuse({}); })->group("");
    }
    return;
  }
  app.add_flag("--raw", options.raw,
               lab::help_text("Show the /proc/net line each row came from, its hex fields decoded "
                              "(Linux)",
                              "각 줄이 나온 /proc/net 줄과 그 16진수 필드의 뜻 (Linux)"));
  app.add_flag("--details", options.details,
               lab::help_text("Under each TCP row: rtt, rto, retransmits, cwnd, unacked (like ss "
                              "-ti; Linux)",
                              "각 TCP 줄 아래에 rtt, rto, 재전송, cwnd, unacked (ss -ti처럼, "
                              "Linux)"));
  app.add_option_function<std::string>(
         "--source",
         [&](const std::string& value) { options.source = *sockets::parse_source_name(value); },
         lab::help_text("Where the table comes from: netlink (as ss), proc (/proc/net, as "
                        "netstat) or auto (Linux)",
                        "표를 가져오는 곳: netlink (ss처럼), proc (/proc/net, netstat처럼) 또는 "
                        "auto (Linux)"))
      ->check(CLI::IsMember({"auto", "netlink", "proc"}))
      ->type_name("auto|netlink|proc");
}

}  // namespace

Options parse_options(int argc, char** argv) {
  Options options;
  // --lang first, so that --help and the first error are already in that language.
  std::vector<std::string> args(argv + 1, argv + argc);
  for (std::size_t i = 0; i + 1 < args.size(); ++i) {
    Lang lang = Lang::en;
    if (args[i] == "--lang" && parse_lang(args[i + 1], lang)) set_lang(lang);
  }
  RewrittenArgs rewritten = rewrite_netstat_args(args);
  if (!rewritten.error.empty()) usage_error(rewritten.error);
  auto app = make_app(tr(description_en, description_ko), examples());
  app->add_flag("-a,--all", options.all,
                lab::help_text("Show listening sockets too (Windows -a)",
                               "대기 중인 소켓도 보이기 (Windows -a)"));
  app->add_flag(
      "-n,--numeric", options.numeric,
      lab::help_text("Numbers for ports, not service names", "포트를 서비스 이름이 아닌 숫자로"));
  app->add_flag("-o,--pids", options.pids,
                lab::help_text("Show the PID column (Windows -o)", "PID 열 보이기 (Windows -o)"));
  app->add_flag("--programs", options.programs,
                lab::help_text("Show PID and program name (Linux -p)",
                               "PID와 프로그램 이름 보이기 (Linux -p)"));
  app->add_flag(
      "-b,--executables", options.executables,
      lab::help_text("The executable under each row, in brackets (Windows -b, no elevation needed)",
                     "각 줄 아래에 실행 파일 이름을 괄호로 (Windows -b, 관리자 권한 필요 없음)"));
  app->add_flag("-t,--tcp", options.tcp,
                lab::help_text("TCP sockets (Linux -t)", "TCP 소켓 (Linux -t)"));
  app->add_flag("-u,--udp", options.udp,
                lab::help_text("UDP sockets (Linux -u)", "UDP 소켓 (Linux -u)"));
  app->add_flag("-l,--listening", options.listening,
                lab::help_text("Only listening sockets (Linux -l)", "대기 중인 소켓만 (Linux -l)"));
  app->add_option_function<std::string>(
         "--protocol",
         [&](const std::string& value) {
           options.protocol = canonical_protocol(value);
           if (options.protocol.empty())
             usage_error(trf("'{}'{} is not a protocol: use TCP, UDP, TCPv6 or UDPv6",
                             "'{}'{} 프로토콜이 아닙니다: TCP, UDP, TCPv6, UDPv6 중 하나", value,
                             ko_particle(value, Particle::eun_neun)));
         },
         lab::help_text("One protocol: TCP, UDP, TCPv6, UDPv6 (Windows -p)",
                        "한 프로토콜만: TCP, UDP, TCPv6, UDPv6 (Windows -p)"))
      ->type_name("PROTO");
  app->add_option(
         "--watch", options.watch_seconds,
         lab::help_text("Redisplay every N seconds, highlighting changes (or a trailing N)",
                        "N초마다 다시 보여 주고 바뀐 줄을 강조 (끝의 숫자 N도 같음)"))
      ->check(count_validator(1, 3600))
      ->type_name("N");
  app->add_option(
         "--count", options.count,
         lab::help_text("Watch mode: stop after N snapshots", "다시 보기: N번 보여 준 뒤 끝냄"))
      ->check(count_validator(1, 1000000))
      ->type_name("N");
  app->add_option(
         "--port", options.port,
         lab::help_text("Only rows with this port at either end", "어느 한쪽 끝이 이 포트인 줄만"))
      ->check(port_validator())
      ->type_name("PORT");
  app->add_option("--pid", options.pid,
                  lab::help_text("Only sockets of this process", "이 프로세스의 소켓만"))
      ->check(count_validator(1, static_cast<std::uint64_t>(lab::os_words::largest_pid())))
      ->type_name("PID");
  app->add_option_function<std::string>(
         "--state",
         [&](const std::string& value) {
           options.state = sockets::parse_state_name(value);
           if (!options.state)
             usage_error(trf("'{}'{} is not a TCP state (LISTENING, ESTABLISHED, TIME_WAIT, ...)",
                             "'{}'{} TCP 상태가 아닙니다 (LISTENING, ESTABLISHED, TIME_WAIT ...)",
                             value, ko_particle(value, Particle::eun_neun)));
         },
         lab::help_text(
             "Only this state; Windows or Linux spelling (LISTENING/LISTEN, TIME_WAIT/TIME-WAIT)",
             "이 상태만, Windows 또는 Linux 표기 (LISTENING/LISTEN, TIME_WAIT/TIME-WAIT)"))
      ->type_name("STATE");
  app->add_option("--program", options.program,
                  lab::help_text("Only sockets of programs whose name contains this",
                                 "이름에 이 글자가 들어간 프로그램의 소켓만"))
      ->type_name("NAME");
  app->add_option_function<std::string>(
         "--style",
         [&](const std::string& value) {
           options.style = value == "ss" ? Style::ss : Style::windows;
         },
         lab::help_text("Layout: windows (default) or ss", "모양: windows (기본) 또는 ss"))
      ->check(CLI::IsMember({"windows", "ss"}))
      ->type_name("windows|ss");
  app->add_flag(
      "--json", options.json,
      lab::help_text("Print JSON: one document, or JSON Lines (one per snapshot) in watch mode",
                     "JSON으로 출력: 문서 하나, 다시 보기에서는 JSON Lines (한 번에 한 줄)"));
  app->add_flag(
      "--explain", options.explain,
      lab::help_text(
          "A note under each row: port range, service, ephemeral port, what the state means",
          "각 줄 아래 설명: 포트 범위, 서비스, 임시 포트, 상태의 뜻"));
  add_linux_only_options(*app, options);
  parse(*app, rewritten.args);
  if (options.raw && options.source == sockets::Source::netlink)
    usage_error(tr("--raw shows /proc/net lines: it cannot be used with --source netlink",
                   "--raw는 /proc/net 줄을 보여 줍니다: --source netlink와 함께 쓸 수 없습니다"));
  return options;
}

}  // namespace netstat_lab
