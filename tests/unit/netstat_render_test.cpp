// lab-netstat's layouts: Windows widths (English, and Korean by display width), ss, JSON,
// the listening rule, filters, watch-mode marks and the teaching notes.
#include <catch2/catch.hpp>
#include <string>

#include "cli/lang.hpp"
#include "netstat/explain.hpp"
#include "netstat/selection.hpp"
#include "netstat/table.hpp"
#include "render/text_width.hpp"

using namespace lab::sockets;
using namespace lab::netstat;
using lab::render::display_width;

namespace {

SocketRow make_row(Protocol protocol, const char* local, std::uint16_t lport, const char* remote,
                   std::uint16_t rport, TcpState state, std::uint64_t inode,
                   std::optional<int> pid) {
  SocketRow row;
  row.protocol = protocol;
  row.local = {*Address::parse(local), lport};
  row.remote = {*Address::parse(remote), rport};
  row.family = row.local.address.family;
  row.state = state;
  row.inode = inode;
  row.pid = pid;
  return row;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

}  // namespace

TEST_CASE("lab-netstat layout: Windows rows exactly as netstat -ano prints them") {
  lab::netstat::NetstatLayout layout;
  layout.pid_column = true;
  std::vector<SocketRow> rows = {
      make_row(Protocol::tcp, "0.0.0.0", 135, "0.0.0.0", 0, TcpState::listen, 1, 1044),
      make_row(Protocol::tcp, "::", 135, "::", 0, TcpState::listen, 2, 1044),
      make_row(Protocol::udp, "0.0.0.0", 123, "0.0.0.0", 0, TcpState::close, 3, 888),
      make_row(Protocol::tcp, "127.0.0.1", 50000, "127.0.0.1", 7000, TcpState::time_wait, 0,
               std::nullopt),
  };
  auto lines = lines_of(lab::netstat::windows_table(rows, {}, layout));
  REQUIRE(lines.size() == 7);
  CHECK(lines[0] == "Active Connections");
  CHECK(lines[1] == "");
  CHECK(lines[2] == "  Proto  Local Address          Foreign Address        State           PID");
  CHECK(lines[3] == "  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING       1044");
  CHECK(lines[4] == "  TCP    [::]:135               [::]:0                 LISTENING       1044");
  CHECK(lines[5] == "  UDP    0.0.0.0:123            *:*                                    888");
  CHECK(lines[6] == "  TCP    127.0.0.1:50000        127.0.0.1:7000         TIME_WAIT       0");
}

TEST_CASE("lab-netstat layout: a long IPv6 address pushes the rest along by one space") {
  lab::netstat::NetstatLayout layout;
  layout.pid_column = true;
  auto row = make_row(Protocol::tcp, "fd00:1234:5678:9abc:def0:1234:5678:9abc", 50000, "::1", 7000,
                      TcpState::established, 9, 42);
  auto lines = lines_of(lab::netstat::windows_table({row}, {}, layout));
  CHECK(lines[3] ==
        "  TCP    [fd00:1234:5678:9abc:def0:1234:5678:9abc]:50000 [::1]:7000             "
        "ESTABLISHED     42");
}

TEST_CASE("lab-netstat layout: Korean headers line up with the rows by display width") {
  CHECK(display_width("프로토콜") == 8);
  CHECK(display_width("로컬 주소") == 9);
  CHECK(display_width("TCP") == 3);
  lab::netstat::NetstatLayout layout;
  layout.pid_column = true;
  layout.korean = true;
  auto row = make_row(Protocol::tcp, "127.0.0.1", 7000, "0.0.0.0", 0, TcpState::listen, 1, 77);
  auto lines = lines_of(lab::netstat::windows_table({row}, {}, layout));
  CHECK(lines[0] == "활성 연결");
  const std::string& header = lines[2];
  const std::string& data = lines[3];
  // The display column where each header starts is where the row's field starts.
  auto column_of = [](const std::string& line, const std::string& part) {
    return display_width(line.substr(0, line.find(part)));
  };
  CHECK(column_of(header, "프로토콜") == column_of(data, "TCP"));
  CHECK(column_of(header, "로컬 주소") == column_of(data, "127.0.0.1:7000"));
  CHECK(column_of(header, "외부 주소") == column_of(data, "0.0.0.0:0"));
  CHECK(column_of(header, "상태") == column_of(data, "LISTENING"));
  CHECK(column_of(header, "PID") == column_of(data, "77"));
}

TEST_CASE("lab-netstat layout: ss form with queues and users") {
  lab::netstat::NetstatLayout layout;
  layout.program_column = true;
  auto row = make_row(Protocol::udp, "127.0.0.1", 9000, "0.0.0.0", 0, TcpState::close, 5, 321);
  row.program = "lab-udp-receiver";
  row.rx_queue = 768;
  auto text = lab::netstat::ss_table({row}, {}, layout);
  CHECK(text.find("Netid") != std::string::npos);
  CHECK(text.find("UNCONN") != std::string::npos);
  CHECK(text.find("768") != std::string::npos);
  CHECK(text.find("127.0.0.1:9000") != std::string::npos);
  CHECK(text.find("0.0.0.0:*") != std::string::npos);
  CHECK(text.find("users:((\"lab-udp-receiver\",pid=321))") != std::string::npos);
}

TEST_CASE("lab-netstat json: every field of a row") {
  auto row = make_row(Protocol::tcp, "::1", 7000, "::1", 50000, TcpState::close_wait, 11, 99);
  row.program = "lab-tcp-server";
  row.uid = 1000;
  // Compared as the text a script reads (field order included), and then field by field.
  const auto object = lab::netstat::socket_json(row, "changed");
  CHECK(lab::json::to_line(object) ==
        "{\"protocol\":\"TCP\",\"family\":\"IPv6\",\"local_address\":\"::1\",\"local_port\":7000,"
        "\"remote_address\":\"::1\",\"remote_port\":50000,\"state\":\"CLOSE_WAIT\","
        "\"state_windows\":\"CLOSE_WAIT\",\"pid\":99,\"program\":\"lab-tcp-server\",\"uid\":1000,"
        "\"inode\":11,\"rx_queue\":0,\"tx_queue\":0,\"change\":\"changed\"}");
  CHECK(object["pid"] == 99);
  CHECK(object["local_port"] == 7000);
  row.program.clear();
  row.pid.reset();
  CHECK(lab::netstat::socket_json(row)["program"].is_null());
  // A UDP row has no state: Windows netstat prints nothing there, and the JSON says null.
  auto udp = make_row(Protocol::udp, "127.0.0.1", 9000, "0.0.0.0", 0, TcpState::close, 5, 321);
  CHECK(lab::netstat::socket_json(udp)["state_windows"].is_null());
  CHECK(lab::netstat::socket_json(row)["pid"].is_null());
  CHECK_FALSE(lab::netstat::socket_json(row).contains("change"));
}

TEST_CASE("lab-netstat selection: listening rows need -a, -l shows only them") {
  auto listener = make_row(Protocol::tcp, "127.0.0.1", 7000, "0.0.0.0", 0, TcpState::listen, 1, 5);
  auto udp = make_row(Protocol::udp, "127.0.0.1", 9000, "0.0.0.0", 0, TcpState::close, 2, 5);
  auto connected =
      make_row(Protocol::tcp, "127.0.0.1", 7000, "127.0.0.1", 50000, TcpState::established, 3, 6);
  Options plain;
  CHECK_FALSE(row_visible(listener, plain));
  CHECK_FALSE(row_visible(udp, plain));
  CHECK(row_visible(connected, plain));
  Options all;
  all.all = true;
  CHECK(row_visible(listener, all));
  CHECK(row_visible(udp, all));
  Options listening;
  listening.listening = true;
  CHECK(row_visible(listener, listening));
  CHECK(row_visible(udp, listening));
  CHECK_FALSE(row_visible(connected, listening));
  Options state;
  state.state = TcpState::listen;  // no -a needed
  CHECK(row_visible(listener, state));
  CHECK_FALSE(row_visible(connected, state));
  Options port;
  port.port = 50000;  // remote end counts too
  CHECK(row_visible(connected, port));
  Options pid;
  pid.all = true;
  pid.pid = 6;
  CHECK(row_visible(connected, pid));
  CHECK_FALSE(row_visible(listener, pid));
  Options program;
  program.all = true;
  program.program = "TCP-SERV";
  listener.program = "lab-tcp-server";
  CHECK(row_visible(listener, program));
  CHECK_FALSE(row_visible(connected, program));
}

TEST_CASE("lab-netstat selection: Windows -p TCP is IPv4 only; PIDs only when asked") {
  Options options;
  options.protocol = "TCP";
  auto query = query_for(options);
  CHECK(query.tcp);
  CHECK_FALSE(query.udp);
  CHECK(query.ipv4);
  CHECK_FALSE(query.ipv6);
  CHECK_FALSE(query.with_processes);
  options.protocol = "UDPv6";
  options.pids = true;
  query = query_for(options);
  CHECK(query.udp);
  CHECK(query.ipv6);
  CHECK_FALSE(query.ipv4);
  CHECK(query.with_processes);
  CHECK_FALSE(query.with_program_names);
}

TEST_CASE("lab-netstat watch: new, changed and closed rows are marked, closed ones in place") {
  auto a =
      make_row(Protocol::tcp, "127.0.0.1", 7000, "127.0.0.1", 50000, TcpState::established, 1, 5);
  auto b =
      make_row(Protocol::tcp, "127.0.0.1", 7001, "127.0.0.1", 50001, TcpState::established, 2, 5);
  auto c =
      make_row(Protocol::tcp, "127.0.0.1", 7002, "127.0.0.1", 50002, TcpState::established, 3, 5);
  auto b_closing = b;
  b_closing.state = TcpState::close_wait;
  auto d =
      make_row(Protocol::tcp, "127.0.0.1", 7003, "127.0.0.1", 50003, TcpState::established, 4, 5);
  auto marked = mark_changes({a, b, c}, {b_closing, d});
  REQUIRE(marked.rows.size() == 4);
  CHECK(marked.rows[0].local.port == 7000);
  CHECK(marked.changes[0] == Change::closed);
  CHECK(marked.changes[1] == Change::changed);
  CHECK(marked.changes[2] == Change::closed);
  CHECK(marked.changes[3] == Change::added);
  lab::netstat::NetstatLayout layout;
  auto lines = lines_of(lab::netstat::windows_table(marked.rows, marked.changes, layout));
  CHECK(lines[3].rfind("- TCP", 0) == 0);
  CHECK(lines[4].rfind("~ TCP", 0) == 0);
  CHECK(lines[6].rfind("+ TCP", 0) == 0);
}

TEST_CASE("lab-netstat explain: ranges, services, the ephemeral client end") {
  lab::set_lang(lab::Lang::en);
  CHECK(port_range_name(80).find("well-known") != std::string::npos);
  CHECK(port_range_name(3306).find("registered") != std::string::npos);
  CHECK(port_range_name(50000).find("dynamic") != std::string::npos);
  CHECK(service_name(3306, Protocol::tcp) == "MySQL");
  CHECK(service_name(443, Protocol::tcp) == "HTTPS");
  ExplainContext context;
  context.listening_ports.insert({Protocol::tcp, 7000});
  // 50000: in Linux's ephemeral range (32768-60999) and in Windows' (49152-65535).
  auto client =
      make_row(Protocol::tcp, "127.0.0.1", 50000, "127.0.0.1", 7000, TcpState::established, 1, 5);
  auto server =
      make_row(Protocol::tcp, "127.0.0.1", 7000, "127.0.0.1", 50000, TcpState::established, 2, 6);
  CHECK(explain_notes(client, context).find("ephemeral") != std::string::npos);
  CHECK(explain_notes(server, context).find("ephemeral") == std::string::npos);
  CHECK(explain_notes(server, context).find("ESTABLISHED") != std::string::npos);
}

TEST_CASE("lab-netstat raw: the /proc/net line and its decoded fields") {
  SocketRow row =
      make_row(Protocol::tcp, "127.0.0.1", 7000, "0.0.0.0", 0, TcpState::listen, 123, 1);
  row.raw =
      "   0: 0100007F:1B58 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000 0 123 1";
  lab::set_lang(lab::Lang::en);
  auto notes = raw_notes(row);
  CHECK(notes.find("0100007F:1B58 = 127.0.0.1:7000") != std::string::npos);
  CHECK(notes.find("st 0A = LISTEN") != std::string::npos);
  CHECK(notes.find("inode 123") != std::string::npos);
}

TEST_CASE("lab-netstat layout: without -n, well-known ports show their service name") {
  auto row =
      make_row(Protocol::tcp, "127.0.0.1", 80, "127.0.0.1", 50000, TcpState::established, 1, 5);
  CHECK(lab::netstat::windows_local(row, true) == "127.0.0.1:80");
  CHECK(lab::netstat::windows_local(row, false) == "127.0.0.1:http");
  CHECK(lab::netstat::windows_foreign(row, false) == "127.0.0.1:50000");  // no name: the number
}
