#include "poll_fallback.hpp"

#include <algorithm>

#include "sockets/socket_table.hpp"

namespace trace_lab {

void SocketTablePoller::poll(std::vector<Event>& out, std::int64_t now_ns) {
  lab::sockets::TableQuery query;
  query.udp = false;
  const auto table = lab::sockets::read_socket_table(query);
  auto selected = [&](std::uint16_t port) {
    return std::find(ports_.begin(), ports_.end(), port) != ports_.end();
  };
  decltype(last_) now;
  for (const auto& row : table.rows) {
    if (row.state == TcpState::listen || row.state == TcpState::close) continue;
    if (!selected(row.local.port) && !selected(row.remote.port)) continue;
    now[{row.local.to_string(), row.remote.to_string()}] = {row.state, {row.local, row.remote}};
  }
  auto event_for = [&](const Endpoint& local, const Endpoint& remote, TcpState from, TcpState to) {
    Event event;
    event.kind = EventKind::state;
    event.time_ns = now_ns;
    event.src = local;
    event.dst = remote;
    event.old_state = from;
    event.new_state = to;
    out.push_back(event);
  };
  for (const auto& [key, value] : now) {
    const auto before = last_.find(key);
    const TcpState previous = before == last_.end() ? TcpState::close : before->second.first;
    if (previous != value.first)
      event_for(value.second.first, value.second.second, previous, value.first);
  }
  for (const auto& [key, value] : last_)
    if (now.count(key) == 0)
      event_for(value.second.first, value.second.second, value.first, TcpState::close);
  last_ = std::move(now);
}

}  // namespace trace_lab
