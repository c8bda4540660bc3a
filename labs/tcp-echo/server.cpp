// lab-tcp-server — a TCP echo server: every byte a client sends comes back to it.
//
// Read it top to bottom; it follows the textbook:
//   1. socket()  2. bind()  3. listen()  4. accept()  5. read()/write()  6. close()
// main() does 1-3, then the functions below it take the lesson on: accept_clients() is step 4,
// echo() step 5, close_connection() step 6. The options live in server_options.cpp; the
// connection log, its states, the memory budget and the idle timer in server_support.cpp.
#include <memory>

#include <asio.hpp>

#include "bind/bind.hpp"
#include "cli/app.hpp"
#include "cli/loop_signals.hpp"
#include "net/await.hpp"
#include "net/socket_calls.hpp"
#include "server_support.hpp"

using asio::awaitable;
using asio::ip::tcp;
using namespace tcp_echo_lab;
using lab::use_tuple;

// Defined below main(), in the order the lesson meets them.
awaitable<void> accept_clients(Server& server, tcp::acceptor& acceptor);
awaitable<void> echo(Server& server, std::shared_ptr<Connection> connection);
void close_connection(Server& server, Connection& connection);

int main(int argc, char** argv) {
  return lab::run_main("lab-tcp-server", [&] {
    Server server(parse_options(argc, argv));
    asio::io_context io(1);
    const tcp::endpoint endpoint(server.options.bind_address, server.options.port);

    // 1. socket(): a TCP socket of the address's family (IPv4 or IPv6).
    tcp::acceptor acceptor(io);
    lab::open_socket(acceptor, endpoint.protocol());

    // 2. bind(): claim the address and port. SO_REUSEADDR is a choice we make, not Asio's default.
    lab::set_socket_option(acceptor, asio::socket_base::reuse_address(server.options.reuse_address),
                           "SO_REUSEADDR");
    lab::bind_or_fail(acceptor, endpoint);

    // 3. listen(): from now on the kernel completes handshakes and queues them for accept().
    acceptor.listen(server.options.backlog);
    server.log.listening(acceptor.local_endpoint());

    asio::co_spawn(io, accept_clients(server, acceptor), asio::detached);

    // Ctrl-C: stop accepting, close every open connection (each is logged as closed by the
    // server), then leave the event loop.
    lab::LoopSignals signals(io);
    signals.on_stop([&] {
      asio::error_code ignored;
      acceptor.close(ignored);
      server.stop_all_connections();
      io.stop();
    });
    io.run();
    server.log.summary(server.totals);
    return lab::exit_ok;
  });
}

// 4. accept(): each call hands us a NEW socket for one client; the listening socket stays.
awaitable<void> accept_clients(Server& server, tcp::acceptor& acceptor) {
  for (;;) {
    // accept() itself says who connected: a client that has already reset the connection has
    // no peer address any more by the time we could ask getpeername().
    tcp::endpoint peer;
    auto [error, socket] = co_await acceptor.async_accept(peer, use_tuple);
    // Ctrl-C closed the acceptor (Wine reports that with another error than "aborted").
    if (error == asio::error::operation_aborted || !acceptor.is_open()) co_return;
    if (error) {  // e.g. EMFILE: out of file descriptors; wait instead of spinning
      lab::print_warning(lab::trf("accept: {}", "accept: {}", error.message()));
      asio::steady_timer pause(acceptor.get_executor(), std::chrono::milliseconds(100));
      co_await pause.async_wait(use_tuple);
      continue;
    }
    if (server.full()) {  // beyond --max-clients: say so in one line and hang up
      asio::co_spawn(acceptor.get_executor(), refuse(server, std::move(socket), peer),
                     asio::detached);
      continue;
    }
    asio::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);  // echo each piece at once (no Nagle)
    auto connection = server.open_connection(std::move(socket), acceptor, peer);
    asio::co_spawn(acceptor.get_executor(), echo(server, connection), asio::detached);
  }
}

// 5. read() and write(): echo whatever arrives, in whatever pieces the kernel hands us.
awaitable<void> echo(Server& server, std::shared_ptr<Connection> connection) {
  tcp::socket& socket = connection->socket;
  watch_idle_time(server, connection);
  for (;;) {
    co_await pause_before_read(server, socket);  // --read-delay: sends pile up in the kernel
    auto [read_error, n] = co_await socket.async_read_some(connection->buffer.space(), use_tuple);
    if (read_error) {
      connection->closer_after_read_error(read_error);
      break;
    }
    connection->counted_read(server, n);
    // After shutdown(SHUT_WR) we may read but not write.
    if (connection->state == ConnectionState::half_closed) continue;

    // While write() waits for a client that does not read, this loop does not read either:
    // TCP's flow control pushes back, and the connection's memory stays what it is.
    const asio::error_code write_error = co_await write_echo(server, *connection, n);
    if (write_error) {
      connection->closed_by(Closer::error, write_error.message());
      break;
    }
    connection->buffer.grow_if_filled(n);
    if (after_first_echo(server, *connection) == EchoNext::close) break;
  }
  connection->move_to(ConnectionState::finished);
  connection->idle_timer.cancel();
  if (connection->closer == Closer::client && server.options.close_style == CloseStyle::no_close)
    co_await hold_close_wait(server, *connection);  // ends only when the server stops
  close_connection(server, *connection);
}

// 6. close(): how we close decides which TCP state each side is left in.
void close_connection(Server& server, Connection& connection) {
  asio::error_code ignored;
  if (connection.closer == Closer::server_reset)  // close() now sends RST instead of FIN
    connection.socket.set_option(asio::socket_base::linger(true, 0), ignored);
  connection.socket.close(ignored);
  server.connection_closed(connection);
}
