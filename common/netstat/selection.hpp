#pragma once
// What lab-netstat shows: the options after parsing, which rows they select, in what order,
// and what changed between two snapshots of watch mode. Pure functions over SocketRow.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sockets/socket_table.hpp"

namespace lab::netstat {

enum class Style { windows, ss };

struct Options {
  bool all = false;          // -a: listening sockets too (hidden otherwise, as on Windows)
  bool listening = false;    // -l: only listening sockets (Linux)
  bool numeric = false;      // -n: numbers, not service names
  bool pids = false;         // -o: PID column
  bool programs = false;     // -p (Linux sense): PID and program name
  bool executables = false;  // -b: the executable on a line under each row (Windows -b)
  bool tcp = false;          // -t
  bool udp = false;          // -u
  std::string protocol;      // -p TCP|UDP|TCPv6|UDPv6 (Windows sense), canonical spelling
  std::optional<unsigned> watch_seconds;
  std::optional<unsigned> count;  // watch mode: stop after this many snapshots
  std::optional<std::uint16_t> port;
  std::optional<int> pid;
  std::optional<sockets::TcpState> state;
  std::string program;
  Style style = Style::windows;
  bool json = false;
  bool explain = false;
  bool raw = false;
  bool details = false;  // --details: rtt, rto, retransmits, cwnd under each TCP row (ss -ti)
  sockets::Source source = sockets::Source::automatic;
};

// The table query these options need: protocols, families, and whether to scan for PIDs.
sockets::TableQuery query_for(const Options& options);
// Does `row` pass the listening rule (-a / -l) and every filter?
bool row_visible(const sockets::SocketRow& row, const Options& options);
// TCP before UDP, IPv4 before IPv6, then by local address and port, as Windows sorts.
void sort_windows_order(std::vector<sockets::SocketRow>& rows);
// "Listening" in the netstat sense: a TCP listener or an unconnected UDP socket.
bool is_listening_row(const sockets::SocketRow& row);
// The PID a row shows: 0 when no process holds the socket any more (TIME_WAIT ...), as
// Windows prints it; empty when unknown (not asked for, or hidden from us).
std::optional<int> shown_pid(const sockets::SocketRow& row);

// Watch mode: rows of the new snapshot marked against the previous one, plus the rows that
// closed since (marked `closed`, shown once).
enum class Change : std::uint8_t { none, added, changed, closed };
struct MarkedRows {
  std::vector<sockets::SocketRow> rows;
  std::vector<Change> changes;  // parallel to rows
};
MarkedRows mark_changes(const std::vector<sockets::SocketRow>& previous,
                        std::vector<sockets::SocketRow> current);
std::string_view change_name(Change change);  // "new", "changed", "closed", ""

}  // namespace lab::netstat
