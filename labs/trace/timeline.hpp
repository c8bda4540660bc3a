#pragma once
// The timeline: events from the kernel and from the wire, put in time order, matched to their
// connection and to the end (client or server) they belong to, printed one line each (or JSON
// Lines), and remembered, within bounds, for the summary and the pictures.
//
// Two facts shape it. The two sources deliver late and out of step, so events wait a short
// while (the reorder window) and leave sorted. And the tracepoint never shows TIME_WAIT: the
// kernel moves a closing connection to a separate mini-socket and reports the full socket as
// CLOSE. The student must see TIME_WAIT, so it is inferred here: an end whose socket goes from
// FIN_WAIT1/FIN_WAIT2/CLOSING to CLOSE without a reset is in TIME_WAIT once the peer's FIN has
// been seen, and holds FIN_WAIT2 until then.
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "events.hpp"
#include "render/json.hpp"

namespace trace_lab {

enum class Role : std::uint8_t { client, server };

struct EndInfo {
  Endpoint endpoint;
  std::optional<int> pid;
  std::string program;
};

struct StateStep {
  TcpState state = TcpState::unknown;
  std::int64_t time_ns = 0;
  bool inferred = false;
};

struct End {
  EndInfo info;
  TcpState state = TcpState::unknown;
  std::int64_t since_ns = 0;
  std::vector<StateStep> path;        // every state it entered, in order (bounded)
  bool waiting_for_peer_fin = false;  // the kernel handed it to a mini-socket (see above)
  bool seen = false;
  std::optional<TcpState> in_table;  // its row in the socket table when the trace ended
};

struct SegmentRecord {
  std::int64_t time_ns = 0;
  Role from = Role::client;
  std::uint8_t flags = 0;
  std::uint32_t rel_seq = 0;
  std::uint32_t rel_ack = 0;
  std::uint32_t length = 0;
  bool retransmit = false;
};

struct Connection {
  int id = 0;
  bool udp = false;
  End client;
  End server;
  std::optional<std::uint32_t> isn[2];  // [client], [server]: the first sequence number
  bool fin_from[2] = {false, false};
  bool reset = false;
  std::uint64_t segments = 0;
  std::uint64_t bytes[2] = {0, 0};
  std::uint64_t retransmits = 0;
  std::uint64_t icmp_unreachable = 0;
  std::vector<SegmentRecord> timeline;  // for the SVG (bounded)
  std::uint64_t timeline_dropped = 0;
  End& end(Role role) { return role == Role::client ? client : server; }
  const End& end(Role role) const { return role == Role::client ? client : server; }
};

struct TimelineOptions {
  std::vector<std::uint16_t> ports;  // the selected ports: a socket on one of them is a server
  bool json = false;
  std::uint64_t budget_per_second = 2000;  // lines per second; more are counted, not printed
  bool show_task_pid = true;  // the tracepoints know the calling process for connect/close
};

struct Counts {
  std::uint64_t seen = 0;
  std::uint64_t printed = 0;
  std::uint64_t skipped = 0;    // over the budget (or lab-trace's queue was full)
  std::uint64_t untracked = 0;  // of a connection over the limit: counted, not shown
};

class Timeline {
 public:
  explicit Timeline(TimelineOptions options, std::int64_t start_ns);

  void add(Event event);
  // Processes, in time order, every event older than `now_ns` minus the reorder window
  // (everything when `all`). `now_ns` is also the output clock: the print budget counts lines
  // per second of output, whatever the events' own times say.
  void flush(std::int64_t now_ns, bool all = false);

  // Counts per kind of line: "state", "segment", "datagram", "icmp", "retransmit", "reset".
  const std::map<std::string, Counts>& counts() const { return counts_; }
  std::uint64_t skipped_total() const;
  const std::vector<Connection>& connections() const { return connections_; }
  // Connections over max_connections: each counted once (a reused 4-tuple counts again).
  std::uint64_t untracked_connections() const { return untracked_; }
  std::uint64_t queue_overflow() const { return queue_overflow_; }

  // Prints a line (or a JSON note) outside the budget: start-up, notes, the summary.
  void note(const std::string& text) const;
  // The summary per connection and the counts; `trace_lost` and `capture_lost` are the events
  // the kernel dropped before lab-trace could read them.
  void summary(std::uint64_t trace_lost, std::uint64_t capture_lost, double seconds) const;
  // Looks up each TCP end in the socket table: the TIME_WAIT (or FIN_WAIT2) mini-socket that the
  // tracepoint cannot report is a row there. One read of the table.
  void check_socket_table();

  static constexpr std::int64_t reorder_window_ns = 60'000'000;
  static constexpr std::size_t max_connections = 4096;
  static constexpr std::size_t max_path = 32;
  static constexpr std::size_t max_timeline = 400;
  static constexpr std::size_t max_queue = 200'000;

 private:
  void process(Event& event);
  void on_state(const Event& event);
  // A state event's own end: its source, or for connect() (port 0 yet) the SYN that follows.
  Endpoint local_end_of(const Event& event) const;
  // A state line of no connection: a listener opening or closing, or a connect() whose port
  // no SYN on the wire names.
  void emit_state_without_connection(const Event& event, Role role, const EndInfo& info,
                                     bool listener);
  // The client's PID and program, from the connect() the kernel ran in its context.
  void name_connecting_process(End& end, const Event& event);
  void on_segment(const Event& event);
  void on_datagram(const Event& event);
  void on_icmp(const Event& event);
  void on_retransmit_or_reset(const Event& event);

  // The connection of the pair a-b. `opening` (a SYN, SYN_SENT, SYN_RECV) on a pair whose
  // connection has ended (TIME_WAIT, CLOSED, reset) starts a new one: the 4-tuple was reused.
  Connection* find_or_create(const Endpoint& a, const Endpoint& b, bool udp,
                             std::optional<Role> role_of_a, bool opening);
  void count_untracked(const std::pair<std::string, std::string>& key, bool udp, bool opening);
  void skip_untracked(const std::string& kind);
  Role role_of(const Connection& c, const Endpoint& e) const;
  void enter(Connection& c, Role role, TcpState state, std::int64_t time_ns, bool inferred,
             TcpState shown_old);
  void fill_identity(Connection& c, Role role);
  bool selected(const Endpoint& a, const Endpoint& b) const;

  bool take_budget(const std::string& kind);
  // At a new second of output: the previous second's "... N not shown" note, then a fresh budget.
  void roll_budget_second();
  void print_skipped_note();
  void emit(const std::string& kind, const std::string& text_line,
            const lab::json::Value& json_line, std::int64_t time_ns);
  std::string when(std::int64_t time_ns) const;
  std::string who(Role role, const EndInfo& info) const;
  // The --json summary's last line: the counts of every kind of line, and what was lost.
  lab::json::Value summary_json(const Counts& totals, std::uint64_t trace_lost,
                                std::uint64_t capture_lost, double seconds) const;
  EndInfo identity_of_listener(const Endpoint& endpoint, bool udp);

  TimelineOptions options_;
  std::int64_t start_ns_;
  std::vector<Event> queue_;
  std::int64_t last_processed_ns_ = 0;
  std::vector<Connection> connections_;
  std::map<std::pair<std::string, std::string>, std::size_t> by_endpoints_;
  std::unordered_map<std::uint64_t, std::size_t> by_socket_;  // kernel socket -> connection
  std::unordered_map<std::uint64_t, EndInfo> connecting_;     // SYN_SENT before its port is known
  std::map<std::string, Counts> counts_;
  std::uint64_t untracked_ = 0;
  // Untracked pairs seen (by a hash of the key, bounded): was their last event an opening?
  std::unordered_map<std::size_t, bool> untracked_pairs_;
  bool untracked_at_least_ = false;  // the bound was reached: the count is a lower bound
  static constexpr std::size_t max_untracked_pairs = 1 << 18;
  std::uint64_t queue_overflow_ = 0;
  std::int64_t output_ns_ = 0;
  std::int64_t budget_second_ = 0;
  std::uint64_t budget_used_ = 0;
  std::uint64_t skipped_this_second_ = 0;
  std::set<std::uint16_t> port_set_;
  std::unordered_map<std::uint16_t, EndInfo> listener_cache_;
};

std::string_view state_label(TcpState state);  // "SYN_SENT", "CLOSED" for close ...

}  // namespace trace_lab
