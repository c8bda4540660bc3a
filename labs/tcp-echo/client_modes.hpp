#pragma once
// The ways lab-tcp-client talks over one connection (client.cpp opens and closes it). The load
// mode, which opens many connections of its own, is in client_load.hpp.
#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>

#include "client_support.hpp"

namespace tcp_echo_lab {

// Type a line, see it echoed with its round-trip time. Ends at end of input.
int run_interactive(asio::io_context& io, asio::ip::tcp::socket& socket,
                    const ClientOptions& options);
// --count N --size B (or --bulk): send, check every echoed byte, count writes and reads.
int run_scripted(asio::io_context& io, asio::ip::tcp::socket& socket, const ClientOptions& options);
// --step: connect, send, half-close, close, with a pause and a lab-netstat hint at each step.
int run_step(asio::io_context& io, asio::ip::tcp::socket& socket, const ClientOptions& options);

}  // namespace tcp_echo_lab
