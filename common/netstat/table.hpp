#pragma once
// The socket table as text: the Windows `netstat -ano` layout (lab-netstat's default, English or
// Korean headers aligned by display width), an `ss`-like layout, and JSON.
//
//   Active Connections
//
//     Proto  Local Address          Foreign Address        State           PID
//     TCP    0.0.0.0:135            0.0.0.0:0              LISTENING       1044
//     UDP    0.0.0.0:123            *:*                                    888
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "netstat/selection.hpp"
#include "render/json.hpp"
#include "sockets/socket_row.hpp"

namespace lab::netstat {

struct NetstatLayout {
  bool pid_column = false;      // -o
  bool program_column = false;  // -p (Linux sense): PID and program
  bool numeric = true;          // false: well-known ports by service name (":http")
  bool korean = false;          // Korean title and headers
  bool color = false;           // watch-mode highlights in colour (a terminal only)
};

// Extra lines under a row (--explain, --raw); each line should start with spaces.
using RowNotes = std::function<void(std::string& out, const sockets::SocketRow& row)>;

// Column widths of the Windows layout: 7, 23, 23, 16 (wider where a Korean header needs it).
struct WindowsColumns {
  std::size_t proto, local, foreign, state, pid;
};
WindowsColumns windows_columns(bool korean);

// "127.0.0.1:7000", "[::1]:7000"; UDP's foreign end is "*:*" unless the socket is connected.
std::string windows_local(const sockets::SocketRow& row, bool numeric);
std::string windows_foreign(const sockets::SocketRow& row, bool numeric);

// Where a large table goes while it is built (stdout), so it never sits in memory whole.
using Sink = std::function<void(std::string_view)>;

// Title, header and rows, returned whole; or with a `sink`, given to it in pieces as they are
// built and the last piece returned. `changes` is empty or parallel to `rows` (watch mode markers:
// the first column of the indent becomes '+' new, '~' changed, '-' closed).
std::string windows_table(const std::vector<sockets::SocketRow>& rows,
                          const std::vector<Change>& changes, const NetstatLayout& layout,
                          const RowNotes& notes = {}, const Sink& sink = {});

// ss's state names: ESTAB, TIME-WAIT, UNCONN (UDP without a peer) ...
std::string_view ss_state_name(const sockets::SocketRow& row);
// ss's address form: "127.0.0.1:7000", "0.0.0.0:*", "[::]:*".
std::string ss_endpoint(const sockets::Endpoint& endpoint);
std::string ss_table(const std::vector<sockets::SocketRow>& rows,
                     const std::vector<Change>& changes, const NetstatLayout& layout,
                     const RowNotes& notes = {}, const Sink& sink = {});

// Every field of the model as one JSON object; `change` is added when not empty.
json::Value socket_json(const sockets::SocketRow& row, std::string_view change = {});

}  // namespace lab::netstat
