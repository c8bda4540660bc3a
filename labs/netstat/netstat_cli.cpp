#include "netstat_cli.hpp"

#include <ctime>

#include <fmt/chrono.h>

#include "cli/app.hpp"
#include "cli/validators.hpp"
#include "cli/wording.hpp"
#include "netstat/args.hpp"
#include "netstat/explain.hpp"
#include "netstat/table.hpp"
#include "render/json.hpp"
#include "tcp_info/tcp_info.hpp"

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
    "  -p TCP|UDP|TCPv6|UDPv6 (한 프로토콜; Windows처럼 TCP는 IPv4의 TCP),\n"
    "  -ano, -anop TCP처럼 묶어 쓰고, 끝의 숫자 N은 N초마다 다시 보여 줍니다.\n"
    "Linux 문법: -t (TCP) -u (UDP) -l (대기 중인 것만) -n -p, -tulpn처럼 묶어 씁니다.\n"
    "-p 규칙: -p가 글자 묶음의 끝이고 다음 단어가 프로토콜 이름이면 그 프로토콜을\n"
    "  고릅니다 (Windows); 아니면 'PID와 프로그램 표시'입니다 (Linux).\n"
    "-a (또는 -l)가 없으면 Windows처럼 대기 중인 소켓은 숨깁니다.";

constexpr const char* examples =
    "  lab-netstat -ano                   every socket with its PID (Windows syntax)\n"
    "  lab-netstat -anop TCP              only TCP over IPv4\n"
    "  lab-netstat -ano 2                 redisplay every 2 s; new rows +, changed ~, closed -\n"
    "  lab-netstat -tulpn                 listening TCP and UDP sockets with programs (Linux)\n"
    "  lab-netstat -ano --port 7000       rows with port 7000 at either end\n"
    "  lab-netstat -ano --state TIME_WAIT\n"
    "  lab-netstat -ano --program lab-tcp-server\n"
    "  lab-netstat -anob                  the executable under each row (Windows -b)\n"
    "  lab-netstat -ano --lang ko         Korean headers\n"
    "  lab-netstat -ano --style ss        the ss layout, with queues\n"
    "  lab-netstat -an --port 7000 --explain\n"
    "  lab-netstat -an --raw              the /proc/net/tcp line of each row, decoded\n"
    "  lab-netstat -ano --json\n"
    "  lab-netstat -an --port 7000 --details   rtt, rto, retransmits, cwnd of each TCP row\n";

std::string now_text() {
  return fmt::format("{:%Y-%m-%d %H:%M:%S}", fmt::localtime(std::time(nullptr)));
}

}  // namespace

Options parse_command_line(int argc, char** argv) {
  Options options;
  // --lang first, so that --help and the first error are already in that language.
  std::vector<std::string> args(argv + 1, argv + argc);
  for (std::size_t i = 0; i + 1 < args.size(); ++i) {
    Lang lang = Lang::en;
    if (args[i] == "--lang" && parse_lang(args[i + 1], lang)) set_lang(lang);
  }
  RewrittenArgs rewritten = rewrite_netstat_args(args);
  if (!rewritten.error.empty()) usage_error(rewritten.error);
  auto app = make_app(tr(description_en, description_ko), examples);
  app->add_flag("-a,--all", options.all, "Show listening sockets too (Windows -a)");
  app->add_flag("-n,--numeric", options.numeric, "Numbers for ports, not service names");
  app->add_flag("-o,--pids", options.pids, "Show the PID column (Windows -o)");
  app->add_flag("--programs", options.programs, "Show PID and program name (Linux -p)");
  app->add_flag("-b,--executables", options.executables,
                "The executable under each row, in brackets (Windows -b, no elevation needed)");
  app->add_flag("-t,--tcp", options.tcp, "TCP sockets (Linux -t)");
  app->add_flag("-u,--udp", options.udp, "UDP sockets (Linux -u)");
  app->add_flag("-l,--listening", options.listening, "Only listening sockets (Linux -l)");
  app->add_option_function<std::string>(
         "--protocol",
         [&](const std::string& value) {
           options.protocol = canonical_protocol(value);
           if (options.protocol.empty())
             usage_error(trf("'{}'{} is not a protocol: use TCP, UDP, TCPv6 or UDPv6",
                             "'{}'{} 프로토콜이 아닙니다: TCP, UDP, TCPv6, UDPv6 중 하나", value,
                             ko_particle(value, Particle::eun_neun)));
         },
         "One protocol: TCP, UDP, TCPv6, UDPv6 (Windows -p)")
      ->type_name("PROTO");
  app->add_option("--watch", options.watch_seconds,
                  "Redisplay every N seconds, highlighting changes (or a trailing N)")
      ->check(count_validator(1, 3600))
      ->type_name("N");
  app->add_option("--count", options.count, "Watch mode: stop after N snapshots")
      ->check(count_validator(1, 1000000))
      ->type_name("N");
  app->add_option("--port", options.port, "Only rows with this port at either end")
      ->check(port_validator())
      ->type_name("PORT");
  app->add_option("--pid", options.pid, "Only sockets of this process")
      ->check(count_validator(1, 4194304))
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
         "Only this state; Windows or Linux spelling (LISTENING/LISTEN, TIME_WAIT/TIME-WAIT)")
      ->type_name("STATE");
  app->add_option("--program", options.program, "Only sockets of programs whose name contains this")
      ->type_name("NAME");
  app->add_option_function<std::string>(
         "--style",
         [&](const std::string& value) {
           options.style = value == "ss" ? Style::ss : Style::windows;
         },
         "Layout: windows (default) or ss")
      ->check(CLI::IsMember({"windows", "ss"}))
      ->type_name("windows|ss");
  app->add_flag("--json", options.json,
                "Print JSON: one document, or JSON Lines (one per snapshot) in watch mode");
  app->add_flag("--explain", options.explain,
                "A note under each row: port range, service, ephemeral port, what the state means");
  app->add_flag("--raw", options.raw,
                "Show the /proc/net line each row came from, its hex fields decoded");
  app->add_flag("--details", options.details,
                "Under each TCP row: rtt, rto, retransmits, cwnd, unacked (like ss -ti)");
  app->add_option_function<std::string>(
         "--source",
         [&](const std::string& value) { options.source = *sockets::parse_source_name(value); },
         "Where the table comes from: netlink (as ss), proc (/proc/net, as netstat) or auto")
      ->check(CLI::IsMember({"auto", "netlink", "proc"}))
      ->type_name("auto|netlink|proc");

  parse(*app, rewritten.args);
  if (options.raw && options.source == sockets::Source::netlink)
    usage_error(tr("--raw shows /proc/net lines: it cannot be used with --source netlink",
                   "--raw는 /proc/net 줄을 보여 줍니다: --source netlink와 함께 쓸 수 없습니다"));
  return options;
}

Snapshot take_snapshot(const Options& options) {
  const sockets::TableQuery query = query_for(options);
  sockets::SocketTable table = sockets::read_socket_table(query);
  Snapshot snapshot;
  snapshot.source = table.source_used;
  snapshot.unreadable_processes = table.unreadable_processes;
  if (options.explain)
    for (const sockets::SocketRow& row : table.rows)
      if (row.state == sockets::TcpState::listen) snapshot.listeners.push_back(row);
  // Filtered in place: a second vector for the rows shown would double the peak memory.
  std::erase_if(table.rows,
                [&](const sockets::SocketRow& row) { return !row_visible(row, options); });
  snapshot.rows = std::move(table.rows);
  if (options.style == Style::windows || options.watch_seconds) sort_windows_order(snapshot.rows);
  if (options.details) snapshot.tcp_details = sockets::read_tcp_details();
  return snapshot;
}

namespace {
// -b: the executable behind the row on the line below it, as Windows' `netstat -b` prints it
// (" [svchost.exe]"). Windows' own needs an elevated prompt; the socket table's program names
// do not (Linux: /proc as the same user; Windows: PROCESS_QUERY_LIMITED_INFORMATION).
std::string executable_note(const sockets::SocketRow& row) {
  if (row.program.empty())  // no owner (TIME_WAIT), another user's process, or Wine's PID 0
    return " " + tr("Can not obtain ownership information", "소유자 정보를 가져올 수 없습니다") +
           "\n";
  return fmt::format(" [{}]\n", row.program);
}

// --details, text: one line under a TCP row, in ss -ti's words.
std::string details_note(const sockets::TcpDetailsByEnds& all, const sockets::SocketRow& row) {
  const auto* figures = sockets::find_tcp_details(all, row);
  if (!figures) return {};
  const auto& f = *figures;
  return fmt::format(
      "      rtt:{:.3f}/{:.3f} ms  rto:{:.0f} ms  retrans:{}  cwnd:{}  unacked:{}  "
      "lost:{}\n",
      f.rtt_us / 1000.0, f.rtt_var_us / 1000.0, f.rto_us / 1000.0, f.total_retransmits, f.send_cwnd,
      f.unacked, f.lost);
}
// --details, JSON: {"local", "remote", "tcp_info": {...}}, one for each TCP row shown.
json::Value details_json(const sockets::SocketRow& row, const TcpFigures& figures) {
  return {{"local", row.local.to_string()},
          {"remote", row.remote.to_string()},
          {"tcp_info", tcp_figures_json(figures)}};
}

// --json: one document, written out as it is made. With a sink, the rows never sit in memory as
// one tree of JSON values (44 MB for 20,000 rows): each row is made, turned into text and let go.
// The text is the same as dumping the whole tree: the head's fields, then "rows" and
// "tcp_details", one element at a time.
std::string json_document(const Snapshot& snapshot, const std::vector<Change>& changes,
                          const Options& options, unsigned number, const Sink& sink) {
  json::Value head = json::Value::object();
  if (number > 0) {
    head["snapshot"] = number;
    head["time"] = now_text();
  }
  head["source"] = sockets::source_name(snapshot.source);
  head["unreadable_processes"] = snapshot.unreadable_processes;
  std::string out = json::to_line(head);
  out.pop_back();  // its closing brace: the two lists follow
  const auto pass_on = [&] {
    if (sink && out.size() >= 64 * 1024) {
      sink(out);
      out.clear();
    }
  };
  out += ",\"rows\":[";
  for (std::size_t i = 0; i < snapshot.rows.size(); ++i) {
    if (i > 0) out += ',';
    out += json::to_line(socket_json(
        snapshot.rows[i], changes.empty() ? std::string_view() : change_name(changes[i])));
    pass_on();
  }
  out += ']';
  if (options.details) {
    out += ",\"tcp_details\":[";
    bool first = true;
    for (const auto& row : snapshot.rows) {
      const auto* figures = sockets::find_tcp_details(snapshot.tcp_details, row);
      if (!figures) continue;
      if (!first) out += ',';
      first = false;
      out += json::to_line(details_json(row, *figures));
      pass_on();
    }
    out += ']';
  }
  out += "}\n";
  return out;
}
}  // namespace

std::string render(const Snapshot& snapshot, const std::vector<Change>& changes,
                   const Options& options, bool color, unsigned number, const Sink& sink) {
  if (options.json) return json_document(snapshot, changes, options, number, sink);

  NetstatLayout layout;
  layout.pid_column = options.pids;
  layout.program_column = options.programs;
  layout.numeric = options.numeric;
  layout.korean = current_lang() == Lang::ko;
  layout.color = color;

  ExplainContext context;
  if (options.explain) {
    load_ephemeral_range(context);
    for (const auto& row : snapshot.listeners)
      context.listening_ports.insert({row.protocol, row.local.port});
  }
  RowNotes notes;
  if (options.executables || options.explain || options.raw || options.details)
    notes = [&](std::string& out, const sockets::SocketRow& row) {
      if (options.executables) out += executable_note(row);
      if (options.explain) out += explain_notes(row, context);
      if (options.raw) out += raw_notes(row);
      if (options.details) out += details_note(snapshot.tcp_details, row);
    };
  return options.style == Style::ss ? ss_table(snapshot.rows, changes, layout, notes, sink)
                                    : windows_table(snapshot.rows, changes, layout, notes, sink);
}

}  // namespace netstat_lab
