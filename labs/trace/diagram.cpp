#include "diagram.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <optional>

#include <fmt/format.h>

#include "cli/color.hpp"
#include "cli/lang.hpp"

namespace trace_lab {
namespace {

// Drawn by hand after RFC 9293's figure 5 (the simultaneous-open edges left out). Each box is
// written "[ NAME ]" exactly once per state, except CLOSED, where a connection starts and ends.
constexpr const char* diagram_text = R"(
                               [ CLOSED ]
               passive open  /            \  active open, send SYN
                            v              v
                    [ LISTEN ]            [ SYN_SENT ]
    recv SYN, send SYN+ACK  |               |  recv SYN+ACK, send ACK
                            v               v
                  [ SYN_RECV ] --recv ACK--> [ ESTABLISHED ]
                                  close, send FIN  /       \  recv FIN, send ACK
                                                  v         v
                                    [ FIN_WAIT1 ]         [ CLOSE_WAIT ]
              recv ACK of FIN  /       \  recv FIN, send ACK      |  close, send FIN
                              v         v                          v
                   [ FIN_WAIT2 ]     [ CLOSING ]             [ LAST_ACK ]
       recv FIN, send ACK  \            /  recv ACK of FIN         |  recv ACK of FIN
                            v          v                           v
                           [ TIME_WAIT ] --2 MSL (Linux: 60 s)--> [ CLOSED ]
)";

constexpr TcpState all_states[] = {
    TcpState::close,       TcpState::listen,    TcpState::syn_sent,   TcpState::syn_recv,
    TcpState::established, TcpState::fin_wait1, TcpState::close_wait, TcpState::fin_wait2,
    TcpState::closing,     TcpState::last_ack,  TcpState::time_wait,
};

std::string xml_escape(std::string_view text) {
  std::string out;
  for (const char ch : text) {
    switch (ch) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += ch;
    }
  }
  return out;
}

struct Box {
  TcpState state;
  int x, y;  // centre
};
// Positions in the SVG, the same shape as the terminal drawing.
constexpr int box_w = 130;
constexpr int box_h = 30;
const Box boxes[] = {
    {TcpState::close, 360, 40},        {TcpState::listen, 200, 120},
    {TcpState::syn_sent, 520, 120},    {TcpState::syn_recv, 200, 200},
    {TcpState::established, 520, 200}, {TcpState::fin_wait1, 360, 290},
    {TcpState::close_wait, 640, 290},  {TcpState::fin_wait2, 200, 380},
    {TcpState::closing, 420, 380},     {TcpState::last_ack, 640, 380},
    {TcpState::time_wait, 310, 470},
};
constexpr int closed_end_x = 640;  // the second CLOSED box, bottom right
constexpr int closed_end_y = 470;
// Korean labels need a font with Hangul: the common ones on Windows, macOS and Linux first, so a
// viewer does not fall back to a generic font without it (boxes instead of letters).
constexpr const char* font_list =
    "'Malgun Gothic', 'Apple SD Gothic Neo', 'Noto Sans CJK KR', 'Noto Sans KR', sans-serif";

struct Edge {
  TcpState from, to;
  const char* label_en;
  const char* label_ko;
};
const Edge edges[] = {
    {TcpState::close, TcpState::listen, "passive open", "수동 열기"},
    {TcpState::close, TcpState::syn_sent, "active open / SYN", "능동 열기 / SYN"},
    {TcpState::listen, TcpState::syn_recv, "SYN / SYN+ACK", "SYN / SYN+ACK"},
    {TcpState::syn_sent, TcpState::established, "SYN+ACK / ACK", "SYN+ACK / ACK"},
    {TcpState::syn_recv, TcpState::established, "ACK", "ACK"},
    {TcpState::established, TcpState::fin_wait1, "close / FIN", "close() / FIN"},
    {TcpState::established, TcpState::close_wait, "FIN / ACK", "FIN / ACK"},
    {TcpState::fin_wait1, TcpState::fin_wait2, "ACK of FIN", "FIN에 대한 ACK"},
    {TcpState::fin_wait1, TcpState::closing, "FIN / ACK", "FIN / ACK"},
    {TcpState::close_wait, TcpState::last_ack, "close / FIN", "close() / FIN"},
    {TcpState::fin_wait2, TcpState::time_wait, "FIN / ACK", "FIN / ACK"},
    {TcpState::closing, TcpState::time_wait, "ACK of FIN", "FIN에 대한 ACK"},
    {TcpState::last_ack, TcpState::close, "ACK of FIN", "FIN에 대한 ACK"},
    {TcpState::time_wait, TcpState::close, "2 MSL (Linux: 60 s)", "2 MSL (Linux: 60초)"},
};

bool in_diagram(TcpState from, TcpState to) {
  for (const auto& edge : edges)
    if (edge.from == from && edge.to == to) return true;
  return false;
}

// A step the RFC's figure has no edge for that ends in CLOSED (a reset, an abort) is drawn
// around the right-hand side of the diagram, clear of CLOSE_WAIT and LAST_ACK, when it leaves
// a box of the right-hand column; x of its vertical part:
constexpr int detour_x = 770;
bool takes_detour(TcpState from, TcpState to) {
  return to == TcpState::close && !in_diagram(from, to) &&
         (from == TcpState::syn_sent || from == TcpState::established ||
          from == TcpState::close_wait || from == TcpState::last_ack);
}

std::pair<int, int> centre(TcpState state, bool as_target) {
  // CLOSED as the end of a path is the bottom-right box; as the start, the top one.
  if (state == TcpState::close && as_target) return {closed_end_x, closed_end_y};
  for (const auto& box : boxes)
    if (box.state == state) return {box.x, box.y};
  return {0, 0};
}

std::vector<std::pair<TcpState, TcpState>> steps_of(const End& end) {
  std::vector<std::pair<TcpState, TcpState>> steps;
  for (std::size_t i = 1; i < end.path.size(); ++i)
    steps.emplace_back(end.path[i - 1].state, end.path[i].state);
  return steps;
}

std::string state_box_svg(TcpState state, int x, int y, bool by_client, bool by_server) {
  const int left = x - box_w / 2;
  const int top = y - box_h / 2;
  std::string out;
  if (by_client && by_server) {
    out += fmt::format(R"svg(<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>)svg", left, top,
                       box_w / 2, box_h, client_color_svg);
    out += fmt::format(R"svg(<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>)svg", x, top,
                       box_w / 2, box_h, server_color_svg);
  } else if (by_client || by_server) {
    out += fmt::format(R"svg(<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>)svg", left, top,
                       box_w, box_h, by_client ? client_color_svg : server_color_svg);
  }
  out += fmt::format(
      R"svg(<rect x="{}" y="{}" width="{}" height="{}" rx="4" fill="none" stroke="#333"/>)svg",
      left, top, box_w, box_h);
  const bool marked = by_client || by_server;
  out += fmt::format(
      R"svg(<text x="{}" y="{}" text-anchor="middle" font-size="13" font-weight="bold" fill="{}">{}</text>)svg",
      x, y + 5, marked ? "#fff" : "#222", xml_escape(state_label(state)));
  return out + "\n";
}

// The terminal's mark for a box: [*NAME*] client, [#NAME#] server, [*NAME#] both.
std::string terminal_mark(const std::string& name, bool by_client, bool by_server, bool color) {
  if (!by_client && !by_server) return "[ " + name + " ]";
  const std::string left = by_client ? "*" : "#";
  const std::string right = by_server ? "#" : "*";
  if (!color) return "[" + left + name + right + "]";
  const lab::Color left_color = by_client ? lab::Color::cyan : lab::Color::magenta;
  const lab::Color right_color = by_server ? lab::Color::magenta : lab::Color::cyan;
  return lab::paint(left_color, "[" + left + name, true) +
         lab::paint(right_color, right + "]", true);
}

// The SVG's layout: the state diagram on top, the time-sequence diagram below it.
constexpr int svg_width = 820;
constexpr int diagram_height = 520;
constexpr int row_h = 26;  // one row of the time-sequence diagram
constexpr int sequence_top = diagram_height + 70;
constexpr int client_x = 230;  // the time-sequence diagram's two columns
constexpr int server_x = 590;

// One row of the time-sequence diagram: a segment, or a state step of either end.
struct SequenceRow {
  std::int64_t time_ns;
  int kind;  // 0 segment, 1 client state, 2 server state
  const SegmentRecord* segment;
  TcpState state;
  bool inferred;
  bool from_the_syn;  // SYN_RECV drawn at the SYN, not where the tracepoint reported it
};
struct Sequence {
  std::vector<SequenceRow> rows;  // in time order
  bool syn_recv_moved = false;    // a footnote says why
};

// Each segment of `shown`, and each state step of either end, in time order.
Sequence sequence_of(const Connection* shown) {
  Sequence sequence;
  if (shown == nullptr) return sequence;
  auto& rows = sequence.rows;
  std::optional<std::int64_t> client_syn_ns;
  for (const auto& segment : shown->timeline) {
    rows.push_back({segment.time_ns, 0, &segment, TcpState::unknown, false, false});
    if (!client_syn_ns && segment.from == Role::client && segment.flags == flag_syn)
      client_syn_ns = segment.time_ns;
  }
  for (const Role role : {Role::client, Role::server})
    for (const auto& step : shown->end(role).path) {
      SequenceRow row{
          step.time_ns, role == Role::client ? 1 : 2, nullptr, step.state, step.inferred, false};
      // The tracepoint reports the accepted socket's LISTEN → SYN_RECV when the third segment
      // arrives; the server was listening all along, and Linux keeps a request socket for
      // the connection from the SYN on. Drawn where they are true: LISTEN at the top (first
      // in time), SYN_RECV just after the client's SYN (segments come first at equal times).
      if (role == Role::server && step.state == TcpState::listen)
        row.time_ns = std::numeric_limits<std::int64_t>::min();
      if (role == Role::server && step.state == TcpState::syn_recv && client_syn_ns) {
        row.time_ns = *client_syn_ns;
        row.from_the_syn = true;
        sequence.syn_recv_moved = true;
      }
      rows.push_back(row);
    }
  std::stable_sort(rows.begin(), rows.end(), [](const SequenceRow& a, const SequenceRow& b) {
    return a.time_ns < b.time_ns;
  });
  return sequence;
}

// The document's start: the arrow heads, a white page, the title and the legend.
std::string svg_start(int height) {
  std::string out;
  out += fmt::format(
      R"svg(<?xml version="1.0" encoding="UTF-8"?>)svg"
      "\n"
      R"svg(<svg xmlns="http://www.w3.org/2000/svg" width="{0}" height="{1}" viewBox="0 0 {0} {1}" font-family="{2}">)svg"
      "\n",
      svg_width, height, font_list);
  out += R"svg(<defs>)svg";
  for (const auto& [id, colour] : std::initializer_list<std::pair<const char*, const char*>>{
           {"arrow", "#888"},
           {"arrow-client", client_color_svg},
           {"arrow-server", server_color_svg}})
    out += fmt::format(
        R"svg(<marker id="{}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{}"/></marker>)svg",
        id, colour);
  out += "</defs>\n";
  out += fmt::format(R"svg(<rect x="0" y="0" width="{}" height="{}" fill="#fff"/>)svg", svg_width,
                     height);
  out += "\n";
  out += fmt::format(R"svg(<text x="20" y="24" font-size="15" font-weight="bold">{}</text>)svg",
                     xml_escape(lab::tr("TCP state diagram (after RFC 9293, figure 5)",
                                        "TCP 상태 다이어그램 (RFC 9293 그림 5)")));
  out += fmt::format(
      R"svg(<rect x="600" y="12" width="14" height="14" fill="{}"/><text x="620" y="24" font-size="12">{}</text><rect x="690" y="12" width="14" height="14" fill="{}"/><text x="710" y="24" font-size="12">{}</text>)svg",
      client_color_svg, xml_escape(lab::tr("client", "클라이언트")), server_color_svg,
      xml_escape(lab::tr("server", "서버")));
  out += "\n";
  return out;
}

// An arrow from box to box, starting and ending at the boxes' edges, not their centres.
std::string edge_line(TcpState from, TcpState to, const char* marker, const char* colour,
                      double width_px, int offset) {
  auto [x1, y1] = centre(from, false);
  auto [x2, y2] = centre(to, true);
  const double dx = x2 - x1;
  const double dy = y2 - y1;
  const double fx = std::abs(dx) < 1 ? 1e9 : (box_w / 2.0 + 2) / std::abs(dx);
  const double fy = std::abs(dy) < 1 ? 1e9 : (box_h / 2.0 + 2) / std::abs(dy);
  const double f = std::min(fx, fy);
  return fmt::format(
      R"svg(<line x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}" stroke="{}" stroke-width="{}" marker-end="url(#{})"/>)svg",
      x1 + dx * f + offset, y1 + dy * f + offset, x2 - dx * f + offset, y2 - dy * f + offset,
      colour, width_px, marker);
}

// A step around the right-hand side (see takes_detour): right from the box, down, left into
// the bottom CLOSED box.
std::string detour_line(TcpState from, const char* marker, const char* colour, int offset) {
  auto [x, y] = centre(from, false);
  return fmt::format(
      R"svg(<polyline points="{},{} {},{} {},{} {},{}" fill="none" stroke="{}" stroke-width="3" marker-end="url(#{})"/>)svg",
      x + box_w / 2 + 2, y + offset, detour_x + offset, y + offset, detour_x + offset,
      closed_end_y + offset, closed_end_x + box_w / 2 + 2, closed_end_y + offset, colour, marker);
}

// The state diagram: its edges in grey, then each end's own steps in its colour, then the boxes
// (filled where an end has been).
std::string state_diagram_svg(const std::vector<Connection>& connections, const Visited& visited) {
  std::string out;
  for (const auto& edge : edges) {
    out += edge_line(edge.from, edge.to, "arrow", "#888", 1.2, 0);
    auto [x1, y1] = centre(edge.from, false);
    auto [x2, y2] = centre(edge.to, true);
    out += fmt::format(
        R"svg(<text x="{}" y="{}" font-size="10" fill="#555" text-anchor="middle">{}</text>)svg",
        (x1 + x2) / 2 + 8, (y1 + y2) / 2 - 4, xml_escape(lab::tr(edge.label_en, edge.label_ko)));
    out += "\n";
  }
  std::set<std::pair<TcpState, TcpState>> client_steps;
  std::set<std::pair<TcpState, TcpState>> server_steps;
  bool any_reset = false;
  for (const auto& c : connections) {
    if (c.udp) continue;
    any_reset = any_reset || c.reset;
    for (const auto& step : steps_of(c.client))
      client_steps.insert(step);
    for (const auto& step : steps_of(c.server))
      server_steps.insert(step);
  }
  // The client's arrows 3 px up and left of the grey edge, the server's 3 px down and right.
  bool detour_drawn = false;
  auto draw_steps = [&](const std::set<std::pair<TcpState, TcpState>>& steps, const char* marker,
                        const char* colour, int offset) {
    for (const auto& [from, to] : steps) {
      const bool detour = takes_detour(from, to);
      detour_drawn = detour_drawn || detour;
      out += (detour ? detour_line(from, marker, colour, offset)
                     : edge_line(from, to, marker, colour, 3, offset)) +
             "\n";
    }
  };
  draw_steps(client_steps, "arrow-client", client_color_svg, -3);
  draw_steps(server_steps, "arrow-server", server_color_svg, 3);
  if (detour_drawn) {  // its label beside the vertical part
    out += fmt::format(
        R"svg(<text x="{}" y="{}" font-size="11" font-weight="bold" fill="#333" text-anchor="middle" transform="rotate(90 {} {})">{}</text>)svg",
        detour_x + 14, 335, detour_x + 14, 335,
        xml_escape(any_reset ? lab::tr("RST (reset): no FIN, no TIME_WAIT",
                                       "RST(리셋): FIN도 TIME_WAIT도 없다")
                             : lab::tr("abort (no FIN)", "중단(FIN 없음)")));
    out += "\n";
  }
  for (const auto& box : boxes)
    out += state_box_svg(box.state, box.x, box.y, visited.client.count(box.state) != 0,
                         visited.server.count(box.state) != 0);
  out += state_box_svg(TcpState::close, closed_end_x, closed_end_y, visited.client_closed_at_end,
                       visited.server_closed_at_end);
  return out;
}

// A segment's row: an arrow from the sender's column to the receiver's, its label, its time.
std::string segment_row_svg(const SegmentRecord& s, bool udp, int y, double ms) {
  const bool from_client = s.from == Role::client;
  const int x1 = from_client ? client_x : server_x;
  const int x2 = from_client ? server_x : client_x;
  std::string label;
  if (udp)
    label = s.flags == 0xFF ? std::string("ICMP port unreachable")
                            : lab::trf("UDP {} bytes", "UDP {}바이트", s.length);
  else
    label = fmt::format("{} seq={} ack={} len={}{}", flag_names(s.flags), s.rel_seq, s.rel_ack,
                        s.length, s.retransmit ? lab::tr(" (again)", " (재전송)") : std::string());
  std::string out = fmt::format(
      R"svg(<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="1.5" marker-end="url(#{})"/>)svg",
      x1, y, x2, y + row_h - 6, from_client ? client_color_svg : server_color_svg,
      from_client ? "arrow-client" : "arrow-server");
  out += fmt::format(R"svg(<text x="{}" y="{}" font-size="11" text-anchor="middle">{}</text>)svg",
                     (client_x + server_x) / 2, y + row_h / 2 - 4, xml_escape(label));
  out += fmt::format(R"svg(<text x="{}" y="{}" font-size="9" fill="#777">{:.3f} ms</text>)svg",
                     server_x + 150, y + row_h / 2, ms);
  return out;
}

// A state step's row: the state's name beside its end's column (* inferred, † moved to the SYN).
std::string state_row_svg(const SequenceRow& row, int y) {
  const bool client_side = row.kind == 1;
  const std::string label = std::string(state_label(row.state)) + (row.inferred ? " *" : "") +
                            (row.from_the_syn ? " †" : "");
  return fmt::format(
      R"svg(<text x="{}" y="{}" font-size="12" font-weight="bold" text-anchor="{}" fill="{}">{}</text>)svg",
      client_side ? client_x - 10 : server_x + 10, y + row_h / 2, client_side ? "end" : "start",
      client_side ? client_color_svg : server_color_svg, xml_escape(label));
}

// The time-sequence diagram of `shown`: a column for each end, a row for each segment or state
// step, and the footnotes.
std::string sequence_diagram_svg(const Connection* shown, const Sequence& sequence,
                                 std::int64_t start_ns) {
  std::string out;
  out += fmt::format(R"svg(<text x="20" y="{}" font-size="15" font-weight="bold">{}</text>)svg",
                     diagram_height + 10,
                     xml_escape(lab::tr("Time-sequence diagram", "시간-순서 다이어그램")));
  out += "\n";
  if (shown == nullptr) return out;
  out += fmt::format(
      R"svg(<text x="{}" y="{}" font-size="13" text-anchor="middle" fill="{}">{} {}</text>)svg",
      client_x, sequence_top - 20, client_color_svg, xml_escape(lab::tr("client", "클라이언트")),
      xml_escape(shown->client.info.endpoint.to_string()));
  out += fmt::format(
      R"svg(<text x="{}" y="{}" font-size="13" text-anchor="middle" fill="{}">{} {}</text>)svg",
      server_x, sequence_top - 20, server_color_svg, xml_escape(lab::tr("server", "서버")),
      xml_escape(shown->server.info.endpoint.to_string()));
  const int bottom = sequence_top + static_cast<int>(sequence.rows.size()) * row_h + 10;
  out += fmt::format(
      R"svg(<line x1="{0}" y1="{1}" x2="{0}" y2="{2}" stroke="{3}" stroke-width="2"/>)svg",
      client_x, sequence_top - 10, bottom, client_color_svg);
  out += fmt::format(
      R"svg(<line x1="{0}" y1="{1}" x2="{0}" y2="{2}" stroke="{3}" stroke-width="2"/>)svg",
      server_x, sequence_top - 10, bottom, server_color_svg);
  out += "\n";
  int y = sequence_top;
  for (const auto& row : sequence.rows) {
    // Only a segment's time is printed; a state row may sit at the top (LISTEN: the minimum
    // time), where the subtraction would overflow.
    if (row.kind == 0)
      out += segment_row_svg(*row.segment, shown->udp, y,
                             static_cast<double>(row.time_ns - start_ns) / 1e6);
    else
      out += state_row_svg(row, y);
    out += "\n";
    y += row_h;
  }
  out += fmt::format(
      R"svg(<text x="20" y="{}" font-size="10" fill="#555">{}</text>)svg", bottom + 25,
      xml_escape(lab::tr("* TIME_WAIT belongs to the kernel's mini-socket: seen in the segments, "
                         "not reported by the tracepoint",
                         "* TIME_WAIT는 커널의 미니 소켓이 맡는다. 트레이스포인트가 알리지 "
                         "않아 세그먼트를 보고 판단했다")));
  out += "\n";
  if (sequence.syn_recv_moved) {
    out += fmt::format(
        R"svg(<text x="20" y="{}" font-size="10" fill="#555">{}</text>)svg", bottom + 41,
        xml_escape(lab::tr("† from the SYN on, Linux holds a request socket for this connection; "
                           "the tracepoint reports LISTEN → SYN_RECV only at the third segment",
                           "† Linux는 SYN이 온 때부터 이 연결의 요청 소켓을 둔다. 트레이스포인트는 "
                           "LISTEN → SYN_RECV를 세 번째 세그먼트 때에야 알린다")));
    out += "\n";
  }
  return out;
}

}  // namespace

Visited visited_states(const std::vector<Connection>& connections) {
  Visited visited;
  for (const auto& c : connections) {
    if (c.udp) continue;
    for (const Role role : {Role::client, Role::server}) {
      auto& into = role == Role::client ? visited.client : visited.server;
      auto& closed_at_end =
          role == Role::client ? visited.client_closed_at_end : visited.server_closed_at_end;
      const auto& path = c.end(role).path;
      for (std::size_t i = 0; i < path.size(); ++i) {
        // CLOSED first is where a connect() starts (the top box); later, where the end ended.
        if (path[i].state == TcpState::close && i > 0)
          closed_at_end = true;
        else
          into.insert(path[i].state);
      }
    }
  }
  return visited;
}

std::string terminal_diagram(const Visited& visited, bool color) {
  std::string text = diagram_text;
  for (const TcpState state : all_states) {
    const std::string name(state_label(state));
    const std::string plain = "[ " + name + " ]";
    // CLOSED has two boxes: the first is the start, the second the end.
    bool at_end = false;
    for (std::size_t at = 0; (at = text.find(plain, at)) != std::string::npos;) {
      const bool by_client = at_end && state == TcpState::close ? visited.client_closed_at_end
                                                                : visited.client.count(state) != 0;
      const bool by_server = at_end && state == TcpState::close ? visited.server_closed_at_end
                                                                : visited.server.count(state) != 0;
      const std::string marked = terminal_mark(name, by_client, by_server, color);
      text.replace(at, plain.size(), marked);
      at += marked.size();
      at_end = true;
    }
  }
  const std::string legend =
      color ? lab::trf("  {} client   {} server   (both: [*NAME#])",
                       "  {} 클라이언트   {} 서버   "
                       "(둘 다: [*NAME#])",
                       lab::paint(lab::Color::cyan, "[*NAME*]", true),
                       lab::paint(lab::Color::magenta, "[#NAME#]", true))
            : lab::tr("  [*NAME*] client   [#NAME#] server   [*NAME#] both",
                      "  [*NAME*] 클라이언트   [#NAME#] 서버   [*NAME#] 둘 다");
  return text + legend + "\n";
}

std::string svg_document(const std::vector<Connection>& connections, std::int64_t start_ns) {
  const Connection* shown = connections.empty() ? nullptr : &connections.front();
  const Sequence sequence = sequence_of(shown);
  const int notes = 1 + (sequence.syn_recv_moved ? 1 : 0);
  const int height =
      sequence_top + static_cast<int>(sequence.rows.size()) * row_h + 40 + notes * 16;
  return svg_start(height) + state_diagram_svg(connections, visited_states(connections)) +
         sequence_diagram_svg(shown, sequence, start_ns) + "</svg>\n";
}

}  // namespace trace_lab
