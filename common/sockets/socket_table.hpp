#pragma once
// The socket table: every TCP and UDP socket of this machine (this network namespace), with
// the process that holds each one when asked. lab-netstat prints it; the other programs ask it
// small questions ("who holds TCP port 7000?").
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sockets/socket_row.hpp"

namespace lab::sockets {

// automatic: netlink (NETLINK_SOCK_DIAG, as ss) and /proc/net when netlink is refused on
// Linux; on Windows always iphlpapi (GetExtendedTcpTable / GetExtendedUdpTable).
enum class Source { automatic, netlink, proc, iphlpapi };

struct TableQuery {
  bool tcp = true;
  bool udp = true;
  bool ipv4 = true;
  bool ipv6 = true;
  bool with_processes = false;  // scan /proc/*/fd for PIDs and program names (costly)
  bool keep_raw = false;        // keep the /proc/net line of each row (forces Source::proc)
  Source source = Source::automatic;
  bool with_program_names = true;  // with_processes: also read each holder's name
};

struct SocketTable {
  std::vector<SocketRow> rows;
  Source source_used = Source::proc;
  // Some processes' sockets could not be matched (not root): their rows have no PID.
  std::size_t unreadable_processes = 0;
  // Why netlink was not used when it was asked for automatically ("" when it was used).
  std::string netlink_problem;
};

// Throws std::system_error when no backend can be read at all (or the one asked for fails).
// One backend per OS, chosen by CMake: socket_table_linux.cpp (Linux), socket_table_windows.cpp.
SocketTable read_socket_table(const TableQuery& query);

// "netlink", "proc", "iphlpapi", "auto".
std::string_view source_name(Source source);
std::optional<Source> parse_source_name(std::string_view text);

// Sockets bound to local `port` for `protocol` (any address unless `address` is given;
// 0.0.0.0 / :: rows count for every address). Connected TCP rows are left out: they share the
// port with their listener but do not hold it. Rows come with PID and program where visible.
std::vector<SocketRow> who_holds(Protocol protocol, std::uint16_t port,
                                 const std::optional<Address>& address = std::nullopt);

// Every socket held by one process.
std::vector<SocketRow> sockets_of_pid(int pid);

}  // namespace lab::sockets
