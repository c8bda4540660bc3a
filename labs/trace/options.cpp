#include "options.hpp"

#include <algorithm>
#include <memory>
#include <set>

#include "bind/port_list.hpp"
#include "cli/validators.hpp"
#include "cli/wording.hpp"
#include "sockets/socket_table.hpp"

namespace trace_lab {
namespace {

constexpr const char* kDescription =
    "Watch your own connection live: every TCP state change of the selected sockets (from the\n"
    "kernel's tracepoints) interleaved in time with the segments on the wire (libpcap): flags,\n"
    "relative seq/ack, length, window; retransmissions and resets; UDP datagrams and ICMP port\n"
    "unreachable. Each line names its end (client or server, address:port, PID and program).\n"
    "Ends (Ctrl-C or --duration) with a summary per connection and the TCP state diagram with\n"
    "the states each end passed through marked; --svg writes the diagram and a time-sequence\n"
    "diagram. Needs root for the tracepoints and the capture; without root it polls the socket\n"
    "table and says what it cannot see.\n";

constexpr const char* kExamples =
    "  sudo lab-trace --port 7000                     the echo server's connections, live\n"
    "  sudo lab-trace --port 7000 --svg close.svg     ... and the pictures when it ends\n"
    "  sudo lab-trace --port 7000 --duration 5        stop after 5 seconds\n"
    "  sudo lab-trace --port 9000 --json              JSON Lines (one event per line)\n"
    "  sudo lab-trace --program lab-tcp-server        the ports that program holds\n"
    "  sudo lab-trace --port 9000 --interface eth0    segments on another interface\n"
    "  sudo lab-trace --port 7000 --write room.pcap   ... and saved for Wireshark\n"
    "  lab-trace --port 7000                          not root: polls the socket table\n";

constexpr const char* kDescriptionKo =
    "내 연결을 실시간으로 봅니다: 고른 소켓의 TCP 상태 변화(커널 트레이스포인트)와 선 위의\n"
    "세그먼트(libpcap)를 시간 순서대로 섞어 보여 줍니다: 플래그, 상대 seq/ack, 길이, 윈도.\n"
    "재전송과 리셋; UDP 데이터그램과 ICMP port unreachable. 줄마다 어느 쪽인지(클라이언트나\n"
    "서버, 주소:포트, PID와 프로그램) 적습니다. 끝날 때(Ctrl-C 또는 --duration) 연결마다 요약과\n"
    "그 연결이 거친 상태를 표시한 TCP 상태 다이어그램을 보여 줍니다; --svg는 상태 다이어그램과\n"
    "시간-순서 다이어그램을 파일로 씁니다. 트레이스포인트와 캡처에는 root가 필요합니다; root가\n"
    "아니면 소켓 테이블을 폴링하고 무엇을 볼 수 없는지 알려 줍니다.\n";

constexpr const char* kExamplesKo =
    "  sudo lab-trace --port 7000                     에코 서버의 연결을 실시간으로\n"
    "  sudo lab-trace --port 7000 --svg close.svg     ... 끝날 때 그림도\n"
    "  sudo lab-trace --port 7000 --duration 5        5초 뒤에 멈춤\n"
    "  sudo lab-trace --port 9000 --json              JSON Lines (한 줄에 이벤트 하나)\n"
    "  sudo lab-trace --program lab-tcp-server        그 프로그램이 사용 중인 포트\n"
    "  sudo lab-trace --port 9000 --interface eth0    다른 인터페이스의 세그먼트\n"
    "  sudo lab-trace --port 7000 --write room.pcap   ... Wireshark에서 열 파일로 저장\n"
    "  lab-trace --port 7000                          root가 아님: 소켓 테이블을 폴링\n";

std::unique_ptr<CLI::App> make_command_line(Options& options) {
  auto app = lab::make_app(lab::help_text(kDescription, kDescriptionKo),
                           lab::help_text(kExamples, kExamplesKo));
  app->add_option("--port", options.port_text,
                  lab::help_text("Ports to watch: 7000 or 7000,7001 or 7000-7003 (TCP and UDP)",
                                 "지켜볼 포트: 7000, 7000,7001, 7000-7003 (TCP와 UDP)"))
      ->type_name("LIST")
      ->check(CLI::Validator(
          [](std::string& text) {
            const auto list = lab::bind::parse_port_list(text);
            return list.ok() ? std::string() : list.problem;
          },
          "LIST"));
  app->add_option("--pid", options.pid,
                  lab::help_text("Watch the ports this process holds",
                                 "이 프로세스가 사용 중인 포트를 지켜보기"))
      ->type_name("PID")
      ->check(lab::count_validator(1, 4194304));
  app->add_option("--program", options.program,
                  lab::help_text("Watch the ports held by processes of this name (lab-tcp-server)",
                                 "이 이름의 프로세스가 사용 중인 포트를 지켜보기 (lab-tcp-server)"))
      ->type_name("NAME");
  app->add_option("--interface", options.interface,
                  lab::help_text("Interface for the segments", "세그먼트를 볼 인터페이스"))
      ->type_name("IF")
      ->capture_default_str();
  lab::add_json_flag(*app, options.common);
  app->add_option(
         "--svg", options.svg_path,
         lab::help_text("When the trace ends, write the state and time-sequence diagrams here",
                        "추적이 끝나면 상태 다이어그램과 시간-순서 다이어그램을 이 파일에 쓰기"))
      ->type_name("FILE");
  auto* write_option =
      app->add_option(
             "--write", options.pcap_path,
             lab::help_text("Save the captured segments, whole, to this pcap file (opens in "
                            "Wireshark); needs root, as the capture does",
                            "캡처한 세그먼트를 통째로 이 pcap 파일에 저장 (Wireshark에서 열림); "
                            "캡처처럼 root가 필요"))
          ->type_name("FILE.pcap");
  app->add_option("--duration", options.duration_s,
                  lab::help_text("Stop after this many seconds (0 = Ctrl-C)",
                                 "이 초만큼 지나면 멈춤 (0 = Ctrl-C까지)"))
      ->type_name("S")
      ->check(lab::seconds_validator(86400));
  app->add_option(
         "--budget", options.budget,
         lab::help_text("Lines per second at most; more are counted and reported, not printed",
                        "초당 최대 줄 수; 넘는 줄은 출력하지 않고 세어서 알려 줌"))
      ->type_name("N")
      ->check(lab::count_validator(1, 1000000))
      ->capture_default_str();
  app->add_option("--poll-ms", options.poll_ms,
                  lab::help_text("Without root: socket-table poll interval",
                                 "root가 아닐 때: 소켓 테이블 폴링 간격"))
      ->type_name("MS")
      ->check(lab::count_validator(1, 1000))
      ->capture_default_str();
  app->add_flag("--poll", options.force_polling,
                lab::help_text("Poll the socket table even as root (what a non-root user sees)",
                               "root여도 소켓 테이블을 폴링 (root가 아닌 사용자가 보는 것)"))
      ->excludes(write_option);  // polling sees no segments to save
  app->add_flag("--no-diagram", options.no_diagram,
                lab::help_text("No state diagram after the summary",
                               "요약 뒤에 상태 다이어그램을 그리지 않음"));
  return app;
}

// After parsing: the ports to watch, from --port, --pid or --program.
void resolve_selection(Options& options) {
  if (options.port_text.empty() && !options.pid && options.program.empty())
    lab::usage_error(lab::tr("say what to watch: --port LIST, --pid PID or --program NAME",
                             "무엇을 볼지 정하세요: --port 목록, --pid PID 또는 --program 이름"));
  std::set<std::uint16_t> ports;
  if (!options.port_text.empty())
    for (const auto port : lab::bind::parse_port_list(options.port_text).ports)
      ports.insert(port);
  if (options.pid || !options.program.empty()) {
    lab::sockets::TableQuery query;
    query.with_processes = true;
    std::size_t found = 0;
    for (const auto& row : lab::sockets::read_socket_table(query).rows) {
      const bool pid_matches = options.pid && row.pid == options.pid;
      const bool program_matches = !options.program.empty() && row.program == options.program;
      if (!pid_matches && !program_matches) continue;
      // A connected TCP socket shares its port with the listener, or has an ephemeral one.
      if (row.protocol == lab::sockets::Protocol::tcp &&
          row.state != lab::sockets::TcpState::listen)
        continue;
      ports.insert(row.local.port);
      ++found;
    }
    if (found == 0) {
      if (options.pid)
        lab::fail(lab::trf(
            "PID {}{} holds no listening TCP or bound UDP socket (or is not ours to see)",
            "PID {}{} 수신 대기 중인 TCP나 UDP 소켓이 없습니다 (또는 볼 권한이 없습니다)",
            *options.pid, lab::ko_particle(std::to_string(*options.pid), lab::Particle::eun_neun)));
      lab::fail(lab::trf("no process named {} holds a listening TCP or bound UDP socket",
                         "이름이 {}인 프로세스가 가진 수신 대기 TCP/UDP 소켓이 없습니다",
                         options.program));
    }
  }
  options.ports.assign(ports.begin(), ports.end());
  if (options.ports.size() > lab::bind::max_ports_per_list)
    lab::fail(lab::trf("{} ports to watch: at most {}", "볼 포트가 {}개: 최대 {}개",
                       options.ports.size(), lab::bind::max_ports_per_list));
}

}  // namespace

Options parse_options(int argc, char** argv) {
  Options options;
  const auto app = make_command_line(options);
  lab::parse(*app, argc, argv);
  resolve_selection(options);
  return options;
}

}  // namespace trace_lab
