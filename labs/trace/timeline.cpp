#include "timeline.hpp"

#include <algorithm>
#include <chrono>

#include <fmt/format.h>

#include "cli/color.hpp"
#include "cli/lang.hpp"
#include "render/json.hpp"
#include "render/output.hpp"
#include "render/text_width.hpp"
#include "sockets/process_map.hpp"
#include "sockets/socket_table.hpp"

namespace trace_lab {
namespace {

std::string role_name(Role role) {
  return role == Role::client ? lab::tr("client", "클라이언트") : lab::tr("server", "서버");
}
const char* role_key(Role role) {
  return role == Role::client ? "client" : "server";
}
Role other(Role role) {
  return role == Role::client ? Role::server : Role::client;
}
int index_of(Role role) {
  return role == Role::client ? 0 : 1;
}

// The connection's key: both endpoints as raw bytes, in a fixed order (no text formatting: it
// runs for every segment).
std::pair<std::string, std::string> key_of(const Endpoint& a, const Endpoint& b, bool udp) {
  auto bytes = [udp](const Endpoint& e) {
    std::string key(1 + 16 + 2, '\0');
    key[0] = udp ? 'u' : 't';
    std::copy(e.address.bytes.begin(), e.address.bytes.end(), key.begin() + 1);
    key[17] = static_cast<char>(e.port >> 8);
    key[18] = static_cast<char>(e.port & 0xFF);
    return key;
  };
  std::string x = bytes(a);
  std::string y = bytes(b);
  if (y < x) std::swap(x, y);
  return {x, y};
}

std::string duration_text(std::int64_t ns) {
  const double ms = static_cast<double>(ns) / 1e6;
  if (ms < 1.0) return fmt::format("{:.0f} µs", ms * 1000.0);
  if (ms < 1000.0) return fmt::format("{:.1f} ms", ms);
  return fmt::format("{:.2f} s", ms / 1000.0);
}

// Both ends seen so far are gone (CLOSED, TIME_WAIT, or closed by the program while the kernel
// waits for the peer's FIN), or a reset ended it.
bool ended(const Connection& c) {
  if (c.reset) return true;
  auto gone = [](const End& end) {
    return !end.seen || end.state == TcpState::close || end.state == TcpState::time_wait ||
           end.waiting_for_peer_fin;
  };
  return (c.client.seen || c.server.seen) && gone(c.client) && gone(c.server);
}

bool closing_state(TcpState state) {
  return state == TcpState::fin_wait1 || state == TcpState::fin_wait2 || state == TcpState::closing;
}

// How every event's JSON line starts: its type, its time (seconds of CLOCK_REALTIME) and the
// milliseconds since the trace started. The caller adds the event's own fields after these.
lab::json::Value event_json(const std::string& type, std::int64_t time_ns, std::int64_t start_ns) {
  return {{"type", type},
          {"time", static_cast<double>(time_ns) / 1e9},
          {"ms", static_cast<double>(time_ns - start_ns) / 1e6}};
}

// The states an end passed through, as the summary writes them: "CLOSED → SYN_SENT → ...".
std::string path_text(const End& end) {
  std::string text;
  for (const auto& step : end.path) {
    if (!text.empty()) text += " → ";
    text += state_label(step.state);
  }
  return text.empty() ? lab::tr("no socket (the kernel answered for the port)",
                                "소켓 없음 (커널이 그 포트 대신 응답)")
                      : text;
}

// Every kind of line added up.
Counts totals_of(const std::map<std::string, Counts>& counts_by_kind) {
  Counts totals;
  for (const auto& [kind, counts] : counts_by_kind) {
    totals.seen += counts.seen;
    totals.printed += counts.printed;
    totals.skipped += counts.skipped;
    totals.untracked += counts.untracked;
  }
  return totals;
}

// One connection of the --json summary: both ends with their paths, then its counts.
lab::json::Value connection_json(const Connection& c) {
  lab::json::Value line = {
      {"type", "connection"}, {"conn", c.id}, {"protocol", c.udp ? "UDP" : "TCP"}};
  for (const Role role : {Role::client, Role::server}) {
    const End& end = c.end(role);
    lab::json::Value path = lab::json::Value::array();
    for (const auto& step : end.path)
      path.push_back(state_label(step.state));
    line[role_key(role)] = {
        {"address", end.info.endpoint.to_string()},
        {"pid", lab::json::optional(end.info.pid)},
        {"program", end.info.program},
        {"path", path},
        {"in_socket_table",
         end.in_table ? lab::json::Value(state_label(*end.in_table)) : lab::json::Value(nullptr)}};
  }
  line["segments"] = c.segments;
  line["bytes_from_client"] = c.bytes[0];
  line["bytes_from_server"] = c.bytes[1];
  line["retransmits"] = c.retransmits;
  line["icmp_unreachable"] = c.icmp_unreachable;
  line["reset"] = c.reset;
  return line;
}

// After an end's path in the text summary: where its last state lives on once the trace ends.
std::string what_lasts(const End& end) {
  if (end.state == TcpState::time_wait && end.in_table == TcpState::time_wait)
    return lab::tr("   (the socket table shows this TIME_WAIT now; it lasts about 60 s)",
                   "   (소켓 테이블에 지금 이 TIME_WAIT가 있습니다. 약 60초 남습니다)");
  if (end.state == TcpState::time_wait)
    return lab::tr("   (TIME_WAIT lasts about 60 s: see it with lab-netstat)",
                   "   (TIME_WAIT는 약 60초 남습니다: lab-netstat으로 확인)");
  if (end.waiting_for_peer_fin)
    return lab::tr("   (closed by the program; the kernel still holds FIN_WAIT2, up to 60 s)",
                   "   (프로그램은 닫았고, 커널이 FIN_WAIT2를 최대 60초 유지합니다)");
  return {};
}

// One connection in the text summary: its two endpoints, each TCP end's path, then its counts.
void print_connection_summary(const Connection& c) {
  lab::out::print("  {}\n", lab::trf("connection {} ({}): {} ↔ {}", "연결 {} ({}): {} ↔ {}", c.id,
                                     c.udp ? "UDP" : "TCP", c.client.info.endpoint.to_string(),
                                     c.server.info.endpoint.to_string()));
  if (!c.udp) {
    for (const Role role : {Role::client, Role::server}) {
      const End& end = c.end(role);
      std::string line =
          "    " +
          lab::render::padded(role_name(role), lab::current_lang() == lab::Lang::ko ? 10 : 6) +
          " " + path_text(end);
      if (end.info.pid) line += fmt::format("   [{} {}]", *end.info.pid, end.info.program);
      lab::out::line(line + what_lasts(end));
    }
  }
  lab::out::print("    {}\n",
                  lab::trf("{} segments/datagrams, bytes client→server {}, server→client {}, "
                           "retransmissions {}, ICMP port unreachable {}{}",
                           "세그먼트/데이터그램 {}개, 바이트 클라이언트→서버 {}, "
                           "서버→클라이언트 {}, 재전송 {}, ICMP 포트 도달 불가 {}{}",
                           c.segments, c.bytes[0], c.bytes[1], c.retransmits, c.icmp_unreachable,
                           c.reset ? ", RST" : ""));
}

}  // namespace

std::string_view state_label(TcpState state) {
  if (state == TcpState::close) return "CLOSED";
  return lab::sockets::linux_state_name(state);
}

Timeline::Timeline(TimelineOptions options, std::int64_t start_ns)
    : options_(std::move(options)),
      start_ns_(start_ns),
      output_ns_(start_ns),
      port_set_(options_.ports.begin(), options_.ports.end()) {}

void Timeline::note(const std::string& text) const {
  if (options_.json)
    lab::out::json({{"type", "note"}, {"text", text}});
  else
    lab::out::line(text);
}

std::uint64_t Timeline::skipped_total() const {
  std::uint64_t total = 0;
  for (const auto& [kind, counts] : counts_)
    total += counts.skipped;
  return total;
}

void Timeline::add(Event event) {
  // The connect() event comes before the kernel picks the client's port (sport 0): the next
  // event of the same socket names it, and the waiting one learns it here.
  if (event.kind == EventKind::state && event.src.port != 0 && event.socket_id != 0) {
    for (auto& waiting : queue_)
      if (waiting.kind == EventKind::state && waiting.socket_id == event.socket_id &&
          waiting.src.port == 0)
        waiting.src = event.src;
  }
  if (queue_.size() >= max_queue) {
    // Not shown: counted in this second's "not shown" note too, so the notes add up.
    ++queue_overflow_;
    auto& counts = counts_[event.kind == EventKind::state ? "state" : "segment"];
    ++counts.seen;
    ++counts.skipped;
    ++skipped_this_second_;
    return;
  }
  queue_.push_back(std::move(event));
}

void Timeline::flush(std::int64_t now_ns, bool all) {
  output_ns_ = std::max(output_ns_, now_ns);
  roll_budget_second();
  std::size_t done = 0;
  if (!queue_.empty()) {
    std::stable_sort(queue_.begin(), queue_.end(),
                     [](const Event& a, const Event& b) { return a.time_ns < b.time_ns; });
    const std::int64_t limit = now_ns - reorder_window_ns;
    // Processing may look ahead in queue_ (a connect's port), so events leave only afterwards.
    while (done < queue_.size() && (all || queue_[done].time_ns <= limit)) {
      Event event = queue_[done];
      process(event);
      ++done;
    }
    queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(done));
  }
  // The last second's note too: every line not shown is in some note, once.
  if (all) print_skipped_note();
}

void Timeline::process(Event& event) {
  last_processed_ns_ = std::max(last_processed_ns_, event.time_ns);
  switch (event.kind) {
    case EventKind::state:
      on_state(event);
      break;
    case EventKind::segment:
      on_segment(event);
      break;
    case EventKind::datagram:
      on_datagram(event);
      break;
    case EventKind::icmp_unreachable:
      on_icmp(event);
      break;
    case EventKind::retransmit:
    case EventKind::reset_sent:
    case EventKind::reset_received:
      on_retransmit_or_reset(event);
      break;
  }
}

bool Timeline::selected(const Endpoint& a, const Endpoint& b) const {
  return port_set_.count(a.port) != 0 || port_set_.count(b.port) != 0;
}

EndInfo Timeline::identity_of_listener(const Endpoint& endpoint, bool udp) {
  // One look at the socket table per port: the listener (or UDP socket) and its process.
  const std::uint16_t cache_key = udp ? 0 : endpoint.port;  // UDP: looked up each new pair
  if (!udp) {
    if (auto found = listener_cache_.find(cache_key); found != listener_cache_.end()) {
      EndInfo info = found->second;
      info.endpoint = endpoint;
      return info;
    }
  }
  EndInfo info;
  info.endpoint = endpoint;
  try {
    const auto rows = lab::sockets::who_holds(
        udp ? lab::sockets::Protocol::udp : lab::sockets::Protocol::tcp, endpoint.port);
    for (const auto& row : rows) {
      if (!row.pid) continue;
      info.pid = row.pid;
      info.program = row.program;
      break;
    }
  } catch (const std::exception&) {
    // No socket table: the line goes without a PID.
  }
  if (!udp) listener_cache_[cache_key] = info;
  return info;
}

Role Timeline::role_of(const Connection& c, const Endpoint& e) const {
  return e == c.client.info.endpoint ? Role::client : Role::server;
}

Connection* Timeline::find_or_create(const Endpoint& a, const Endpoint& b, bool udp,
                                     std::optional<Role> role_of_a, bool opening) {
  const auto key = key_of(a, b, udp);
  if (auto found = by_endpoints_.find(key); found != by_endpoints_.end()) {
    Connection& known = connections_[found->second];
    // The same 4-tuple once its connection has ended (TIME_WAIT, CLOSED, reset) and a new SYN:
    // a new connection, with its own record (not "TIME_WAIT → SYN_SENT" in the old one).
    if (!(opening && !udp && ended(known))) return &known;
  }
  if (connections_.size() >= max_connections) {
    count_untracked(key, udp, opening);
    return nullptr;
  }
  Role a_role = Role::client;
  if (role_of_a) {
    a_role = *role_of_a;
  } else {
    const bool a_selected = port_set_.count(a.port) != 0;
    const bool b_selected = port_set_.count(b.port) != 0;
    if (a_selected != b_selected)
      a_role = a_selected ? Role::server : Role::client;
    else
      a_role = a.port < b.port ? Role::server : Role::client;
  }
  Connection c;
  c.id = static_cast<int>(connections_.size()) + 1;
  c.udp = udp;
  c.end(a_role).info.endpoint = a;
  c.end(other(a_role)).info.endpoint = b;
  // The server's process is the one that listens on its port (accept() keeps it there).
  EndInfo server = identity_of_listener(c.server.info.endpoint, udp);
  c.server.info.pid = server.pid;
  c.server.info.program = server.program;
  if (udp) {
    EndInfo client = identity_of_listener(c.client.info.endpoint, true);
    c.client.info.pid = client.pid;
    c.client.info.program = client.program;
  }
  connections_.push_back(std::move(c));
  by_endpoints_[key] = connections_.size() - 1;
  return &connections_.back();
}

void Timeline::count_untracked(const std::pair<std::string, std::string>& key, bool udp,
                               bool opening) {
  // Connections, not events: a pair counts once, and again only when a TCP opening follows
  // other events of it (the 4-tuple reused). A retransmitted SYN is not a new connection.
  const std::size_t hash = std::hash<std::string>{}(key.first + key.second);
  const auto found = untracked_pairs_.find(hash);
  if (found == untracked_pairs_.end()) {
    ++untracked_;
    if (untracked_pairs_.size() < max_untracked_pairs)
      untracked_pairs_.emplace(hash, opening);
    else
      untracked_at_least_ = true;
    return;
  }
  if (!udp && opening && !found->second) ++untracked_;
  found->second = opening;
}

std::string Timeline::when(std::int64_t time_ns) const {
  return fmt::format("{:10.3f} ms", static_cast<double>(time_ns - start_ns_) / 1e6);
}

std::string Timeline::who(Role role, const EndInfo& info) const {
  // Padded by display width: Hangul takes two columns.
  // On a terminal the two ends get the diagram's colours (client cyan, server magenta).
  const std::string role_text =
      lab::render::padded(role_name(role), lab::current_lang() == lab::Lang::ko ? 10 : 6);
  std::string text =
      (options_.json
           ? role_text
           : lab::paint(role == Role::client ? lab::Color::cyan : lab::Color::magenta, role_text)) +
      " " + lab::render::padded(info.endpoint.to_string(), 21);
  if (info.pid) text += fmt::format(" [{} {}]", *info.pid, info.program);
  return text;
}

void Timeline::print_skipped_note() {
  if (skipped_this_second_ == 0) return;
  if (options_.json) {
    lab::out::json({{"type", "skipped"},
                    {"second", budget_second_},
                    {"count", skipped_this_second_},
                    {"budget", options_.budget_per_second}});
  } else {
    lab::out::line(
        lab::trf("           ... {} events not shown in second {} (budget: {} "
                 "per second; all are counted in the summary)",
                 "           ... {}초째에 {}개 이벤트를 표시하지 않았습니다 "
                 "(예산: 초당 {}개, 요약에는 모두 셉니다)",
                 skipped_this_second_, budget_second_, options_.budget_per_second));
  }
  skipped_this_second_ = 0;
}

void Timeline::roll_budget_second() {
  // Seconds of output (the wall clock when lines are printed), not the events' own times: under
  // load the events of one second are printed over several, and their times jump back and forth.
  const std::int64_t second = (output_ns_ - start_ns_) / 1'000'000'000;
  if (second == budget_second_) return;
  print_skipped_note();
  budget_second_ = second;
  budget_used_ = 0;
}

bool Timeline::take_budget(const std::string& kind) {
  auto& counts = counts_[kind];
  ++counts.seen;
  // A tenth of the budget is kept for the rarer lines (states, resets, ICMP), so that a flood
  // of segments does not hide the state changes a student came to see.
  const bool bulk = kind == "segment" || kind == "datagram";
  const std::uint64_t limit = bulk ? options_.budget_per_second - options_.budget_per_second / 10
                                   : options_.budget_per_second;
  if (budget_used_ < limit) {
    ++budget_used_;
    ++counts.printed;
    return true;
  }
  ++counts.skipped;
  ++skipped_this_second_;
  return false;
}

void Timeline::skip_untracked(const std::string& kind) {
  auto& counts = counts_[kind];
  ++counts.seen;
  ++counts.untracked;
}

void Timeline::emit(const std::string& kind, const std::string& text_line,
                    const lab::json::Value& json_line, std::int64_t /*time_ns*/) {
  if (!take_budget(kind)) return;
  if (options_.json)
    lab::out::json(json_line);
  else
    lab::out::line(text_line);
}

void Timeline::enter(Connection& c, Role role, TcpState state, std::int64_t time_ns, bool inferred,
                     TcpState shown_old) {
  End& end = c.end(role);
  const bool known_before = end.seen;
  const std::int64_t held = known_before ? time_ns - end.since_ns : 0;
  std::string text = fmt::format("{}  {}  {} → {}", when(time_ns), who(role, end.info),
                                 state_label(shown_old), state_label(state));
  if (known_before)
    text += lab::trf("  ({} in {})", "  ({} 동안 {})", duration_text(held), state_label(shown_old));
  if (inferred)
    text += lab::tr("  [the kernel's TIME_WAIT mini-socket: from the segments]",
                    "  [커널의 TIME_WAIT 미니 소켓: 세그먼트로 판단]");
  lab::json::Value line = event_json("state", time_ns, start_ns_);
  line["conn"] = c.id;
  line["end"] = role_key(role);
  line["address"] = end.info.endpoint.to_string();
  line["pid"] = lab::json::optional(end.info.pid);
  line["program"] = end.info.program;
  line["from"] = state_label(shown_old);
  line["to"] = state_label(state);
  if (known_before) line["held_ms"] = static_cast<double>(held) / 1e6;
  line["inferred"] = inferred;
  emit("state", text, line, time_ns);

  end.seen = true;
  end.state = state;
  end.since_ns = time_ns;
  if (end.path.size() < max_path) end.path.push_back({state, time_ns, inferred});
}

Endpoint Timeline::local_end_of(const Event& event) const {
  // connect(): the port is not chosen yet. The SYN that follows names it.
  if (event.src.port == 0) {
    for (const auto& later : queue_) {
      if (later.kind == EventKind::segment && later.flags == flag_syn && later.dst == event.dst &&
          later.time_ns >= event.time_ns)
        return later.src;
    }
  }
  return event.src;
}

void Timeline::emit_state_without_connection(const Event& event, Role role, const EndInfo& info,
                                             bool listener) {
  const std::string text = fmt::format("{}  {}  {} → {}", when(event.time_ns), who(role, info),
                                       state_label(event.old_state), state_label(event.new_state));
  lab::json::Value line = event_json("state", event.time_ns, start_ns_);
  line["conn"] = 0;
  line["end"] = listener ? "listener" : "client";
  line["address"] = info.endpoint.to_string();
  line["pid"] = lab::json::optional(info.pid);
  line["program"] = info.program;
  if (!listener) line["to_server"] = event.dst.to_string();
  line["from"] = state_label(event.old_state);
  line["to"] = state_label(event.new_state);
  line["inferred"] = false;
  emit("state", text, line, event.time_ns);
}

void Timeline::name_connecting_process(End& end, const Event& event) {
  end.info.pid = event.task_pid;
  const std::string full = lab::sockets::program_name_of(event.task_pid);
  // "<...>" is what the kernel's trace writes when it kept no name for the PID; the reader
  // asked /proc at once (kernel_events.cpp), so here the process has ended.
  end.info.program = !full.empty()                ? full
                     : event.task_name != "<...>" ? event.task_name
                                                  : lab::tr("(ended)", "(끝남)");
}

void Timeline::on_state(const Event& event) {
  const Endpoint local = local_end_of(event);
  // A listener opening or closing: no connection, one line.
  if ((event.new_state == TcpState::listen || event.old_state == TcpState::listen) &&
      event.new_state != TcpState::syn_recv) {
    emit_state_without_connection(event, Role::server, identity_of_listener(local, false), true);
    return;
  }
  if (local.port == 0) {
    // No SYN on the wire to name the port (another interface?): shown without it.
    emit_state_without_connection(event, Role::client,
                                  EndInfo{local, event.task_pid, event.task_name}, false);
    return;
  }
  std::optional<Role> role;
  if (event.old_state == TcpState::listen && event.new_state == TcpState::syn_recv)
    role = Role::server;
  if (event.old_state == TcpState::close && event.new_state == TcpState::syn_sent)
    role = Role::client;
  Connection* c = find_or_create(local, event.dst, false, role, role.has_value());
  if (c == nullptr) {
    skip_untracked("state");
    return;
  }
  const Role me = role_of(*c, local);
  End& end = c->end(me);
  // The process that called connect() is the client (the kernel ran in its context).
  if (me == Role::client && event.new_state == TcpState::syn_sent && event.task_pid > 0 &&
      !end.info.pid)
    name_connecting_process(end, event);
  if (!end.seen) {
    // Where this end started: CLOSED before connect(), LISTEN for an accepted socket.
    end.state = event.old_state;
    end.since_ns = event.time_ns;
    end.path.push_back({event.old_state, event.time_ns, false});
  }
  // close() after shutdown() sets FIN_WAIT1 again: the kernel reports it, nothing changes.
  if (end.seen && event.old_state == event.new_state) return;
  if (event.new_state == TcpState::close && closing_state(event.old_state) && !c->reset) {
    // Handed to the TIME_WAIT mini-socket, which the tracepoint does not report.
    if (c->fin_from[index_of(other(me))]) {
      enter(*c, me, TcpState::time_wait, event.time_ns, true, end.state);
    } else {
      end.waiting_for_peer_fin = true;  // holds its state (FIN_WAIT2) until the peer's FIN
      end.seen = true;
    }
    return;
  }
  enter(*c, me, event.new_state, event.time_ns, false, end.seen ? end.state : event.old_state);
}

void Timeline::on_segment(const Event& event) {
  if (!selected(event.src, event.dst)) return;
  const bool opening = (event.flags & (flag_syn | flag_ack)) == flag_syn;
  Connection* c =
      find_or_create(event.src, event.dst, false,
                     opening ? std::optional<Role>(Role::client) : std::nullopt, opening);
  if (c == nullptr) {
    skip_untracked("segment");
    return;
  }
  const Role from = role_of(*c, event.src);
  const int me = index_of(from);
  const int peer = index_of(other(from));
  if ((event.flags & flag_syn) != 0 || !c->isn[me]) c->isn[me] = event.seq;
  const std::uint32_t rel_seq = event.seq - *c->isn[me];
  const bool has_ack = (event.flags & flag_ack) != 0;
  const std::uint32_t rel_ack = has_ack && c->isn[peer] ? event.ack - *c->isn[peer] : 0;
  ++c->segments;
  c->bytes[me] += event.length;
  if (c->timeline.size() < max_timeline)
    c->timeline.push_back({event.time_ns, from, event.flags, rel_seq, rel_ack, event.length});
  else
    ++c->timeline_dropped;

  // Formatting is the costly part under a flood: only for the lines the budget lets through.
  if (take_budget("segment")) {
    const std::string flags = flag_names(event.flags);
    std::string text = fmt::format("{}  {}  ──▶ {:<8} seq={} ack={} len={} win={}",
                                   when(event.time_ns), who(from, c->end(from).info), flags,
                                   rel_seq, rel_ack, event.length, event.window);
    lab::json::Value line = event_json("segment", event.time_ns, start_ns_);
    line["conn"] = c->id;
    line["from"] = role_key(from);
    line["src"] = event.src.to_string();
    line["dst"] = event.dst.to_string();
    line["pid"] = lab::json::optional(c->end(from).info.pid);
    line["flags"] = flags;
    line["seq"] = rel_seq;
    line["ack"] = rel_ack;
    line["len"] = event.length;
    line["win"] = event.window;
    if (options_.json)
      lab::out::json(line);
    else
      lab::out::line(text);
  }

  if ((event.flags & flag_rst) != 0) c->reset = true;
  if ((event.flags & flag_fin) != 0) {
    c->fin_from[me] = true;
    End& receiver = c->end(other(from));
    if (receiver.waiting_for_peer_fin && !c->reset) {
      receiver.waiting_for_peer_fin = false;
      enter(*c, other(from), TcpState::time_wait, event.time_ns, true, receiver.state);
    }
  }
}

void Timeline::on_datagram(const Event& event) {
  if (!selected(event.src, event.dst)) return;
  const bool to_selected = port_set_.count(event.dst.port) != 0;
  Connection* c =
      find_or_create(event.src, event.dst, true, to_selected ? Role::client : Role::server, false);
  if (c == nullptr) {
    skip_untracked("datagram");
    return;
  }
  const Role from = role_of(*c, event.src);
  ++c->segments;
  c->bytes[index_of(from)] += event.length;
  if (c->timeline.size() < max_timeline)
    c->timeline.push_back({event.time_ns, from, 0, 0, 0, event.length});
  else
    ++c->timeline_dropped;
  const std::string text =
      fmt::format("{}  {}  ──▶ {}", when(event.time_ns), who(from, c->end(from).info),
                  lab::trf("UDP datagram, {} bytes, to {}", "UDP 데이터그램 {}바이트 → {}",
                           event.length, event.dst.to_string()));
  lab::json::Value line = event_json("datagram", event.time_ns, start_ns_);
  line["conn"] = c->id;
  line["from"] = role_key(from);
  line["src"] = event.src.to_string();
  line["dst"] = event.dst.to_string();
  line["len"] = event.length;
  emit("datagram", text, line, event.time_ns);
}

void Timeline::on_icmp(const Event& event) {
  // event.dst is the closed port, event.src the socket that sent the datagram.
  if (port_set_.count(event.dst.port) == 0 && port_set_.count(event.src.port) == 0) return;
  Connection* c = find_or_create(event.src, event.dst, true, Role::client, false);
  if (c == nullptr) {
    skip_untracked("icmp");
    return;
  }
  ++c->icmp_unreachable;
  if (c->timeline.size() < max_timeline)
    c->timeline.push_back({event.time_ns, Role::server, 0xFF, 0, 0, 0});
  const std::string text = fmt::format(
      "{}  {}  ◀── {}", when(event.time_ns), who(Role::client, c->client.info),
      lab::trf("ICMP port unreachable: nothing listens on {} (UDP)",
               "ICMP 포트 도달 불가: {}(UDP)에서 받는 프로그램이 없습니다", event.dst.to_string()));
  lab::json::Value line = event_json("icmp_unreachable", event.time_ns, start_ns_);
  line["conn"] = c->id;
  line["closed_port"] = event.dst.to_string();
  line["sender"] = event.src.to_string();
  emit("icmp", text, line, event.time_ns);
}

void Timeline::on_retransmit_or_reset(const Event& event) {
  if (!selected(event.src, event.dst)) return;
  const char* kind = event.kind == EventKind::retransmit ? "retransmit" : "reset";
  // These events belong to a connection already seen; they never start one. A reset sent for
  // a socket that is already gone may name only its own end: the latest connection of that end.
  Connection* c = nullptr;
  if (auto found = by_endpoints_.find(key_of(event.src, event.dst, false));
      found != by_endpoints_.end()) {
    c = &connections_[found->second];
  } else if (event.dst.port == 0 || event.dst.address.is_unspecified()) {
    for (auto it = connections_.rbegin(); it != connections_.rend() && c == nullptr; ++it)
      if (!it->udp &&
          (it->server.info.endpoint == event.src || it->client.info.endpoint == event.src))
        c = &*it;
  }
  if (c == nullptr) {
    skip_untracked(kind);
    return;
  }
  const Role me = role_of(*c, event.src);
  std::string what;
  std::string type;
  if (event.kind == EventKind::retransmit) {
    ++c->retransmits;
    if (!c->timeline.empty()) c->timeline.back().retransmit = true;
    what = lab::trf("retransmits a segment (in {})", "세그먼트를 재전송합니다 ({} 상태)",
                    state_label(event.old_state));
    type = "retransmit";
  } else if (event.kind == EventKind::reset_sent) {
    c->reset = true;
    // The tracepoint (tcp_send_reset) fires after the segment has gone out: on loopback the
    // peer has usually handled it already, so this line follows the peer's.
    what = lab::tr("the kernel reports the RST it sent (reported after the segment left)",
                   "커널이 보낸 RST를 알립니다(세그먼트가 나간 뒤에 알림)");
    type = "reset_sent";
  } else {
    c->reset = true;
    what = lab::tr("the kernel receives RST: the connection is gone",
                   "커널이 RST를 받았습니다: 연결이 사라집니다");
    type = "reset_received";
  }
  const std::string text =
      fmt::format("{}  {}  {}", when(event.time_ns), who(me, c->end(me).info), what);
  lab::json::Value line = event_json(type, event.time_ns, start_ns_);
  line["conn"] = c->id;
  line["end"] = role_key(me);
  line["address"] = event.src.to_string();
  emit(kind, text, line, event.time_ns);
}

void Timeline::check_socket_table() {
  if (connections_.empty()) return;
  std::map<std::pair<std::string, std::string>, TcpState> table;
  try {
    lab::sockets::TableQuery query;
    query.udp = false;
    for (const auto& row : lab::sockets::read_socket_table(query).rows)
      table[{row.local.to_string(), row.remote.to_string()}] = row.state;
  } catch (const std::exception&) {
    return;  // no table: the summary says what the segments said
  }
  for (auto& c : connections_) {
    if (c.udp) continue;
    for (const Role role : {Role::client, Role::server}) {
      End& end = c.end(role);
      const auto found =
          table.find({end.info.endpoint.to_string(), c.end(other(role)).info.endpoint.to_string()});
      if (found != table.end()) end.in_table = found->second;
    }
  }
}

void Timeline::summary(std::uint64_t trace_lost, std::uint64_t capture_lost, double seconds) const {
  const Counts totals = totals_of(counts_);
  if (options_.json) {
    for (const auto& c : connections_)
      lab::out::json(connection_json(c));
    lab::out::json(summary_json(totals, trace_lost, capture_lost, seconds));
    return;
  }
  lab::out::print("\n{}\n", lab::trf("Summary ({:.1f} s):", "요약 ({:.1f}초):", seconds));
  for (const auto& c : connections_)
    print_connection_summary(c);
  if (untracked_ != 0)
    lab::out::print("  {}\n",
                    lab::trf("{}{} more connections were not tracked (limit {}); their {} events "
                             "are counted, not shown",
                             "{}{}개 연결은 추적하지 않았습니다 (한도 {}). 그 이벤트 {}개는 세기만 "
                             "하고 보여 주지 않았습니다",
                             untracked_at_least_ ? lab::tr("at least ", "최소 ") : "", untracked_,
                             max_connections, totals.untracked));
  lab::out::print("  {}\n",
                  lab::trf("events: {} seen, {} printed, {} skipped over the budget ({} per "
                           "second); lost before lab-trace read them: {} (kernel trace buffer), "
                           "{} (capture)",
                           "이벤트: {0}개 관찰, {1}개 출력, 예산(초당 {3}개) 초과로 {2}개 생략; "
                           "읽기 전에 잃은 것: {4}개 (커널 추적 버퍼), {5}개 (캡처)",
                           totals.seen, totals.printed, totals.skipped, options_.budget_per_second,
                           trace_lost, capture_lost));
}

lab::json::Value Timeline::summary_json(const Counts& totals, std::uint64_t trace_lost,
                                        std::uint64_t capture_lost, double seconds) const {
  lab::json::Value events = lab::json::Value::object();
  for (const auto& [kind, counts] : counts_)
    events[kind] = {{"seen", counts.seen},
                    {"printed", counts.printed},
                    {"skipped", counts.skipped},
                    {"untracked", counts.untracked}};
  return {{"type", "summary"},
          {"seconds", seconds},
          {"connections", connections_.size()},
          {"untracked_connections", untracked_},
          {"untracked_connections_at_least", untracked_at_least_},
          {"untracked_events", totals.untracked},
          {"events", events},
          {"seen", totals.seen},
          {"printed", totals.printed},
          {"skipped", totals.skipped},
          {"budget_per_second", options_.budget_per_second},
          {"lost_in_trace_buffer", trace_lost},
          {"lost_in_capture", capture_lost}};
}

}  // namespace trace_lab
