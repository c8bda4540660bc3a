// The Linux backend of the socket table: NETLINK_SOCK_DIAG (as ss) or /proc/net (as netstat),
// and the /proc/*/fd scan for PIDs. The questions asked of the table are in socket_queries.cpp.
#include "sockets/socket_table.hpp"

#include <linux/netlink.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <fstream>
#include <system_error>
#include <thread>

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

void read_from_proc(const TableQuery& query, SocketTable& table) {
  bool any_read = false;
  for (const Part& part : parts) {
    if (!wanted(part, query)) continue;
    std::string contents;
    if (!read_proc_file(part.proc_path, contents)) continue;  // e.g. no IPv6 in this kernel
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
void dump_over_netlink(NetlinkSocket& sock, const std::vector<std::uint8_t>& request,
                       Protocol protocol, std::vector<std::uint8_t>& buffer,
                       std::vector<SocketRow>& rows) {
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
    parse_sock_diag({buffer.data(), static_cast<std::size_t>(received)}, protocol, parsed);
    if (parsed.malformed > 0)
      throw std::system_error(EPROTO, std::generic_category(), "malformed netlink reply");
  }
  rows = std::move(parsed.rows);
  if (parsed.error != 0)
    throw std::system_error(parsed.error, std::generic_category(), "sock_diag");
}

void read_from_netlink(const TableQuery& query, SocketTable& table) {
  NetlinkSocket sock;
  std::vector<std::uint8_t> buffer(32 * 1024);  // as ss: a larger one saves nothing
  std::uint32_t sequence = 1;
  bool tcp_done = false;
  if (query.tcp && query.ipv4 && query.ipv6) {
    // Both TCP families in one walk of the kernel's table; the per-family form if refused.
    const std::size_t before = table.rows.size();
    try {
      dump_over_netlink(sock, make_tcp_diag_request_both_families(sequence++), Protocol::tcp,
                        buffer, table.rows);
      tcp_done = true;
    } catch (const std::system_error&) {
      table.rows.resize(before);
    }
  }
  for (const Part& part : parts) {
    if (!wanted(part, query) || (tcp_done && part.protocol == Protocol::tcp)) continue;
    dump_over_netlink(sock, make_sock_diag_request(part.protocol, part.family, sequence++),
                      part.protocol, buffer, table.rows);
  }
  table.source_used = Source::netlink;
}

void attach_processes(SocketTable& table, const TableQuery& query, const ProcessMap& processes) {
  table.unreadable_processes = processes.unreadable_processes;
  for (SocketRow& row : table.rows) {
    if (row.inode == 0) continue;
    const auto pid = processes.pid_of(row.inode);
    if (!pid) continue;
    row.pid = *pid;
    if (query.with_program_names) {
      auto name = processes.program_by_pid.find(*pid);
      if (name != processes.program_by_pid.end()) row.program = name->second;
    }
  }
}

// The /proc/*/fd scan, started on its own thread so it runs while the kernel dumps the table.
class BackgroundScan {
 public:
  explicit BackgroundScan(const TableQuery& query) {
    options_.with_names = query.with_program_names;
    try {
      thread_ = std::thread([this] {
        try {
          result_ = scan_processes(options_);
        } catch (...) {
          failure_ = std::current_exception();
        }
      });
    } catch (const std::system_error&) {
      // No thread to be had: scan on this one when the result is asked for.
    }
  }
  ~BackgroundScan() {
    if (thread_.joinable()) thread_.join();
  }
  BackgroundScan(const BackgroundScan&) = delete;
  BackgroundScan& operator=(const BackgroundScan&) = delete;

  const ProcessMap& result() {
    if (thread_.joinable())
      thread_.join();
    else if (!failure_)
      result_ = scan_processes(options_);
    if (failure_) std::rethrow_exception(failure_);
    return result_;
  }

 private:
  ScanOptions options_;
  ProcessMap result_;
  std::exception_ptr failure_;
  std::thread thread_;
};

// How many sockets the kernel counts (/proc/net/sockstat: TCP alloc + tw, UDP inuse), so the
// row vector is allocated once: at 60,000 sockets its regrowth costs more than the parse.
std::size_t expected_sockets() {
  std::size_t total = 0;
  for (const char* path : {"/proc/net/sockstat", "/proc/net/sockstat6"}) {
    std::ifstream in(path);
    std::string word;
    std::size_t value = 0;
    while (in >> word) {
      if ((word == "alloc" || word == "tw" || word == "inuse") && in >> value) total += value;
    }
  }
  return std::min<std::size_t>(total + 64, 4u << 20);
}

}  // namespace

SocketTable read_socket_table(const TableQuery& query) {
  std::optional<BackgroundScan> scan;
  if (query.with_processes) scan.emplace(query);
  SocketTable table;
  table.rows.reserve(expected_sockets());
  const Source source = query.keep_raw ? Source::proc : query.source;
  if (source == Source::proc) {
    read_from_proc(query, table);
  } else if (source == Source::netlink || source == Source::iphlpapi) {
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
  if (scan) attach_processes(table, query, scan->result());
  return table;
}

}  // namespace lab::sockets
