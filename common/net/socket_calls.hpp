#pragma once
// socket() and setsockopt() through Asio, named as the lesson names them. Asio's throwing forms
// name their own members in an error ("open: Address family not supported by protocol",
// "set_option: Invalid argument"); a student looks for the system call: "socket: ...",
// "setsockopt SO_RCVBUF: ...". run_main prints either as the one error line.
#include <string>
#include <string_view>
#include <system_error>

namespace lab {

// socket(): opens `socket` (an Asio socket or acceptor) for `protocol` (tcp::v4(), udp::v6() ...).
template <class Socket, class Protocol>
void open_socket(Socket& socket, const Protocol& protocol) {
  std::error_code ec;
  socket.open(protocol, ec);
  if (ec) throw std::system_error(ec, "socket");
}

// setsockopt(): sets `option` on `socket`; `name` is the option as the lesson writes it
// ("SO_RCVBUF", "SO_REUSEADDR").
template <class Socket, class Option>
void set_socket_option(Socket& socket, const Option& option, std::string_view name) {
  std::error_code ec;
  socket.set_option(option, ec);
  if (ec) throw std::system_error(ec, "setsockopt " + std::string(name));
}

}  // namespace lab
