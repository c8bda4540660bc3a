// The Windows backend of the socket table (common/sockets/socket_table_windows.cpp), run under
// Wine in CI and on Windows by hand: sockets this test opens itself must appear with the right
// protocol, family, addresses, ports and states. Wine 8 reports PID 0 for every socket (Wine
// 9.17+ and Windows report the real one), so the PID checks accept 0 only under Wine.
#define CATCH_CONFIG_MAIN
#include <winsock2.h>
#include <ws2tcpip.h>

#include <windows.h>

#include <catch2/catch.hpp>
#include <optional>
#include <string>

#include "sockets/socket_table.hpp"

using namespace lab::sockets;

namespace {

bool under_wine() {
  HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
  return ntdll && GetProcAddress(ntdll, "wine_get_version") != nullptr;
}

struct Winsock {
  Winsock() {
    WSADATA data;
    REQUIRE(WSAStartup(MAKEWORD(2, 2), &data) == 0);
  }
  ~Winsock() { WSACleanup(); }
};

// A socket of this test, closed at the end of the scope, with its bound port.
struct OwnSocket {
  OwnSocket(int family, int type, const char* address) {
    handle = socket(family, type, 0);
    REQUIRE(handle != INVALID_SOCKET);
    sockaddr_storage storage{};
    int length = 0;
    if (family == AF_INET) {
      auto* v4 = reinterpret_cast<sockaddr_in*>(&storage);
      v4->sin_family = AF_INET;
      inet_pton(AF_INET, address, &v4->sin_addr);
      length = sizeof *v4;
    } else {
      auto* v6 = reinterpret_cast<sockaddr_in6*>(&storage);
      v6->sin6_family = AF_INET6;
      inet_pton(AF_INET6, address, &v6->sin6_addr);
      length = sizeof *v6;
    }
    bound = bind(handle, reinterpret_cast<sockaddr*>(&storage), length) == 0;
    length = sizeof storage;
    getsockname(handle, reinterpret_cast<sockaddr*>(&storage), &length);
    port = ntohs(family == AF_INET ? reinterpret_cast<sockaddr_in*>(&storage)->sin_port
                                   : reinterpret_cast<sockaddr_in6*>(&storage)->sin6_port);
  }
  ~OwnSocket() { closesocket(handle); }
  SOCKET handle = INVALID_SOCKET;
  bool bound = false;
  std::uint16_t port = 0;
};

// Reads only the part of the table asked for: under Wine 8 each GetExtended*Table call takes
// about half a second.
std::optional<SocketRow> find_row(Protocol protocol, std::uint16_t local_port,
                                  std::uint16_t remote_port = 0, bool with_processes = false,
                                  Family family = Family::ipv4) {
  TableQuery query;
  query.tcp = protocol == Protocol::tcp;
  query.udp = protocol == Protocol::udp;
  query.ipv4 = family == Family::ipv4;
  query.ipv6 = family == Family::ipv6;
  query.with_processes = with_processes;
  for (const SocketRow& row : read_socket_table(query).rows)
    if (row.protocol == protocol && row.local.port == local_port && row.remote.port == remote_port)
      return row;
  return std::nullopt;
}

void check_owner(const SocketRow& row) {
  REQUIRE(row.pid.has_value());
  if (under_wine() && *row.pid == 0) return;  // Wine 8 cannot tell
  CHECK(*row.pid == static_cast<int>(GetCurrentProcessId()));
}

}  // namespace

TEST_CASE("windows socket table: a TCP listener on 127.0.0.1 is LISTENING with its port") {
  Winsock winsock;
  OwnSocket listener(AF_INET, SOCK_STREAM, "127.0.0.1");
  REQUIRE(listener.bound);
  REQUIRE(listen(listener.handle, 4) == 0);
  auto row = find_row(Protocol::tcp, listener.port);
  REQUIRE(row);
  CHECK(row->family == Family::ipv4);
  CHECK(row->local.to_string() == "127.0.0.1:" + std::to_string(listener.port));
  CHECK(row->remote.to_string() == "0.0.0.0:0");
  CHECK(row->state == TcpState::listen);
  CHECK(windows_state_name(row->state) == "LISTENING");
  check_owner(*row);

  // who_holds answers with the listener only, not with the connections it accepts.
  OwnSocket client(AF_INET, SOCK_STREAM, "127.0.0.1");
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(listener.port);
  inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
  REQUIRE(connect(client.handle, reinterpret_cast<sockaddr*>(&to), sizeof to) == 0);
  SOCKET accepted = accept(listener.handle, nullptr, nullptr);
  REQUIRE(accepted != INVALID_SOCKET);
  auto client_end = find_row(Protocol::tcp, client.port, listener.port);
  auto server_end = find_row(Protocol::tcp, listener.port, client.port);
  REQUIRE(client_end);
  REQUIRE(server_end);
  CHECK(client_end->state == TcpState::established);
  CHECK(server_end->state == TcpState::established);
  CHECK(server_end->remote.to_string() == "127.0.0.1:" + std::to_string(client.port));
  const auto holders = who_holds(Protocol::tcp, listener.port);
  REQUIRE(holders.size() == 1);
  CHECK(holders[0].state == TcpState::listen);
  closesocket(accepted);
}

TEST_CASE("windows socket table: a UDP socket has no remote end and no state") {
  Winsock winsock;
  OwnSocket udp(AF_INET, SOCK_DGRAM, "127.0.0.1");
  REQUIRE(udp.bound);
  auto row = find_row(Protocol::udp, udp.port);
  REQUIRE(row);
  CHECK(row->local.to_string() == "127.0.0.1:" + std::to_string(udp.port));
  CHECK(row->state == TcpState::close);
  CHECK(row->remote.port == 0);
  check_owner(*row);
  // TCP and UDP with one number are different ports: the TCP query does not list it.
  TableQuery tcp_only;
  tcp_only.udp = false;
  tcp_only.ipv6 = false;
  for (const SocketRow& any : read_socket_table(tcp_only).rows)
    CHECK(any.protocol == Protocol::tcp);
}

TEST_CASE("windows socket table: IPv6 rows print as netstat does, [::1]:PORT") {
  Winsock winsock;
  OwnSocket listener(AF_INET6, SOCK_STREAM, "::1");
  if (!listener.bound) {
    WARN("no IPv6 loopback here: nothing to check");
    return;
  }
  REQUIRE(listen(listener.handle, 4) == 0);
  auto row = find_row(Protocol::tcp, listener.port, 0, false, Family::ipv6);
  REQUIRE(row);
  CHECK(row->family == Family::ipv6);
  CHECK(row->local.to_string() == "[::1]:" + std::to_string(listener.port));
  CHECK(row->remote.to_string() == "[::]:0");
  CHECK(row->state == TcpState::listen);
}

TEST_CASE("windows socket table: program names come with the PIDs, without elevation") {
  Winsock winsock;
  OwnSocket listener(AF_INET, SOCK_STREAM, "127.0.0.1");
  REQUIRE(listen(listener.handle, 4) == 0);
  auto row = find_row(Protocol::tcp, listener.port, 0, true);
  REQUIRE(row);
  if (row->pid == 0) {
    CHECK(under_wine());  // only Wine 8 hides the owner
    CHECK(row->program.empty());
  } else {
    CHECK(row->program == "lab-windows-unit-tests.exe");
  }
}
