// The Windows backend of the socket table: the IP helper API (iphlpapi), which is where Windows'
// own netstat gets its rows. One call per protocol and family, each with the owning PID; the
// program behind a PID comes from OpenProcess + QueryFullProcessImageNameW.
// winsock2.h before anything that includes windows.h, and iphlpapi.h after both.
#include <winsock2.h>
#include <ws2tcpip.h>

#include <iphlpapi.h>
#include <windows.h>

#include <cstring>
#include <map>
#include <string>
#include <system_error>
#include <vector>

#include "cli/win32.hpp"
#include "sockets/socket_table.hpp"

namespace lab::sockets {
namespace {

// The size-query-then-fill pattern: a call with too small a buffer fails with
// ERROR_INSUFFICIENT_BUFFER and says how big the table is; a socket opened before the next call
// can make it bigger again, so ask a few times. The first call already offers 16 KiB, which holds
// a quiet machine's table and saves one call (each costs about 0.5 s under Wine 8).
template <class Call>
std::vector<unsigned char> read_ip_table(const char* call_name, Call call) {
  std::vector<unsigned char> buffer(16 * 1024);
  for (int attempt = 0; attempt < 8; ++attempt) {
    ULONG size = static_cast<ULONG>(buffer.size());
    const DWORD result = call(buffer.data(), &size);
    if (result == NO_ERROR) return buffer;
    if (result != ERROR_INSUFFICIENT_BUFFER)
      throw std::system_error(static_cast<int>(result), std::system_category(), call_name);
    buffer.resize(size + size / 8);  // a little room for sockets opened in between
  }
  throw std::system_error(ERROR_INSUFFICIENT_BUFFER, std::system_category(), call_name);
}

std::vector<unsigned char> tcp_table(ULONG family) {
  return read_ip_table("GetExtendedTcpTable", [family](void* data, ULONG* size) {
    return GetExtendedTcpTable(data, size, FALSE, family, TCP_TABLE_OWNER_PID_ALL, 0);
  });
}

std::vector<unsigned char> udp_table(ULONG family) {
  return read_ip_table("GetExtendedUdpTable", [family](void* data, ULONG* size) {
    return GetExtendedUdpTable(data, size, FALSE, family, UDP_TABLE_OWNER_PID, 0);
  });
}

// Ports sit in the low 16 bits of a DWORD, in network byte order.
std::uint16_t port_of(DWORD network_order) {
  return ntohs(static_cast<u_short>(network_order & 0xffff));
}

Endpoint endpoint_v4(DWORD address, DWORD port) {
  Endpoint out;
  std::memcpy(out.address.bytes.data(), &address, 4);  // already in network byte order
  out.port = port_of(port);
  return out;
}

Endpoint endpoint_v6(const UCHAR (&address)[16], DWORD port) {
  Endpoint out;
  out.address.family = Family::ipv6;
  std::memcpy(out.address.bytes.data(), address, 16);
  out.port = port_of(port);
  return out;
}

// MIB_TCP_STATE numbering (1 CLOSED … 12 DELETE_TCB) to the model's Linux numbering.
TcpState state_of(DWORD state) {
  switch (state) {
    case MIB_TCP_STATE_CLOSED:
      return TcpState::close;
    case MIB_TCP_STATE_LISTEN:
      return TcpState::listen;
    case MIB_TCP_STATE_SYN_SENT:
      return TcpState::syn_sent;
    case MIB_TCP_STATE_SYN_RCVD:
      return TcpState::syn_recv;
    case MIB_TCP_STATE_ESTAB:
      return TcpState::established;
    case MIB_TCP_STATE_FIN_WAIT1:
      return TcpState::fin_wait1;
    case MIB_TCP_STATE_FIN_WAIT2:
      return TcpState::fin_wait2;
    case MIB_TCP_STATE_CLOSE_WAIT:
      return TcpState::close_wait;
    case MIB_TCP_STATE_CLOSING:
      return TcpState::closing;
    case MIB_TCP_STATE_LAST_ACK:
      return TcpState::last_ack;
    case MIB_TCP_STATE_TIME_WAIT:
      return TcpState::time_wait;
    default:
      return TcpState::unknown;  // DELETE_TCB: on its way out
  }
}

SocketRow row(Protocol protocol, Family family, Endpoint local, Endpoint remote, TcpState state,
              DWORD pid) {
  SocketRow out;
  out.protocol = protocol;
  out.family = family;
  out.local = local;
  out.remote = remote;
  out.remote.address.family = family;
  out.state = state;
  out.pid = static_cast<int>(pid);  // Windows always knows the owner (0: none, as TIME_WAIT)
  return out;
}

void read_tcp(Family family, std::vector<SocketRow>& rows) {
  if (family == Family::ipv4) {
    const auto buffer = tcp_table(AF_INET);
    const auto* table = reinterpret_cast<const MIB_TCPTABLE_OWNER_PID*>(buffer.data());
    for (DWORD i = 0; i < table->dwNumEntries; ++i) {
      const auto& r = table->table[i];
      rows.push_back(row(Protocol::tcp, family, endpoint_v4(r.dwLocalAddr, r.dwLocalPort),
                         endpoint_v4(r.dwRemoteAddr, r.dwRemotePort), state_of(r.dwState),
                         r.dwOwningPid));
    }
  } else {
    const auto buffer = tcp_table(AF_INET6);
    const auto* table = reinterpret_cast<const MIB_TCP6TABLE_OWNER_PID*>(buffer.data());
    for (DWORD i = 0; i < table->dwNumEntries; ++i) {
      const auto& r = table->table[i];
      rows.push_back(row(Protocol::tcp, family, endpoint_v6(r.ucLocalAddr, r.dwLocalPort),
                         endpoint_v6(r.ucRemoteAddr, r.dwRemotePort), state_of(r.dwState),
                         r.dwOwningPid));
    }
  }
}

// UDP rows have no remote end and no state: the model's "unconnected" (close), as on Linux.
void read_udp(Family family, std::vector<SocketRow>& rows) {
  Endpoint nowhere;
  if (family == Family::ipv4) {
    const auto buffer = udp_table(AF_INET);
    const auto* table = reinterpret_cast<const MIB_UDPTABLE_OWNER_PID*>(buffer.data());
    for (DWORD i = 0; i < table->dwNumEntries; ++i) {
      const auto& r = table->table[i];
      rows.push_back(row(Protocol::udp, family, endpoint_v4(r.dwLocalAddr, r.dwLocalPort), nowhere,
                         TcpState::close, r.dwOwningPid));
    }
  } else {
    const auto buffer = udp_table(AF_INET6);
    const auto* table = reinterpret_cast<const MIB_UDP6TABLE_OWNER_PID*>(buffer.data());
    for (DWORD i = 0; i < table->dwNumEntries; ++i) {
      const auto& r = table->table[i];
      rows.push_back(row(Protocol::udp, family, endpoint_v6(r.ucLocalAddr, r.dwLocalPort), nowhere,
                         TcpState::close, r.dwOwningPid));
    }
  }
}

// The executable's file name ("lab-tcp-server.exe"). PROCESS_QUERY_LIMITED_INFORMATION is
// granted for other users' processes too, so no elevation is needed (Windows' own `netstat -b`
// asks for it). Empty when the process is gone or protected.
std::string program_of(DWORD pid, bool& unreadable) {
  if (pid == 0) return "";  // no owner (TIME_WAIT) or the System Idle Process
  if (pid == 4) return "System";
  HANDLE process = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, pid);
  if (!process) {
    unreadable = GetLastError() == ERROR_ACCESS_DENIED;
    return "";
  }
  wchar_t path[MAX_PATH * 4];
  DWORD length = static_cast<DWORD>(std::size(path));
  std::string name;
  if (QueryFullProcessImageNameW(process, 0, path, &length)) {
    std::wstring_view full(path, length);
    const auto slash = full.find_last_of(L"\\/");
    const auto base = slash == std::wstring_view::npos ? full : full.substr(slash + 1);
    name = lab::win32::utf8_from_wide(base);
  }
  CloseHandle(process);
  return name;
}

}  // namespace

SocketTable read_socket_table(const TableQuery& query) {
  SocketTable table;
  table.source_used = Source::iphlpapi;
  if (query.tcp && query.ipv4) read_tcp(Family::ipv4, table.rows);
  if (query.tcp && query.ipv6) read_tcp(Family::ipv6, table.rows);
  if (query.udp && query.ipv4) read_udp(Family::ipv4, table.rows);
  if (query.udp && query.ipv6) read_udp(Family::ipv6, table.rows);
  if (query.with_processes && query.with_program_names) {
    std::map<int, std::string> names;  // one OpenProcess per PID, not per socket
    for (SocketRow& socket : table.rows) {
      const int pid = socket.pid.value_or(0);
      auto found = names.find(pid);
      if (found == names.end()) {
        bool unreadable = false;
        found = names.emplace(pid, program_of(static_cast<DWORD>(pid), unreadable)).first;
        if (unreadable) ++table.unreadable_processes;
      }
      socket.program = found->second;
    }
  }
  return table;
}

}  // namespace lab::sockets
