#include "netstat/selection.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <map>
#include <tuple>

namespace lab::netstat {

using sockets::Family;
using sockets::Protocol;
using sockets::SocketRow;
using sockets::TcpState;

sockets::TableQuery query_for(const Options& options) {
  sockets::TableQuery query;
  if (!options.protocol.empty()) {
    // Windows: "TCP" is IPv4 only, "TCPv6" IPv6 only.
    query.tcp = options.protocol.rfind("TCP", 0) == 0;
    query.udp = !query.tcp;
    query.ipv6 = options.protocol.size() > 3;
    query.ipv4 = !query.ipv6;
  } else if (options.tcp || options.udp) {
    query.tcp = options.tcp;
    query.udp = options.udp;
  }
  const bool names = options.programs || options.executables || !options.program.empty() ||
                     options.json || (options.style == Style::ss && options.pids);
  query.with_processes = names || options.pids || options.pid.has_value();
  query.with_program_names = names;
  query.keep_raw = options.raw;
  query.source = options.source;
  return query;
}

bool is_listening_row(const SocketRow& row) {
  return row.protocol == Protocol::tcp ? row.state == TcpState::listen
                                       : row.state == TcpState::close;
}

namespace {
bool contains_ignoring_case(std::string_view text, std::string_view part) {
  auto it = std::search(text.begin(), text.end(), part.begin(), part.end(), [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) ==
           std::tolower(static_cast<unsigned char>(b));
  });
  return it != text.end();
}
}  // namespace

bool row_visible(const SocketRow& row, const Options& options) {
  if (options.state) {
    // Asking for a state shows it whatever -a/-l say: "--state LISTENING" needs no -a.
    if (row.state != *options.state) return false;
  } else if (options.listening && !options.all) {
    if (!is_listening_row(row)) return false;
  } else if (!options.all && is_listening_row(row)) {
    return false;
  }
  if (options.port && row.local.port != *options.port && row.remote.port != *options.port)
    return false;
  if (options.pid && row.pid != *options.pid) return false;
  if (!options.program.empty() && !contains_ignoring_case(row.program, options.program))
    return false;
  return true;
}

namespace {
auto order_key(const SocketRow& row) {
  return std::tie(row.protocol, row.family, row.local.address.bytes, row.local.port,
                  row.remote.address.bytes, row.remote.port);
}
}  // namespace

namespace {
// order_key as bytes that compare the same way with memcmp (ports in network order).
using PackedKey = std::array<std::uint8_t, 38>;
PackedKey packed_order_key(const SocketRow& row) {
  PackedKey key;
  key[0] = static_cast<std::uint8_t>(row.protocol);
  key[1] = static_cast<std::uint8_t>(row.family);
  std::copy(row.local.address.bytes.begin(), row.local.address.bytes.end(), key.begin() + 2);
  key[18] = static_cast<std::uint8_t>(row.local.port >> 8);
  key[19] = static_cast<std::uint8_t>(row.local.port & 0xff);
  std::copy(row.remote.address.bytes.begin(), row.remote.address.bytes.end(), key.begin() + 20);
  key[36] = static_cast<std::uint8_t>(row.remote.port >> 8);
  key[37] = static_cast<std::uint8_t>(row.remote.port & 0xff);
  return key;
}
}  // namespace

void sort_windows_order(std::vector<SocketRow>& rows) {
  // A row is large (two strings): sorting 60,000 of them moves a lot of memory. So the small
  // keys are sorted, and then each row is moved once to its place. Equal keys (UDP sockets
  // sharing a port) keep the kernel's order.
  struct Keyed {
    PackedKey key;
    std::uint32_t index;
  };
  std::vector<Keyed> keyed(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i)
    keyed[i] = {packed_order_key(rows[i]), static_cast<std::uint32_t>(i)};
  std::sort(keyed.begin(), keyed.end(), [](const Keyed& a, const Keyed& b) {
    const int order = std::memcmp(a.key.data(), b.key.data(), a.key.size());
    return order != 0 ? order < 0 : a.index < b.index;
  });
  // Position i takes the row that was at keyed[i].index: follow each cycle of that permutation.
  std::vector<bool> placed(rows.size(), false);
  for (std::size_t start = 0; start < rows.size(); ++start) {
    if (placed[start]) continue;
    SocketRow held = std::move(rows[start]);
    std::size_t at = start;
    while (keyed[at].index != start) {
      rows[at] = std::move(rows[keyed[at].index]);
      placed[at] = true;
      at = keyed[at].index;
    }
    rows[at] = std::move(held);
    placed[at] = true;
  }
}

std::optional<int> shown_pid(const SocketRow& row) {
  if (row.inode == 0) return 0;
  return row.pid;
}

MarkedRows mark_changes(const std::vector<SocketRow>& previous, std::vector<SocketRow> current) {
  using Key = std::tuple<Protocol, Family, std::array<std::uint8_t, 16>, std::uint16_t,
                         std::array<std::uint8_t, 16>, std::uint16_t>;
  auto key_of = [](const SocketRow& row) {
    return Key{row.protocol,
               row.family,
               row.local.address.bytes,
               row.local.port,
               row.remote.address.bytes,
               row.remote.port};
  };
  std::map<Key, const SocketRow*> before;
  for (const SocketRow& row : previous)
    before.emplace(key_of(row), &row);

  MarkedRows out;
  out.changes.reserve(current.size());
  for (const SocketRow& row : current) {
    auto it = before.find(key_of(row));
    if (it == before.end()) {
      out.changes.push_back(Change::added);
    } else {
      out.changes.push_back(it->second->state != row.state ? Change::changed : Change::none);
      before.erase(it);
    }
  }
  for (const auto& [key, row] : before) {
    current.push_back(*row);
    out.changes.push_back(Change::closed);
  }
  // Closed rows go back to where they were, so the eye finds them in place (as TCPView).
  std::vector<std::size_t> order(current.size());
  for (std::size_t i = 0; i < order.size(); ++i)
    order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return order_key(current[a]) < order_key(current[b]);
  });
  out.rows.reserve(current.size());
  std::vector<Change> changes;
  changes.reserve(current.size());
  for (std::size_t index : order) {
    out.rows.push_back(std::move(current[index]));
    changes.push_back(out.changes[index]);
  }
  out.changes = std::move(changes);
  return out;
}

std::string_view change_name(Change change) {
  switch (change) {
    case Change::added:
      return "new";
    case Change::changed:
      return "changed";
    case Change::closed:
      return "closed";
    case Change::none:
      break;
  }
  return "";
}

}  // namespace lab::netstat
