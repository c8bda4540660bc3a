#include "options.hpp"

#include <algorithm>
#include <set>

#include "bind/port_list.hpp"
#include "cli/validators.hpp"
#include "cli/wording.hpp"
#include "sockets/socket_table.hpp"

namespace lab::trace {
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
    "  lab-trace --port 7000                          not root: polls the socket table\n";

}  // namespace

std::unique_ptr<CLI::App> make_trace_app(TraceOptions& options) {
  auto app = make_app(kDescription, kExamples);
  app->add_option("--port", options.port_text,
                  "Ports to watch: 7000 or 7000,7001 or 7000-7003 (TCP and UDP)")
      ->type_name("LIST")
      ->check(CLI::Validator(
          [](std::string& text) {
            const auto list = bind::parse_port_list(text);
            return list.ok() ? std::string() : list.problem;
          },
          "LIST"));
  app->add_option("--pid", options.pid, "Watch the ports this process holds")
      ->type_name("PID")
      ->check(CLI::Range(1, 4194304));
  app->add_option("--program", options.program,
                  "Watch the ports held by processes of this name (lab-tcp-server)")
      ->type_name("NAME");
  app->add_option("--interface", options.interface, "Interface for the segments")
      ->type_name("IF")
      ->capture_default_str();
  add_json_flag(*app, options.common);
  app->add_option("--svg", options.svg_path,
                  "When the trace ends, write the state and time-sequence diagrams here")
      ->type_name("FILE");
  app->add_option("--duration", options.duration_s, "Stop after this many seconds (0 = Ctrl-C)")
      ->type_name("S")
      ->check(CLI::Range(0.0, 86400.0));
  app->add_option("--budget", options.budget,
                  "Lines per second at most; more are counted and reported, not printed")
      ->type_name("N")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  app->add_option("--poll-ms", options.poll_ms, "Without root: socket-table poll interval")
      ->type_name("MS")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  app->add_flag("--poll", options.force_polling,
                "Poll the socket table even as root (what a non-root user sees)");
  app->add_flag("--no-diagram", options.no_diagram, "No state diagram after the summary");
  return app;
}

void resolve_selection(TraceOptions& options) {
  if (options.port_text.empty() && !options.pid && options.program.empty())
    usage_error(tr("say what to watch: --port LIST, --pid PID or --program NAME",
                   "무엇을 볼지 정하세요: --port 목록, --pid PID 또는 --program 이름"));
  std::set<std::uint16_t> ports;
  if (!options.port_text.empty())
    for (const auto port : bind::parse_port_list(options.port_text).ports)
      ports.insert(port);
  if (options.pid || !options.program.empty()) {
    sockets::TableQuery query;
    query.with_processes = true;
    std::size_t found = 0;
    for (const auto& row : sockets::read_socket_table(query).rows) {
      const bool pid_matches = options.pid && row.pid == options.pid;
      const bool program_matches = !options.program.empty() && row.program == options.program;
      if (!pid_matches && !program_matches) continue;
      // A connected TCP socket shares its port with the listener, or has an ephemeral one.
      if (row.protocol == sockets::Protocol::tcp && row.state != sockets::TcpState::listen)
        continue;
      ports.insert(row.local.port);
      ++found;
    }
    if (found == 0) {
      if (options.pid)
        fail(trf("PID {}{} holds no listening TCP or bound UDP socket (or is not ours to see)",
                 "PID {}{} 수신 대기 중인 TCP나 UDP 소켓이 없습니다 (또는 볼 권한이 없습니다)",
                 *options.pid, ko_particle(std::to_string(*options.pid), Particle::eun_neun)));
      fail(trf("no process named {} holds a listening TCP or bound UDP socket",
               "이름이 {}인 프로세스가 가진 수신 대기 TCP/UDP 소켓이 없습니다", options.program));
    }
  }
  options.ports.assign(ports.begin(), ports.end());
  if (options.ports.size() > bind::max_ports_per_list)
    fail(trf("{} ports to watch: at most {}", "볼 포트가 {}개: 최대 {}개", options.ports.size(),
             bind::max_ports_per_list));
}

}  // namespace lab::trace
