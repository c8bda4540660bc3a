// lab-trace's pure parts: trace_pipe lines, captured frames, the timeline's rules, the diagram.
#include <unistd.h>

#include <algorithm>
#include <array>
#include <catch2/catch.hpp>
#include <cstdio>
#include <functional>
#include <optional>
#include <regex>
#include <sstream>

#include "cli/lang.hpp"
#include "diagram.hpp"
#include "kernel_events.hpp"
#include "packets.hpp"
#include "render/json.hpp"
#include "timeline.hpp"

using namespace trace_lab;
using lab::sockets::TcpState;

TEST_CASE("trace line: inet_sock_set_state with the calling task", "[trace]") {
  const std::string line =
      "  lab-tcp-client-24618   [001] .....   942.453034: inet_sock_set_state: family=AF_INET "
      "protocol=IPPROTO_TCP sport=46958 dport=7000 saddr=127.0.0.1 daddr=127.0.0.1 "
      "saddrv6=::ffff:127.0.0.1 daddrv6=::ffff:127.0.0.1 oldstate=TCP_SYN_SENT "
      "newstate=TCP_ESTABLISHED";
  std::uint64_t lost = 0;
  const auto event = parse_trace_line(line, lost);
  REQUIRE(event);
  CHECK(event->kind == EventKind::state);
  CHECK(event->time_ns == 942'453'034'000);
  CHECK(event->task_pid == 24618);
  CHECK(event->task_name == "lab-tcp-client");
  CHECK(event->src.to_string() == "127.0.0.1:46958");
  CHECK(event->dst.to_string() == "127.0.0.1:7000");
  CHECK(event->old_state == TcpState::syn_sent);
  CHECK(event->new_state == TcpState::established);
  CHECK(lost == 0);
}

TEST_CASE("trace line: IPv6, CLOSE, resets and lost events", "[trace]") {
  std::uint64_t lost = 0;
  auto v6 = parse_trace_line(
      "<idle>-0 [000] ..s1. 5.000000001: inet_sock_set_state: family=AF_INET6 "
      "protocol=IPPROTO_TCP sport=7000 dport=5555 saddr=0.0.0.0 daddr=0.0.0.0 saddrv6=::1 "
      "daddrv6=::1 oldstate=TCP_LAST_ACK newstate=TCP_CLOSE",
      lost);
  REQUIRE(v6);
  CHECK(v6->src.to_string() == "[::1]:7000");
  CHECK(v6->new_state == TcpState::close);
  CHECK(v6->time_ns == 5'000'000'001);
  CHECK(v6->task_name == "<idle>");

  auto reset = parse_trace_line(
      "<idle>-0 [000] ..s1. 1.5: tcp_send_reset: skbaddr=0000 skaddr=0000 "
      "src=127.0.0.1:7000 dest=127.0.0.1:5555 state=UNKNOWN reason=NO_SOCKET",
      lost);
  REQUIRE(reset);
  CHECK(reset->kind == EventKind::reset_sent);
  CHECK(reset->dst.port == 5555);

  CHECK_FALSE(parse_trace_line("CPU:1 [LOST 42 EVENTS]", lost));
  CHECK(lost == 42);
  CHECK_FALSE(parse_trace_line("garbage", lost));
  // Found by the fuzzer: a timestamp whose nanoseconds do not fit in 64 bits.
  CHECK_FALSE(parse_trace_line(
      "x-1 [000] 184467440700000.4: tcp_send_reset: src=127.0.0.1:1 dest=127.0.0.1:2", lost));
  CHECK_FALSE(parse_trace_line(
      "x-1 [000] 1.0123456789: tcp_send_reset: src=127.0.0.1:1 dest=127.0.0.1:2", lost));
  CHECK_FALSE(parse_trace_line("x-1 [000] 1.0: inet_sock_set_state: family=AF_INET", lost));
  CHECK_FALSE(parse_trace_line(
      "x-1 [000] 1.0: inet_sock_set_state: family=AF_INET protocol=IPPROTO_SCTP sport=1 "
      "dport=2 saddr=127.0.0.1 daddr=127.0.0.1 oldstate=TCP_CLOSE newstate=TCP_LISTEN",
      lost));
}

namespace {
// An Ethernet frame as Linux's lo gives it: zero MACs, IPv4, TCP.
std::vector<std::uint8_t> tcp_frame(std::uint16_t sport, std::uint16_t dport, std::uint32_t seq,
                                    std::uint32_t ack, std::uint8_t flags, std::size_t payload) {
  std::vector<std::uint8_t> f(14 + 20 + 20 + payload, 0);
  f[12] = 0x08;
  const std::size_t ip = 14;
  f[ip] = 0x45;
  const std::size_t total = 20 + 20 + payload;
  f[ip + 2] = static_cast<std::uint8_t>(total >> 8);
  f[ip + 3] = static_cast<std::uint8_t>(total);
  f[ip + 9] = 6;
  f[ip + 12] = 127;
  f[ip + 15] = 1;
  f[ip + 16] = 127;
  f[ip + 19] = 1;
  const std::size_t t = ip + 20;
  f[t] = static_cast<std::uint8_t>(sport >> 8);
  f[t + 1] = static_cast<std::uint8_t>(sport);
  f[t + 2] = static_cast<std::uint8_t>(dport >> 8);
  f[t + 3] = static_cast<std::uint8_t>(dport);
  for (int i = 0; i < 4; ++i) {
    f[t + 4 + i] = static_cast<std::uint8_t>(seq >> (24 - 8 * i));
    f[t + 8 + i] = static_cast<std::uint8_t>(ack >> (24 - 8 * i));
  }
  f[t + 12] = 0x50;
  f[t + 13] = flags;
  f[t + 14] = 0xFF;
  f[t + 15] = 0xD7;
  return f;
}
}  // namespace

TEST_CASE("frames: TCP segments, truncated frames, flag names", "[trace]") {
  const auto frame = tcp_frame(40000, 7000, 1000, 0, flag_syn, 0);
  const auto event = parse_frame(frame, DLT_EN10MB, 7);
  REQUIRE(event);
  CHECK(event->kind == EventKind::segment);
  CHECK(event->src.to_string() == "127.0.0.1:40000");
  CHECK(event->dst.port == 7000);
  CHECK(event->seq == 1000);
  CHECK(event->flags == flag_syn);
  CHECK(event->window == 65495);
  CHECK(event->length == 0);
  const auto data = parse_frame(tcp_frame(1, 2, 5, 6, flag_psh | flag_ack, 64), DLT_EN10MB, 0);
  REQUIRE(data);
  CHECK(data->length == 64);
  // Every shorter cut of a frame is refused, never read past.
  for (std::size_t size = 0; size < 54; ++size)
    CHECK_FALSE(parse_frame(std::span(frame.data(), size), DLT_EN10MB, 0));
  CHECK(flag_names(flag_syn | flag_ack) == "SYN+ACK");
  CHECK(flag_names(flag_fin | flag_ack) == "FIN+ACK");
  CHECK(flag_names(flag_rst | flag_ack) == "RST+ACK");
  CHECK(flag_names(flag_psh | flag_ack) == "PSH+ACK");
  CHECK(capture_filter({7000, 7001}).find("port 7000 or port 7001") != std::string::npos);
}

TEST_CASE("frames: ICMP port unreachable names the closed UDP port", "[trace]") {
  std::vector<std::uint8_t> f(14 + 20 + 8 + 20 + 8, 0);
  f[12] = 0x08;
  f[14] = 0x45;
  f[14 + 3] = 56;
  f[14 + 9] = 1;  // ICMP
  f[34] = 3;      // destination unreachable
  f[35] = 3;      // port unreachable
  const std::size_t inner = 42;
  f[inner] = 0x45;
  f[inner + 3] = 28 + 100;
  f[inner + 9] = 17;
  f[inner + 12] = 127;
  f[inner + 15] = 1;
  f[inner + 16] = 127;
  f[inner + 19] = 1;
  f[inner + 20] = 0xBB;  // source port 48000
  f[inner + 21] = 0x80;
  f[inner + 22] = 0x23;  // destination port 9000
  f[inner + 23] = 0x28;
  const auto event = parse_frame(f, DLT_EN10MB, 0);
  REQUIRE(event);
  CHECK(event->kind == EventKind::icmp_unreachable);
  CHECK(event->dst.port == 9000);
  CHECK(event->src.port == 48000);
}

TEST_CASE("timeline: TIME_WAIT is inferred from the peer's FIN", "[trace]") {
  Timeline timeline({{7000}, true, 100000}, 0);
  auto state = [](std::int64_t t, std::uint16_t sport, std::uint16_t dport, TcpState from,
                  TcpState to) {
    Event e;
    e.kind = EventKind::state;
    e.time_ns = t;
    e.src = {lab::sockets::Address::v4(127, 0, 0, 1), sport};
    e.dst = {lab::sockets::Address::v4(127, 0, 0, 1), dport};
    e.old_state = from;
    e.new_state = to;
    e.socket_id = sport;
    return e;
  };
  auto segment = [](std::int64_t t, std::uint16_t sport, std::uint16_t dport, std::uint8_t flags) {
    Event e;
    e.kind = EventKind::segment;
    e.time_ns = t;
    e.src = {lab::sockets::Address::v4(127, 0, 0, 1), sport};
    e.dst = {lab::sockets::Address::v4(127, 0, 0, 1), dport};
    e.flags = flags;
    return e;
  };
  // Added out of order, as two sources deliver them.
  timeline.add(state(40, 5555, 7000, TcpState::fin_wait2, TcpState::close));
  timeline.add(state(10, 5555, 7000, TcpState::established, TcpState::fin_wait1));
  timeline.add(segment(20, 5555, 7000, flag_fin | flag_ack));
  timeline.add(state(30, 5555, 7000, TcpState::fin_wait1, TcpState::fin_wait2));
  timeline.add(segment(50, 7000, 5555, flag_fin | flag_ack));
  timeline.flush(0, true);
  REQUIRE(timeline.connections().size() == 1);
  const auto& client = timeline.connections()[0].client;
  std::vector<TcpState> path;
  for (const auto& step : client.path)
    path.push_back(step.state);
  CHECK(path == std::vector<TcpState>{TcpState::established, TcpState::fin_wait1,
                                      TcpState::fin_wait2, TcpState::time_wait});
  CHECK(client.path.back().inferred);
  CHECK(client.path.back().time_ns == 50);  // when the server's FIN arrived
  CHECK(timeline.counts().at("state").seen == 3);
  CHECK(timeline.counts().at("segment").seen == 2);
}

TEST_CASE("timeline: the budget counts what it does not print", "[trace]") {
  Timeline timeline({{7000}, true, 3}, 0);
  for (int i = 0; i < 10; ++i) {
    Event e;
    e.kind = EventKind::datagram;
    e.time_ns = i;
    e.src = {lab::sockets::Address::v4(127, 0, 0, 1), 5555};
    e.dst = {lab::sockets::Address::v4(127, 0, 0, 1), 7000};
    e.length = 10;
    timeline.add(e);
  }
  timeline.flush(0, true);
  const auto& counts = timeline.counts().at("datagram");
  CHECK(counts.seen == 10);
  CHECK(counts.printed == 3);
  CHECK(counts.skipped == 7);
  CHECK(timeline.skipped_total() == 7);
}

namespace {

Event tcp_state(std::int64_t t, std::uint16_t sport, std::uint16_t dport, TcpState from,
                TcpState to) {
  Event e;
  e.kind = EventKind::state;
  e.time_ns = t;
  e.src = {lab::sockets::Address::v4(127, 0, 0, 1), sport};
  e.dst = {lab::sockets::Address::v4(127, 0, 0, 1), dport};
  e.old_state = from;
  e.new_state = to;
  e.socket_id = 1;
  return e;
}
Event tcp_segment(std::int64_t t, std::uint16_t sport, std::uint16_t dport, std::uint8_t flags) {
  Event e;
  e.kind = EventKind::segment;
  e.time_ns = t;
  e.src = {lab::sockets::Address::v4(127, 0, 0, 1), sport};
  e.dst = {lab::sockets::Address::v4(127, 0, 0, 1), dport};
  e.flags = flags;
  return e;
}

// What `body` prints on stdout (the timeline prints there).
std::string stdout_of(const std::function<void()>& body) {
  std::fflush(stdout);
  const int saved = dup(STDOUT_FILENO);
  std::FILE* file = std::tmpfile();
  REQUIRE(file != nullptr);
  dup2(fileno(file), STDOUT_FILENO);
  body();
  std::fflush(stdout);
  dup2(saved, STDOUT_FILENO);
  close(saved);
  std::string out;
  std::rewind(file);
  for (int c; (c = std::fgetc(file)) != EOF;)
    out += static_cast<char>(c);
  std::fclose(file);
  return out;
}

}  // namespace

TEST_CASE("timeline: a 4-tuple reused after TIME_WAIT is a new connection", "[trace]") {
  Timeline timeline({{7000}, true, 100000}, 0);
  const auto out = stdout_of([&] {
    std::int64_t t = 0;
    for (int round = 0; round < 2; ++round) {
      // The client (port 5555) connects, then closes first: it ends in TIME_WAIT.
      timeline.add(tcp_state(++t, 5555, 7000, TcpState::close, TcpState::syn_sent));
      timeline.add(tcp_segment(++t, 5555, 7000, flag_syn));
      timeline.add(tcp_state(++t, 7000, 5555, TcpState::listen, TcpState::syn_recv));
      timeline.add(tcp_segment(++t, 7000, 5555, flag_syn | flag_ack));
      timeline.add(tcp_state(++t, 5555, 7000, TcpState::syn_sent, TcpState::established));
      timeline.add(tcp_state(++t, 7000, 5555, TcpState::syn_recv, TcpState::established));
      timeline.add(tcp_state(++t, 5555, 7000, TcpState::established, TcpState::fin_wait1));
      timeline.add(tcp_segment(++t, 5555, 7000, flag_fin | flag_ack));
      timeline.add(tcp_state(++t, 7000, 5555, TcpState::established, TcpState::close_wait));
      timeline.add(tcp_state(++t, 5555, 7000, TcpState::fin_wait1, TcpState::fin_wait2));
      timeline.add(tcp_state(++t, 7000, 5555, TcpState::close_wait, TcpState::last_ack));
      timeline.add(tcp_segment(++t, 7000, 5555, flag_fin | flag_ack));
      timeline.add(tcp_state(++t, 5555, 7000, TcpState::fin_wait2, TcpState::close));
      timeline.add(tcp_state(++t, 7000, 5555, TcpState::last_ack, TcpState::close));
    }
    timeline.flush(0, true);
  });
  INFO(out);
  REQUIRE(timeline.connections().size() == 2);
  for (const auto& c : timeline.connections()) {
    std::vector<TcpState> path;
    for (const auto& step : c.client.path)
      path.push_back(step.state);
    CHECK(path == std::vector<TcpState>{TcpState::close, TcpState::syn_sent, TcpState::established,
                                        TcpState::fin_wait1, TcpState::fin_wait2,
                                        TcpState::time_wait});
    CHECK(c.server.path.back().state == TcpState::close);
  }
  CHECK(out.find(R"("from":"TIME_WAIT","to":"SYN_SENT")") == std::string::npos);
  CHECK(out.find(R"("from":"CLOSED","to":"SYN_RECV")") == std::string::npos);
}

TEST_CASE("timeline: connections over the limit are counted once each, not per event", "[trace]") {
  Timeline timeline({{7000}, true, 100000}, 0);
  const std::size_t extra = 150;
  stdout_of([&] {
    std::int64_t t = 0;
    for (std::size_t i = 0; i < Timeline::max_connections + extra; ++i) {
      const auto port = static_cast<std::uint16_t>(20000 + i);
      timeline.add(tcp_segment(++t, port, 7000, flag_syn));
      timeline.add(tcp_segment(++t, port, 7000, flag_syn));  // a retransmitted SYN: no new one
      timeline.add(tcp_segment(++t, 7000, port, flag_syn | flag_ack));
      timeline.add(tcp_segment(++t, port, 7000, flag_ack));
    }
    // The first untracked 4-tuple reused: after its other segments, a new SYN is a new one.
    const auto reused = static_cast<std::uint16_t>(20000 + Timeline::max_connections);
    timeline.add(tcp_segment(++t, reused, 7000, flag_ack));
    timeline.add(tcp_segment(++t, reused, 7000, flag_syn));
    timeline.flush(0, true);
  });
  CHECK(timeline.connections().size() == Timeline::max_connections);
  CHECK(timeline.untracked_connections() == extra + 1);
  const auto& segments = timeline.counts().at("segment");
  CHECK(segments.seen == segments.printed + segments.skipped + segments.untracked);
  CHECK(segments.untracked == extra * 4 + 2);
}

TEST_CASE(
    "timeline: the budget follows seconds of output; each note once, in order, the last "
    "one too, and they add up to the summary",
    "[trace]") {
  Timeline timeline({{7000}, true, 5}, 0);
  const std::int64_t second = 1'000'000'000;
  const auto out = stdout_of([&] {
    std::int64_t event_time = 0;
    // Five seconds of output; in each, 12 datagrams whose own times go back and forth across
    // second boundaries (as events printed late under load do).
    for (int s = 0; s < 5; ++s) {
      for (int i = 0; i < 12; ++i) {
        Event e;
        e.kind = EventKind::datagram;
        e.time_ns = event_time + (i % 2 == 0 ? 0 : second);
        e.src = {lab::sockets::Address::v4(127, 0, 0, 1), 5555};
        e.dst = {lab::sockets::Address::v4(127, 0, 0, 1), 7000};
        e.length = 10;
        timeline.add(e);
        event_time += second / 20;
      }
      timeline.flush(s * second + second / 2);
    }
    timeline.flush(4 * second + second * 9 / 10, true);
  });
  INFO(out);
  std::uint64_t noted = 0;
  std::vector<long long> seconds;
  std::size_t printed_lines = 0;
  for (const auto& line : [&] {
         std::vector<std::string> lines;
         std::size_t start = 0;
         for (std::size_t end; (end = out.find('\n', start)) != std::string::npos; start = end + 1)
           lines.push_back(out.substr(start, end - start));
         return lines;
       }()) {
    const auto document = lab::json::parse(line);
    REQUIRE(document);
    const auto type = lab::json::string_field(*document, "type");
    if (type == "skipped") {
      noted += static_cast<std::uint64_t>(lab::json::number_field(*document, "count").value_or(0));
      seconds.push_back(lab::json::number_field(*document, "second").value_or(-1));
    } else if (type == "datagram") {
      ++printed_lines;
    }
  }
  const auto& counts = timeline.counts().at("datagram");
  CHECK(counts.seen == 60);
  CHECK(noted == counts.skipped);
  CHECK(printed_lines == counts.printed);
  // At most the budget (5 lines; 4 for the bulk kinds) in each of the 5 seconds of output.
  CHECK(counts.printed <= 5 * 5);
  CHECK(std::is_sorted(seconds.begin(), seconds.end()));
  CHECK(std::adjacent_find(seconds.begin(), seconds.end()) == seconds.end());
}

TEST_CASE("diagram: marks each end's states, colour only when asked", "[trace]") {
  Visited visited;
  visited.client = {TcpState::syn_sent, TcpState::established};
  visited.server = {TcpState::established, TcpState::last_ack};
  const std::string plain = terminal_diagram(visited, false);
  CHECK(plain.find("[*SYN_SENT*]") != std::string::npos);
  CHECK(plain.find("[*ESTABLISHED#]") != std::string::npos);
  CHECK(plain.find("[#LAST_ACK#]") != std::string::npos);
  CHECK(plain.find("[ LISTEN ]") != std::string::npos);
  CHECK(plain.find('\x1b') == std::string::npos);
  CHECK(terminal_diagram(visited, true).find('\x1b') != std::string::npos);
}

namespace {

// One traced connection as the timeline keeps it: the handshake, one data exchange, and the
// close `how` ("client-first" or "reset"), with the kernel's report times (the server's
// LISTEN → SYN_RECV comes at the third segment, as on Linux).
Connection traced_connection(const std::string& how) {
  Connection c;
  c.id = 1;
  c.client.info.endpoint = {lab::sockets::Address::v4(127, 0, 0, 1), 40000};
  c.server.info.endpoint = {lab::sockets::Address::v4(127, 0, 0, 1), 7000};
  auto segment = [&](std::int64_t t, Role from, std::uint8_t flags) {
    c.timeline.push_back({t, from, flags, 0, 0, 0, false});
  };
  auto step = [&](Role role, TcpState state, std::int64_t t) {
    c.end(role).path.push_back({state, t, false});
  };
  step(Role::client, TcpState::close, 100);
  step(Role::client, TcpState::syn_sent, 100);
  segment(110, Role::client, flag_syn);
  segment(120, Role::server, flag_syn | flag_ack);
  step(Role::client, TcpState::established, 125);
  segment(130, Role::client, flag_ack);
  step(Role::server, TcpState::listen, 135);
  step(Role::server, TcpState::syn_recv, 135);
  step(Role::server, TcpState::established, 136);
  segment(140, Role::client, flag_psh | flag_ack);
  segment(150, Role::server, flag_psh | flag_ack);
  if (how == "reset") {
    c.reset = true;
    step(Role::server, TcpState::close, 160);
    segment(161, Role::server, flag_rst | flag_ack);
    step(Role::client, TcpState::close, 162);
  } else {
    step(Role::client, TcpState::fin_wait1, 160);
    segment(161, Role::client, flag_fin | flag_ack);
    step(Role::server, TcpState::close_wait, 162);
    step(Role::server, TcpState::last_ack, 163);
    segment(164, Role::server, flag_fin | flag_ack);
    step(Role::client, TcpState::fin_wait2, 165);
    step(Role::client, TcpState::time_wait, 166);
    segment(167, Role::client, flag_ack);
    step(Role::server, TcpState::close, 168);
  }
  return c;
}

// The y of the first <text> whose content starts with `label` in `colour` ("" when none).
std::optional<double> text_y(const std::string& svg, const std::string& label,
                             const std::string& colour) {
  std::regex text(R"svg(<text x="[0-9.]+" y="([0-9.]+)"[^>]*fill="([^"]+)">([^<]*)</text>)svg");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), text); it != std::sregex_iterator();
       ++it)
    if ((*it)[2] == colour && std::string((*it)[3]).starts_with(label)) return std::stod((*it)[1]);
  return std::nullopt;
}

// The starting y of each arrow of the time-sequence diagram drawn by one end, in order.
std::vector<double> arrow_ys(const std::string& svg, const std::string& marker) {
  std::vector<double> ys;
  std::regex line(
      R"svg(<line x1="[0-9.]+" y1="([0-9.]+)" x2="[0-9.]+" y2="[0-9.]+" stroke="[^"]+" stroke-width="1.5" marker-end="url\(#)svg" +
      marker + R"svg(\)"/>)svg");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), line); it != std::sregex_iterator();
       ++it)
    ys.push_back(std::stod((*it)[1]));
  return ys;
}

// Every straight piece of the coloured path lines and polylines (the ends' steps in the state
// diagram), as x1 y1 x2 y2.
std::vector<std::array<double, 4>> path_pieces(const std::string& svg) {
  std::vector<std::array<double, 4>> pieces;
  std::regex line(
      R"svg(<line x1="([0-9.-]+)" y1="([0-9.-]+)" x2="([0-9.-]+)" y2="([0-9.-]+)" stroke="[^"]+" stroke-width="3")svg");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), line); it != std::sregex_iterator();
       ++it)
    pieces.push_back(
        {std::stod((*it)[1]), std::stod((*it)[2]), std::stod((*it)[3]), std::stod((*it)[4])});
  std::regex polyline(R"svg(<polyline points="([^"]+)")svg");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), polyline);
       it != std::sregex_iterator(); ++it) {
    std::vector<double> numbers;
    std::string points = (*it)[1];
    std::replace(points.begin(), points.end(), ',', ' ');
    std::istringstream in(points);
    for (double n; in >> n;)
      numbers.push_back(n);
    for (std::size_t i = 0; i + 3 < numbers.size(); i += 2)
      pieces.push_back({numbers[i], numbers[i + 1], numbers[i + 2], numbers[i + 3]});
  }
  return pieces;
}

bool crosses(const std::array<double, 4>& piece, double left, double top, double right,
             double bottom) {
  for (int i = 0; i <= 400; ++i) {
    const double t = i / 400.0;
    const double x = piece[0] + (piece[2] - piece[0]) * t;
    const double y = piece[1] + (piece[3] - piece[1]) * t;
    if (x > left && x < right && y > top && y < bottom) return true;
  }
  return false;
}

// The fill of the rectangle drawn at the left edge of a state box (x, y: its top-left corner).
std::vector<std::string> fills_at(const std::string& svg, int x, int y) {
  std::vector<std::string> fills;
  std::regex rect(
      R"svg(<rect x="([0-9]+)" y="([0-9]+)" width="[0-9]+" height="30" fill="(#[0-9a-f]+)"/>)svg");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), rect); it != std::sregex_iterator();
       ++it)
    if (std::stoi((*it)[2]) == y && std::stoi((*it)[1]) >= x && std::stoi((*it)[1]) < x + 130)
      fills.push_back((*it)[3]);
  return fills;
}

}  // namespace

TEST_CASE("svg: the server is LISTEN from the top and SYN_RECV from the SYN", "[trace]") {
  lab::set_lang(lab::Lang::en);
  const std::string svg = svg_document({traced_connection("client-first")}, 0);
  const auto listen = text_y(svg, "LISTEN", server_color_svg);
  const auto syn_recv = text_y(svg, "SYN_RECV", server_color_svg);
  const auto client_arrows = arrow_ys(svg, "arrow-client");
  const auto server_arrows = arrow_ys(svg, "arrow-server");
  REQUIRE(listen);
  REQUIRE(syn_recv);
  REQUIRE(client_arrows.size() >= 2);
  REQUIRE(server_arrows.size() >= 2);
  // LISTEN above the server's first segment (its SYN+ACK) and above the client's SYN too.
  CHECK(*listen < server_arrows.front());
  CHECK(*listen < client_arrows.front());
  // SYN_RECV after the client's SYN, before the server's SYN+ACK; with the footnote.
  CHECK(*syn_recv > client_arrows.front());
  CHECK(*syn_recv < server_arrows.front());
  CHECK(svg.find("the tracepoint reports LISTEN → SYN_RECV only at the third segment") !=
        std::string::npos);
  // The state diagram: the bottom CLOSED box (where a path ends) is the server's alone, since
  // the client is still in TIME_WAIT; the top one (where connect() starts) the client's alone.
  CHECK(fills_at(svg, 575, 455) == std::vector<std::string>{server_color_svg});
  CHECK(fills_at(svg, 295, 25) == std::vector<std::string>{client_color_svg});
  // Korean fonts are named before the generic one.
  const auto fonts =
      svg.find("font-family=\"'Malgun Gothic', 'Apple SD Gothic Neo', 'Noto Sans CJK KR'");
  CHECK(fonts != std::string::npos);
  CHECK(svg.find("sans-serif", fonts) != std::string::npos);
}

TEST_CASE("svg: a reset is labelled and goes round the LAST_ACK box", "[trace]") {
  lab::set_lang(lab::Lang::en);
  const std::string svg = svg_document({traced_connection("reset")}, 0);
  CHECK(svg.find(">RST (reset): no FIN, no TIME_WAIT</text>") != std::string::npos);
  const auto pieces = path_pieces(svg);
  REQUIRE(pieces.size() >= 6);
  for (const auto& piece : pieces) {
    INFO(piece[0] << "," << piece[1] << " → " << piece[2] << "," << piece[3]);
    CHECK_FALSE(crosses(piece, 575, 365, 705, 395));  // LAST_ACK
    CHECK_FALSE(crosses(piece, 575, 275, 705, 305));  // CLOSE_WAIT
  }
  // Both ends reached the bottom CLOSED box.
  CHECK(fills_at(svg, 575, 455).size() == 2);
}

TEST_CASE("svg: the Korean picture has Korean labels", "[trace]") {
  lab::set_lang(lab::Lang::ko);
  const std::string svg = svg_document({traced_connection("reset")}, 0);
  lab::set_lang(lab::Lang::en);
  CHECK(svg.find(">수동 열기</text>") != std::string::npos);
  CHECK(svg.find(">FIN에 대한 ACK</text>") != std::string::npos);
  CHECK(svg.find(">RST(리셋): FIN도 TIME_WAIT도 없다</text>") != std::string::npos);
  CHECK(svg.find("passive open") == std::string::npos);
  CHECK(svg.find("ACK of FIN") == std::string::npos);
}
