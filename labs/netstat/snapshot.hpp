#pragma once
// lab-netstat's plumbing: one snapshot of the table, and printing it in the chosen layout.
// main.cpp reads as the story; the details live here, the command line in options.cpp.
#include <string>
#include <vector>

#include "netstat/selection.hpp"
#include "netstat/table.hpp"
#include "sockets/socket_table.hpp"
#include "sockets/tcp_details.hpp"

namespace netstat_lab {

// The kernel's table, reduced to the rows the options select, in display order.
struct Snapshot {
  std::vector<lab::sockets::SocketRow> rows;
  lab::sockets::Source source = lab::sockets::Source::proc;
  std::size_t unreadable_processes = 0;
  std::vector<lab::sockets::SocketRow> listeners;  // for --explain ("is this a client end?")
  lab::sockets::TcpDetailsByEnds tcp_details;      // for --details (INET_DIAG_INFO)
};
Snapshot take_snapshot(const lab::netstat::Options& options);

// The whole output for one snapshot: a table (with notes) or one JSON document.
// `changes` is empty or parallel to `rows`; `number` counts snapshots in watch mode (0: none).
// With a `sink`, a long table goes to it in pieces and only the last piece is returned.
std::string render(const Snapshot& snapshot, const std::vector<lab::netstat::Change>& changes,
                   const lab::netstat::Options& options, bool color, unsigned number,
                   const lab::netstat::Sink& sink = {});

}  // namespace netstat_lab
