// The questions the labs ask of the socket table, the same on every OS: each backend
// (socket_table_linux.cpp on Linux, socket_table_windows.cpp on Windows) only reads the table.
#include "sockets/socket_table.hpp"

namespace lab::sockets {
namespace {

bool matches_address(const SocketRow& row, const std::optional<Address>& address) {
  if (!address || row.local.address.is_unspecified()) return true;
  return row.local.address == *address;
}

}  // namespace

std::string_view source_name(Source source) {
  switch (source) {
    case Source::netlink:
      return "netlink";
    case Source::proc:
      return "proc";
    case Source::iphlpapi:
      return "iphlpapi";
    case Source::automatic:
      break;
  }
  return "auto";
}

std::optional<Source> parse_source_name(std::string_view text) {
  if (text == "netlink") return Source::netlink;
  if (text == "proc") return Source::proc;
  if (text == "iphlpapi") return Source::iphlpapi;
  if (text == "auto") return Source::automatic;
  return std::nullopt;
}

std::vector<SocketRow> who_holds(Protocol protocol, std::uint16_t port,
                                 const std::optional<Address>& address) {
  TableQuery query;
  query.tcp = protocol == Protocol::tcp;
  query.udp = protocol == Protocol::udp;
  query.with_processes = true;
  std::vector<SocketRow> holders;
  for (SocketRow& row : read_socket_table(query).rows) {
    if (row.local.port != port || !matches_address(row, address)) continue;
    if (protocol == Protocol::tcp && row.state != TcpState::listen && row.state != TcpState::close)
      continue;
    holders.push_back(std::move(row));
  }
  return holders;
}

std::vector<SocketRow> sockets_of_pid(int pid) {
  TableQuery query;
  query.with_processes = true;
  std::vector<SocketRow> rows;
  for (SocketRow& row : read_socket_table(query).rows)
    if (row.pid == pid) rows.push_back(std::move(row));
  return rows;
}

}  // namespace lab::sockets
