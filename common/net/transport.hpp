#pragma once
// TCP or UDP: the one transport enum of the suite (the socket table's own, so a bind request and
// a row of lab-netstat speak the same type).
#include <cstdint>
#include <string>
#include <string_view>

#include "sockets/socket_row.hpp"

namespace lab {

using Transport = sockets::Protocol;

// "tcp" / "udp", as in "7000/tcp" (lab-netstat's column says "TCP": sockets::protocol_name).
std::string_view transport_name(Transport transport);

// "PID 4312, port 7000/tcp": what a lab server answers each client with, so the student sees
// which process holds the port they reached (lab-port-conflict hold, lab-multi-port).
std::string answer_line(Transport transport, std::uint16_t port);

}  // namespace lab
