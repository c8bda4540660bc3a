#pragma once
// The small pieces lab-tcp-client's modes share: running a step with a deadline, and asking the
// kernel which TCP state our socket is in right now. The options live in client_options.hpp.
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include <asio/awaitable.hpp>
#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>

#include "client_options.hpp"

namespace tcp_echo_lab {

// Runs `work` on `io` until it finishes or `timeout` passes; on timeout cancels `socket`
// (so the work ends with operation_aborted) and returns false.
bool run_with_deadline(asio::io_context& io, asio::ip::tcp::socket& socket,
                       asio::awaitable<void> work, std::chrono::steady_clock::duration timeout);

// connect() with a time limit; fails (exit 1) with one line: refused, unreachable, timed out.
void connect_or_fail(asio::io_context& io, asio::ip::tcp::socket& socket,
                     const ClientOptions& options);

// When what came back first is a "server full" line rather than an echo of `sent`, fails
// (exit 1) with one line saying the server turned us away, and why.
void fail_if_server_full(std::string_view came_back, std::string_view sent,
                         const ClientOptions& options);

// The state the kernel reports for this connection ("ESTABLISHED", "FIN_WAIT_2" ...), read
// from the socket table; "" when the socket is not in the table.
std::string kernel_state(const asio::ip::tcp::endpoint& local,
                         const asio::ip::tcp::endpoint& remote);

}  // namespace tcp_echo_lab
