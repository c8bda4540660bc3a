#include "snapshot.hpp"

#include <ctime>

#include <fmt/chrono.h>

#include "cli/app.hpp"
#include "cli/os_words.hpp"
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

std::string now_text() {
  return fmt::format("{:%Y-%m-%d %H:%M:%S}", fmt::localtime(std::time(nullptr)));
}

}  // namespace

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
