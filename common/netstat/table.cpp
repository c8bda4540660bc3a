#include "netstat/table.hpp"

#include <algorithm>
#include <charconv>
#include <unordered_map>

#include "cli/color.hpp"
#include "netstat/explain.hpp"
#include "render/text_width.hpp"

namespace lab::netstat {

using render::append_padded;
using render::display_width;
using render::trim_trailing_spaces;
using sockets::Family;
using sockets::Protocol;
using sockets::SocketRow;
using sockets::TcpState;

namespace {

constexpr std::string_view en_headers[] = {"Proto", "Local Address", "Foreign Address",
                                           "State", "PID",           "Program"};
constexpr std::string_view ko_headers[] = {"프로토콜", "로컬 주소", "외부 주소",
                                           "상태",     "PID",       "프로그램"};

void append_number(std::string& out, unsigned long long value) {
  char digits[24];
  auto [end, ec] = std::to_chars(digits, digits + sizeof digits, value);
  out.append(digits, end);
}

// Service name of a port for "-a" without "-n" (":http"), else the number.
std::string port_text(std::uint16_t port, Protocol protocol, bool numeric) {
  if (!numeric && port != 0) {
    const std::string_view name = netstat::etc_services_name(port, protocol);
    if (!name.empty()) return std::string(name);
  }
  return std::to_string(port);
}

std::string address_text(const sockets::Address& address) {
  return address.family == Family::ipv6 ? "[" + address.to_string() + "]" : address.to_string();
}

Color color_of(Change change) {
  switch (change) {
    case Change::added:
      return Color::green;
    case Change::changed:
      return Color::yellow;
    case Change::closed:
      return Color::red;
    case Change::none:
      break;
  }
  return Color::none;
}

char marker_of(Change change) {
  switch (change) {
    case Change::added:
      return '+';
    case Change::changed:
      return '~';
    case Change::closed:
      return '-';
    case Change::none:
      break;
  }
  return ' ';
}

// Appends one finished line: marker in the indent, colour around it, no trailing blanks.
void finish_line(std::string& out, std::string& line, Change change, bool color) {
  trim_trailing_spaces(line);
  if (change != Change::none) {
    line[0] = marker_of(change);
    if (color) line = paint(color_of(change), line, true);
  }
  out += line;
  out += '\n';
}

}  // namespace

WindowsColumns windows_columns(bool korean) {
  WindowsColumns columns{7, 23, 23, 16, 8};
  if (korean) {
    // Two spaces after each header, counted in display columns (Hangul is two wide).
    const auto fit = [](std::size_t width, std::string_view header) {
      return std::max(width, display_width(header) + 2);
    };
    columns.proto = fit(columns.proto, ko_headers[0]);
    columns.local = fit(columns.local, ko_headers[1]);
    columns.foreign = fit(columns.foreign, ko_headers[2]);
    columns.state = fit(columns.state, ko_headers[3]);
  }
  return columns;
}

std::string windows_local(const SocketRow& row, bool numeric) {
  return address_text(row.local.address) + ":" + port_text(row.local.port, row.protocol, numeric);
}

std::string windows_foreign(const SocketRow& row, bool numeric) {
  if (row.protocol == Protocol::udp && row.remote.port == 0) return "*:*";
  return address_text(row.remote.address) + ":" + port_text(row.remote.port, row.protocol, numeric);
}

std::string windows_table(const std::vector<SocketRow>& rows, const std::vector<Change>& changes,
                          const NetstatLayout& layout, const RowNotes& notes, const Sink& sink) {
  const auto& headers = layout.korean ? ko_headers : en_headers;
  const WindowsColumns columns = windows_columns(layout.korean);
  const bool pid_column = layout.pid_column || layout.program_column;

  std::string out;
  constexpr std::size_t chunk = 64 * 1024;
  out.reserve(sink ? chunk + 4096 : 96 * (rows.size() + 4));
  out += layout.korean ? "활성 연결" : "Active Connections";
  out += "\n\n";
  std::string line = "  ";
  append_padded(line, headers[0], columns.proto);
  append_padded(line, headers[1], columns.local);
  append_padded(line, headers[2], columns.foreign);
  append_padded(line, headers[3], columns.state);
  if (pid_column) append_padded(line, headers[4], columns.pid);
  if (layout.program_column) line += headers[5];
  finish_line(out, line, Change::none, false);

  for (std::size_t i = 0; i < rows.size(); ++i) {
    const SocketRow& row = rows[i];
    line.assign("  ");
    append_padded(line, sockets::protocol_name(row.protocol), columns.proto);
    append_padded(line, windows_local(row, layout.numeric), columns.local);
    append_padded(line, windows_foreign(row, layout.numeric), columns.foreign);
    // Windows prints no state for UDP.
    append_padded(line, row.protocol == Protocol::udp ? "" : sockets::windows_state_name(row.state),
                  columns.state);
    if (pid_column) {
      const auto pid = netstat::shown_pid(row);
      std::string pid_text;
      if (pid)
        append_number(pid_text, static_cast<unsigned long long>(*pid));
      else
        pid_text = "-";
      append_padded(line, pid_text, columns.pid);
    }
    if (layout.program_column) line += row.program.empty() ? "-" : row.program;
    finish_line(out, line, changes.empty() ? Change::none : changes[i], layout.color);
    if (notes) notes(out, row);
    if (sink && out.size() >= chunk) {
      sink(out);
      out.clear();
    }
  }
  return out;
}

std::string_view ss_state_name(const SocketRow& row) {
  switch (row.state) {
    case TcpState::established:
      return "ESTAB";
    case TcpState::syn_sent:
      return "SYN-SENT";
    case TcpState::syn_recv:
    case TcpState::new_syn_recv:
      return "SYN-RECV";
    case TcpState::fin_wait1:
      return "FIN-WAIT-1";
    case TcpState::fin_wait2:
      return "FIN-WAIT-2";
    case TcpState::time_wait:
      return "TIME-WAIT";
    case TcpState::close:
      return "UNCONN";
    case TcpState::close_wait:
      return "CLOSE-WAIT";
    case TcpState::last_ack:
      return "LAST-ACK";
    case TcpState::listen:
      return "LISTEN";
    case TcpState::closing:
      return "CLOSING";
    case TcpState::unknown:
      break;
  }
  return "UNKNOWN";
}

std::string ss_endpoint(const sockets::Endpoint& endpoint) {
  return address_text(endpoint.address) + ":" +
         (endpoint.port == 0 ? std::string("*") : std::to_string(endpoint.port));
}

std::string ss_table(const std::vector<SocketRow>& rows, const std::vector<Change>& changes,
                     const NetstatLayout& layout, const RowNotes& notes, const Sink& sink) {
  const bool process_column = layout.pid_column || layout.program_column;
  struct Cells {
    std::string cell[7];
  };
  std::vector<Cells> table;
  table.reserve(rows.size() + 1);
  table.push_back({{"Netid", "State", "Recv-Q", "Send-Q", "Local Address:Port", "Peer Address:Port",
                    process_column ? "Process" : ""}});
  for (const SocketRow& row : rows) {
    Cells cells;
    cells.cell[0] = row.protocol == Protocol::tcp ? "tcp" : "udp";
    cells.cell[1] = ss_state_name(row);
    cells.cell[2] = std::to_string(row.rx_queue);
    cells.cell[3] = std::to_string(row.tx_queue);
    cells.cell[4] = ss_endpoint(row.local);
    cells.cell[5] = ss_endpoint(row.remote);
    if (process_column && row.pid)
      cells.cell[6] = "users:((\"" + row.program + "\",pid=" + std::to_string(*row.pid) + "))";
    table.push_back(std::move(cells));
  }
  std::size_t widths[7] = {};
  for (const Cells& cells : table)
    for (std::size_t c = 0; c < 7; ++c)
      widths[c] = std::max(widths[c], cells.cell[c].size() + 1);

  std::string out;
  std::string line;
  for (std::size_t r = 0; r < table.size(); ++r) {
    line.assign("  ");
    for (std::size_t c = 0; c < 7; ++c)
      append_padded(line, table[r].cell[c], widths[c]);
    const Change change = r == 0 || changes.empty() ? Change::none : changes[r - 1];
    finish_line(out, line, change, layout.color);
    if (r > 0 && notes) notes(out, rows[r - 1]);
    if (sink && out.size() >= 64 * 1024) {
      sink(out);
      out.clear();
    }
  }
  return out;
}

json::Value socket_json(const SocketRow& row, std::string_view change) {
  json::Value object = {
      {"protocol", sockets::protocol_name(row.protocol)},
      {"family", row.family == Family::ipv4 ? "IPv4" : "IPv6"},
      {"local_address", row.local.address.to_string()},
      {"local_port", row.local.port},
      {"remote_address", row.remote.address.to_string()},
      {"remote_port", row.remote.port},
      {"state", sockets::linux_state_name(row.state)},
      // UDP has no state: Windows netstat leaves the column empty, so null here.
      {"state_windows", row.protocol == Protocol::udp
                            ? json::Value(nullptr)
                            : json::Value(sockets::windows_state_name(row.state))},
      {"pid", json::optional(shown_pid(row))},
      {"program", row.program.empty() ? json::Value(nullptr) : json::Value(row.program)},
      {"uid", row.uid},
      {"inode", row.inode},
      {"rx_queue", row.rx_queue},
      {"tx_queue", row.tx_queue},
  };
  if (!row.raw.empty()) object["raw"] = row.raw;
  if (!change.empty()) object["change"] = change;
  return object;
}

}  // namespace lab::netstat
