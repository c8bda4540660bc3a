#pragma once
// The pictures: the TCP state diagram (after RFC 9293, figure 5) with the states each end went
// through marked, in the terminal and as SVG; and, in the SVG, the time-sequence diagram of one
// connection (client and server columns, one arrow per segment, states beside the columns).
#include <set>
#include <string>
#include <vector>

#include "timeline.hpp"

namespace trace_lab {

// The colours of the two ends, in the terminal and in the SVG.
inline constexpr const char* client_color_svg = "#1f77b4";  // blue
inline constexpr const char* server_color_svg = "#e8590c";  // orange

struct Visited {
  std::set<TcpState> client;  // CLOSED here is the start (the top box): before connect()
  std::set<TcpState> server;
  // Reached CLOSED at the end (the bottom box): a client that is still in TIME_WAIT when the
  // trace ends is not there, nor is a server whose listening socket never left LISTEN.
  bool client_closed_at_end = false;
  bool server_closed_at_end = false;
};
// Every state the TCP connections' ends entered, with the state each started from.
Visited visited_states(const std::vector<Connection>& connections);

// The diagram as text. Marked boxes: [*NAME*] client, [#NAME#] server, [*NAME#] both; with
// `color`, the client's marks are also blue and the server's orange.
std::string terminal_diagram(const Visited& visited, bool color);

// A whole SVG document: the state diagram with each end's path, then the time-sequence diagram
// of the first connection (`start_ns` is the zero of the times written). In the time-sequence
// diagram the server's LISTEN stands at the top (it listened before the client came) and its
// SYN_RECV at the SYN (Linux keeps a request socket from the SYN on; the tracepoint reports it
// only when the third segment arrives, which a footnote says).
// Labels follow the language (lab::tr); the font list names Korean fonts before the generic one.
std::string svg_document(const std::vector<Connection>& connections, std::int64_t start_ns);

}  // namespace trace_lab
