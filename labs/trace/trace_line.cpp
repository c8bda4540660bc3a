#include "trace_line.hpp"

#include <array>
#include <charconv>

#include <fmt/format.h>

namespace trace_lab {
namespace {

std::string_view field(std::string_view text, std::string_view key) {
  // "key=value" separated by spaces; the key must start the text or follow a space.
  std::size_t at = 0;
  while ((at = text.find(key, at)) != std::string_view::npos) {
    const bool starts = at == 0 || text[at - 1] == ' ';
    if (starts && at + key.size() < text.size() && text[at + key.size()] == '=') {
      const std::size_t begin = at + key.size() + 1;
      const std::size_t end = text.find(' ', begin);
      return text.substr(begin, end == std::string_view::npos ? text.size() - begin : end - begin);
    }
    at += key.size();
  }
  return {};
}

template <class Number>
bool number(std::string_view text, Number& out, int base = 10) {
  if (text.empty()) return false;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out, base);
  return ec == std::errc() && end == text.data() + text.size();
}

// "127.0.0.1" with port -> Endpoint; for AF_INET6 the v6 field is used.
std::optional<Endpoint> endpoint_of(std::string_view family, std::string_view v4,
                                    std::string_view v6, std::string_view port_text) {
  std::uint16_t port = 0;
  if (!number(port_text, port)) return std::nullopt;
  const auto address = lab::sockets::Address::parse(family == "AF_INET6" ? v6 : v4);
  if (!address) return std::nullopt;
  return Endpoint{*address, port};
}

// "127.0.0.1:7000" or "[::1]:7000" (the %pISpc format of tcp_send_reset).
std::optional<Endpoint> endpoint_of(std::string_view text) {
  const auto colon = text.rfind(':');
  if (colon == std::string_view::npos) return std::nullopt;
  std::string_view host = text.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  std::uint16_t port = 0;
  if (!number(text.substr(colon + 1), port)) return std::nullopt;
  const auto address = lab::sockets::Address::parse(host);
  if (!address) return std::nullopt;
  return Endpoint{*address, port};
}

// A line of trace_pipe cut at the tracepoint's name: what the kernel writes before it (the task,
// the CPU, the time) and the tracepoint's own fields after it.
struct TraceLineParts {
  EventKind kind;
  std::string_view head;
  std::string_view body;
};
std::optional<TraceLineParts> split_at_tracepoint(std::string_view line) {
  static constexpr std::array<std::pair<std::string_view, EventKind>, 4> kinds{{
      {": inet_sock_set_state: ", EventKind::state},
      {": tcp_retransmit_skb: ", EventKind::retransmit},
      {": tcp_send_reset: ", EventKind::reset_sent},
      {": tcp_receive_reset: ", EventKind::reset_received},
  }};
  for (const auto& [text, kind] : kinds) {
    const auto marker = line.find(text);
    if (marker != std::string_view::npos)
      return TraceLineParts{kind, line.substr(0, marker), line.substr(marker + text.size())};
  }
  return std::nullopt;
}

// The timestamp is the last word of the head: seconds '.' fraction (9 digits with "mono").
std::optional<std::int64_t> timestamp_ns(std::string_view head) {
  const std::string_view stamp = head.substr(head.rfind(' ') + 1);
  const auto dot = stamp.find('.');
  std::int64_t seconds = 0;
  std::int64_t fraction = 0;
  // At most nine fraction digits and a billion seconds (31 years of uptime): the nanoseconds
  // then fit in 64 bits.
  if (dot == std::string_view::npos || stamp.size() - dot - 1 > 9 ||
      !number(stamp.substr(0, dot), seconds) || !number(stamp.substr(dot + 1), fraction) ||
      seconds < 0 || seconds > 1'000'000'000 || fraction < 0)
    return std::nullopt;
  std::int64_t scale = 1;
  for (std::size_t digits = stamp.size() - dot - 1; digits < 9; ++digits)
    scale *= 10;
  return seconds * 1'000'000'000 + fraction * scale;
}

// The task: "comm-PID" before " [CPU]"; comm itself may hold dashes and spaces.
void read_task(std::string_view head, Event& event) {
  const auto cpu = head.find(" [");
  if (cpu == std::string_view::npos) return;
  std::string_view task = head.substr(0, cpu);
  task.remove_prefix(std::min(task.find_first_not_of(' '), task.size()));
  task.remove_suffix(task.size() - std::min(task.find_last_not_of(' ') + 1, task.size()));
  const auto dash = task.rfind('-');
  if (dash != std::string_view::npos && number(task.substr(dash + 1), event.task_pid))
    event.task_name = std::string(task.substr(0, dash));
}

// tcp_send_reset writes its ends as "src=127.0.0.1:7000 dest=...". False when one is missing.
bool read_reset_sent(std::string_view body, Event& event) {
  const auto src = endpoint_of(field(body, "src"));
  const auto dst = endpoint_of(field(body, "dest"));
  if (!src || !dst) return false;
  event.src = *src;
  event.dst = *dst;
  number(field(body, "skaddr"), event.socket_id, 16);
  return true;
}

// The other tracepoints: family, addresses and ports, the socket, and the states. False when
// the line is not a whole TCP event.
bool read_tcp_fields(std::string_view body, Event& event) {
  const auto family = field(body, "family");
  const auto src =
      endpoint_of(family, field(body, "saddr"), field(body, "saddrv6"), field(body, "sport"));
  const auto dst =
      endpoint_of(family, field(body, "daddr"), field(body, "daddrv6"), field(body, "dport"));
  if (!src || !dst) return false;
  event.src = *src;
  event.dst = *dst;
  std::string_view skaddr = field(body, "skaddr");
  if (skaddr.substr(0, 2) == "0x") skaddr.remove_prefix(2);
  number(skaddr, event.socket_id, 16);
  if (event.kind == EventKind::state) {
    if (field(body, "protocol") != "IPPROTO_TCP") return false;
    const auto old_state = parse_kernel_state(field(body, "oldstate"));
    const auto new_state = parse_kernel_state(field(body, "newstate"));
    if (!old_state || !new_state) return false;
    event.old_state = *old_state;
    event.new_state = *new_state;
  } else if (event.kind == EventKind::retransmit) {
    if (const auto state = parse_kernel_state(field(body, "state"))) event.old_state = *state;
  }
  return true;
}

}  // namespace

std::optional<TcpState> parse_kernel_state(std::string_view name) {
  if (name.substr(0, 4) != "TCP_") return std::nullopt;
  name.remove_prefix(4);
  if (name == "CLOSE") return TcpState::close;
  return lab::sockets::parse_state_name(name);
}

std::optional<Event> parse_trace_line(std::string_view line, std::uint64_t& lost) {
  lost = 0;
  // "CPU:1 [LOST 42 EVENTS]": the ring buffer was full and the kernel overwrote events.
  if (const auto at = line.find("[LOST "); at != std::string_view::npos) {
    const auto rest = line.substr(at + 6);
    number(rest.substr(0, rest.find(' ')), lost);
    return std::nullopt;
  }
  // "   lab-tcp-client-4312    [001] ..... 12345.678901234: inet_sock_set_state: family=..."
  const auto split = split_at_tracepoint(line);
  if (!split) return std::nullopt;
  Event event;
  event.kind = split->kind;
  const auto time_ns = timestamp_ns(split->head);
  if (!time_ns) return std::nullopt;
  event.time_ns = *time_ns;
  read_task(split->head, event);
  const bool complete = event.kind == EventKind::reset_sent ? read_reset_sent(split->body, event)
                                                            : read_tcp_fields(split->body, event);
  if (!complete) return std::nullopt;
  return event;
}

std::string kernel_filter(const std::vector<std::uint16_t>& ports, bool with_protocol) {
  std::string terms;
  for (const auto port : ports) {
    if (!terms.empty()) terms += " || ";
    terms += fmt::format("sport == {} || dport == {}", port, port);
  }
  return with_protocol ? fmt::format("protocol == 6 && ({})", terms) : terms;
}

}  // namespace trace_lab
