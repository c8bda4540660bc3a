#include "options.hpp"

#include <fmt/format.h>

#include "bind/port_list.hpp"
#include "cli/loop_signals.hpp"
#include "cli/validators.hpp"
#include "net/endpoints.hpp"

namespace multi_port_lab {
namespace {

// {0}: how to ask for the listing on this OS (kill -USR1 <PID>, Ctrl-Break), padded.
constexpr const char* examples =
    "  lab-multi-port --tcp 7001,7002,7005-7007 --udp 7001\n"
    "  lab-tcp-client --to 127.0.0.1:7002           # answers \"PID 4312, port 7002/tcp\"\n"
    "  lab-netstat -ano                             # one PID on every row\n"
    "  {0:<45}# or press Enter: list the connections\n"
    "  lab-multi-port --tcp 7001-7003 --list-every 5 --json\n"
    "  lab-multi-port --tcp 7001 --echo-only        # then: lab-tcp-client --port 7001 "
    "--connections 20\n";
constexpr const char* examples_ko =
    "  lab-multi-port --tcp 7001,7002,7005-7007 --udp 7001\n"
    "  lab-tcp-client --to 127.0.0.1:7002           # \"PID 4312, port 7002/tcp\"로 답함\n"
    "  lab-netstat -ano                             # 모든 줄에 같은 PID\n"
    "  {0:<45}# 또는 Enter: 연결 목록\n"
    "  lab-multi-port --tcp 7001-7003 --list-every 5 --json\n"
    "  lab-multi-port --tcp 7001 --echo-only        # 그다음: lab-tcp-client --port 7001 "
    "--connections 20\n";

void add_list_option(CLI::App& app, const std::string& name, std::vector<std::uint16_t>& target,
                     const std::string& help) {
  app.add_option_function<std::string>(
         name,
         [&target, name](const std::string& text) {
           auto list = lab::bind::parse_port_list(text);
           if (!list.ok()) lab::usage_error(fmt::format("{}: {}", name, list.problem));
           target = list.ports;
         },
         help)
      ->type_name("LIST");
}

}  // namespace

Options parse_options(int argc, char** argv) {
  Options options;
  const auto list_request = lab::list_request_words();  // SIGUSR1, or Ctrl-Break on Windows
  auto app = lab::make_app(
      lab::help_text(
          fmt::format(
              "One process, many ports: listens on every TCP and UDP port listed, answers on each "
              "with its PID and the port it was reached on, then echoes (UDP: both in one "
              "datagram; never to what looks like another responder's answer, to ports 0, 7, 13, "
              "17, 19, 37, or more than 50 times a second to one address). Lists its connections, "
              "grouped by local port, when you press Enter or {} (and every --list-every "
              "seconds).",
              list_request.en),
          fmt::format(
              "프로세스 하나, 포트 여럿: 목록의 TCP와 UDP 포트마다 기다리고, 각 포트에서 PID와 "
              "닿은 포트를 알려 준 뒤 에코합니다 (UDP: 둘을 데이터그램 하나로. 다른 응답 "
              "프로그램의 답처럼 보이는 것, 포트 0, 7, 13, 17, 19, 37, 한 주소에 초당 50번 "
              "넘게는 답하지 않음). Enter를 누르거나 {} (그리고 "
              "--list-every초마다) 연결을 로컬 포트별로 보여 줍니다.",
              list_request.ko)),
      lab::help_text(fmt::format(fmt::runtime(examples), list_request.example),
                     fmt::format(fmt::runtime(examples_ko), list_request.example)));
  add_list_option(
      *app, "--tcp", options.tcp_ports,
      lab::help_text(fmt::format("TCP ports: 7001,7002,7005-7007 (at most {} per list, no 0)",
                                 lab::bind::max_ports_per_list),
                     fmt::format("TCP 포트: 7001,7002,7005-7007 (목록마다 최대 {}개, 0은 안 됨)",
                                 lab::bind::max_ports_per_list)));
  add_list_option(
      *app, "--udp", options.udp_ports,
      lab::help_text(
          fmt::format("UDP ports, same form (at most {})", lab::bind::max_ports_per_list),
          fmt::format("UDP 포트, 같은 형식 (최대 {}개)", lab::bind::max_ports_per_list)));
  app->add_option("--bind", options.bind,
                  lab::help_text("Local address for every port", "모든 포트에 쓸 로컬 주소"))
      ->capture_default_str();
  app->add_option(
         "--max-connections", options.max_connections,
         lab::help_text(fmt::format("Open TCP connections at most, all ports together (1-{}; "
                                    "the default serves a classroom); more are told so and closed",
                                    max_max_connections),
                        fmt::format("열어 둘 TCP 연결의 최대 수, 모든 포트 합계 (1-{}, 기본값이면 "
                                    "교실 하나를 받음); 넘으면 알리고 닫음",
                                    max_max_connections)))
      ->check(lab::count_validator(1, max_max_connections))
      ->capture_default_str();
  app->add_option(
         "--list-every", options.list_every_s,
         lab::help_text(
             fmt::format("Also list the connections every N seconds (0 = only on "
                         "Enter / {})",
                         list_request.name),
             fmt::format("N초마다 연결 목록도 출력 (0 = Enter / {} 때만)", list_request.name)))
      ->check(lab::count_validator(0, 3600))
      ->capture_default_str();
  app->add_flag("--echo-only", options.echo_only,
                lab::help_text("TCP: echo only, without the first line naming PID and port (for "
                               "lab-tcp-client --count / --connections, which check every byte). "
                               "UDP answers always start with that line: it is how two "
                               "responders tell each other's answers apart",
                               "TCP: PID와 포트를 알리는 첫 줄 없이 에코만 (모든 바이트를 확인하는 "
                               "lab-tcp-client --count / --connections용). UDP 답은 언제나 그 "
                               "줄로 시작합니다. 응답 프로그램 둘이 서로의 답을 알아보는 "
                               "표시입니다"));
  lab::add_json_flag(*app, options.common);
  app->parse_complete_callback([&options] {
    if (options.tcp_ports.empty() && options.udp_ports.empty())
      lab::usage_error(lab::tr("give --tcp and/or --udp with a port list (e.g. --tcp 7001,7002)",
                               "--tcp 또는 --udp로 포트 목록을 주세요 (예: --tcp 7001,7002)"));
    options.address = lab::resolve_host(options.bind);
  });
  lab::parse(*app, argc, argv);
  return options;
}

}  // namespace multi_port_lab
