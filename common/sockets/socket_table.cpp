#include "sockets/socket_table.hpp"

#include <linux/netlink.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <system_error>

#include "sockets/proc_net.hpp"
#include "sockets/process_map.hpp"
#include "sockets/sock_diag.hpp"

namespace lab::sockets {
namespace {

struct Part {
  Protocol protocol;
  Family family;
  const char* proc_path;
};
constexpr Part parts[] = {
    {Protocol::tcp, Family::ipv4, "/proc/net/tcp"},
    {Protocol::tcp, Family::ipv6, "/proc/net/tcp6"},
    {Protocol::udp, Family::ipv4, "/proc/net/udp"},
    {Protocol::udp, Family::ipv6, "/proc/net/udp6"},
};

bool wanted(const Part& part, const TableQuery& query) {
  return (part.protocol == Protocol::tcp ? query.tcp : query.udp) &&
         (part.family == Family::ipv4 ? query.ipv4 : query.ipv6);
}

bool read_file(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  out.assign(std::istreambuf_iterator<char>(in), {});
  return true;
}

void read_from_proc(const TableQuery& query, SocketTable& table) {
  bool any_read = false;
  for (const Part& part : parts) {
    if (!wanted(part, query)) continue;
    std::string contents;
    if (!read_file(part.proc_path, contents)) continue;  // e.g. no IPv6 in this kernel
    any_read = true;
    auto parsed = parse_proc_net(contents, part.protocol, part.family, query.keep_raw);
    for (auto& row : parsed.rows)
      table.rows.push_back(std::move(row));
  }
  if (!any_read && (query.tcp || query.udp))
    throw std::system_error(ENOENT, std::generic_category(), "cannot read /proc/net");
  table.source_used = Source::proc;
}

class NetlinkSocket {
 public:
  NetlinkSocket() : fd_(socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG)) {
    if (fd_ < 0) throw std::system_error(errno, std::generic_category(), "netlink socket");
  }
  ~NetlinkSocket() { close(fd_); }
  NetlinkSocket(const NetlinkSocket&) = delete;
  NetlinkSocket& operator=(const NetlinkSocket&) = delete;
  int fd() const { return fd_; }

 private:
  int fd_;
};

// One dump: request, then read datagrams until NLMSG_DONE. Throws on any failure.
void dump_over_netlink(NetlinkSocket& sock, const Part& part, std::uint32_t sequence,
                       std::vector<std::uint8_t>& buffer, std::vector<SocketRow>& rows) {
  const auto request = make_sock_diag_request(part.protocol, part.family, sequence);
  sockaddr_nl kernel{};
  kernel.nl_family = AF_NETLINK;
  if (sendto(sock.fd(), request.data(), request.size(), 0, reinterpret_cast<sockaddr*>(&kernel),
             sizeof kernel) < 0)
    throw std::system_error(errno, std::generic_category(), "netlink send");
  SockDiagParse parsed;
  parsed.rows = std::move(rows);
  while (!parsed.done) {
    const ssize_t received = recv(sock.fd(), buffer.data(), buffer.size(), 0);
    if (received < 0) {
      if (errno == EINTR) continue;
      throw std::system_error(errno, std::generic_category(), "netlink receive");
    }
    if (received == 0) throw std::system_error(EPROTO, std::generic_category(), "netlink eof");
    parse_sock_diag({buffer.data(), static_cast<std::size_t>(received)}, part.protocol, parsed);
    if (parsed.malformed > 0)
      throw std::system_error(EPROTO, std::generic_category(), "malformed netlink reply");
  }
  rows = std::move(parsed.rows);
  if (parsed.error != 0)
    throw std::system_error(parsed.error, std::generic_category(), "sock_diag");
}

void read_from_netlink(const TableQuery& query, SocketTable& table) {
  NetlinkSocket sock;
  std::vector<std::uint8_t> buffer(256 * 1024);
  std::uint32_t sequence = 1;
  for (const Part& part : parts)
    if (wanted(part, query)) dump_over_netlink(sock, part, sequence++, buffer, table.rows);
  table.source_used = Source::netlink;
}

void attach_processes(SocketTable& table, const TableQuery& query) {
  ScanOptions options;
  options.with_names = query.with_program_names;
  ProcessMap processes = scan_processes(options);
  table.unreadable_processes = processes.unreadable_processes;
  for (SocketRow& row : table.rows) {
    if (row.inode == 0) continue;
    auto it = processes.pid_by_inode.find(row.inode);
    if (it == processes.pid_by_inode.end()) continue;
    row.pid = it->second;
    if (query.with_program_names) {
      auto name = processes.program_by_pid.find(it->second);
      if (name != processes.program_by_pid.end()) row.program = name->second;
    }
  }
}

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
    case Source::automatic:
      break;
  }
  return "auto";
}

std::optional<Source> parse_source_name(std::string_view text) {
  if (text == "netlink") return Source::netlink;
  if (text == "proc") return Source::proc;
  if (text == "auto") return Source::automatic;
  return std::nullopt;
}

SocketTable read_socket_table(const TableQuery& query) {
  SocketTable table;
  const Source source = query.keep_raw ? Source::proc : query.source;
  if (source == Source::proc) {
    read_from_proc(query, table);
  } else if (source == Source::netlink) {
    read_from_netlink(query, table);
  } else {
    try {
      read_from_netlink(query, table);
    } catch (const std::system_error& error) {
      // Refused (a sandbox, a kernel without sock_diag): /proc/net has the same rows.
      table = SocketTable{};
      table.netlink_problem = error.code().message();
      read_from_proc(query, table);
    }
  }
  if (query.with_processes) attach_processes(table, query);
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
