#pragma once
// Teaching notes lab-netstat prints under a row: --explain (what the port and the state mean)
// and --raw (the /proc/net/tcp line the row came from, its hex fields decoded).
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <utility>

#include "sockets/socket_row.hpp"

namespace lab::netstat {

struct ExplainContext {
  std::set<std::pair<sockets::Protocol, std::uint16_t>> listening_ports;  // held by listeners
#ifdef _WIN32
  std::uint16_t ephemeral_low = 49152;  // Windows' default (netsh int ipv4 show dynamicport tcp)
  std::uint16_t ephemeral_high = 65535;
#else
  std::uint16_t ephemeral_low = 32768;  // /proc/sys/net/ipv4/ip_local_port_range
  std::uint16_t ephemeral_high = 60999;
#endif
};
// Reads this machine's ephemeral range (the default above when it cannot).
void load_ephemeral_range(ExplainContext& context);

// "well-known (0-1023)", "registered (1024-49151)", "dynamic (49152-65535)" in the current
// language.
std::string port_range_name(std::uint16_t port);
// "http", "ssh", "mysql" ... from the lesson's table, else /etc/services; "" when unknown.
std::string service_name(std::uint16_t port, sockets::Protocol protocol);
// The name /etc/services gives a port ("http"), read once; "" when it has none.
std::string_view etc_services_name(std::uint16_t port, sockets::Protocol protocol);
// One line about a state ("waiting for connections" ...), in the current language.
std::string state_meaning(const sockets::SocketRow& row);

// The --explain lines for a row (each starts with spaces and ends with '\n').
std::string explain_notes(const sockets::SocketRow& row, const ExplainContext& context);
// The --raw lines: the source line and its fields decoded ("" when the row has no raw line).
std::string raw_notes(const sockets::SocketRow& row);

}  // namespace lab::netstat
