#include "sockets/socket_table.hpp"

#include <cerrno>
#include <fstream>
#include <iterator>
#include <system_error>

#include "sockets/proc_net.hpp"
#include "sockets/process_map.hpp"

namespace lab::sockets {
namespace {

bool read_file(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  out.assign(std::istreambuf_iterator<char>(in), {});
  return true;
}

void read_proc_file(const char* path, Protocol protocol, Family family, const TableQuery& query,
                    SocketTable& table, bool& any_read) {
  std::string contents;
  if (!read_file(path, contents)) return;  // e.g. no IPv6 in this kernel
  any_read = true;
  auto parsed = parse_proc_net(contents, protocol, family, query.keep_raw);
  for (auto& row : parsed.rows)
    table.rows.push_back(std::move(row));
}

void attach_processes(SocketTable& table) {
  ProcessMap processes = scan_processes();
  table.unreadable_processes = processes.unreadable_processes;
  for (SocketRow& row : table.rows) {
    if (row.inode == 0) continue;
    if (const ProcessInfo* info = processes.find(row.inode)) {
      row.pid = info->pid;
      row.program = info->program;
    }
  }
}

bool matches_address(const SocketRow& row, const std::optional<Address>& address) {
  if (!address || row.local.address.is_unspecified()) return true;
  return row.local.address == *address;
}

}  // namespace

SocketTable read_socket_table(const TableQuery& query) {
  SocketTable table;
  table.source_used = Source::proc;
  bool any_read = false;
  if (query.tcp && query.ipv4)
    read_proc_file("/proc/net/tcp", Protocol::tcp, Family::ipv4, query, table, any_read);
  if (query.tcp && query.ipv6)
    read_proc_file("/proc/net/tcp6", Protocol::tcp, Family::ipv6, query, table, any_read);
  if (query.udp && query.ipv4)
    read_proc_file("/proc/net/udp", Protocol::udp, Family::ipv4, query, table, any_read);
  if (query.udp && query.ipv6)
    read_proc_file("/proc/net/udp6", Protocol::udp, Family::ipv6, query, table, any_read);
  if (!any_read && (query.tcp || query.udp))
    throw std::system_error(ENOENT, std::generic_category(), "cannot read /proc/net");
  if (query.with_processes) attach_processes(table);
  return table;
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
