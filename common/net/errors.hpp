#pragma once
// Socket errors as one line a student can act on.
#include <cstdint>
#include <string>
#include <string_view>
#include <system_error>

#include <asio/ip/address.hpp>

#include "net/transport.hpp"

namespace lab {

// "port 7000/tcp on 127.0.0.1 is already in use by PID 4312 (lab-tcp-server)". Asks the socket
// table who holds the port; says so when the holder is hidden (another user's process) or is a
// connection in TIME_WAIT that no process holds any more.
std::string port_in_use_message(Transport transport, const asio::ip::address& address,
                                std::uint16_t port);

// A failed bind explained: EADDRINUSE names the holder, EACCES explains privileged ports,
// EADDRNOTAVAIL says the address is not on this machine.
std::string bind_error_message(std::error_code ec, Transport transport,
                               const asio::ip::address& address, std::uint16_t port);

// A failed connect / send / receive: refused, reset, timed out, unreachable ... in one line.
std::string connect_error_message(std::error_code ec, std::string_view peer);

// The errno name for an error code, where we know it: "EADDRINUSE", "ECONNREFUSED" ...
std::string_view errno_name(int value);

}  // namespace lab
