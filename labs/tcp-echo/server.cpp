// lab-tcp-server — a TCP echo server: every byte a client sends comes back to it.
//
// Read it top to bottom; it follows the textbook:
//   1. socket()  2. bind()  3. listen()  4. accept()  5. read()/write()  6. close()
// Options, logging and the summary live in server_support.cpp.
#include <csignal>
#include <memory>
#include <vector>

#include <asio.hpp>

#include "bind/bind.hpp"
#include "cli/app.hpp"
#include "net/await.hpp"
#include "server_support.hpp"

using asio::awaitable;
using asio::ip::tcp;
using namespace tcp_echo;
using Clock = std::chrono::steady_clock;
using lab::use_tuple;

struct Server {
  explicit Server(ServerOptions o) : options(std::move(o)) {}
  ServerOptions options;
  ConnectionLog log{options};
  ServerTotals totals;
  std::size_t active = 0;
};

// One client's connection: its socket, and a timer that closes it when it stays silent.
struct Connection {
  explicit Connection(tcp::socket s) : socket(std::move(s)), idle_timer(socket.get_executor()) {}
  tcp::socket socket;
  asio::steady_timer idle_timer;
  Clock::time_point last_heard = Clock::now();
  bool idle_expired = false;
  bool finished = false;
};

// --idle-timeout: wakes at the deadline; if nothing arrived since, cancels the pending read.
awaitable<void> watch_idle(std::shared_ptr<Connection> connection, Clock::duration limit) {
  while (!connection->finished) {
    connection->idle_timer.expires_at(connection->last_heard + limit);
    co_await connection->idle_timer.async_wait(use_tuple);
    if (!connection->finished && Clock::now() >= connection->last_heard + limit) {
      connection->idle_expired = true;
      connection->socket.cancel();
      co_return;
    }
  }
}

// 5. read() and write(): echo whatever arrives, in whatever pieces the kernel hands us.
awaitable<void> echo(Server& server, std::shared_ptr<Connection> connection, std::uint64_t id) {
  tcp::socket& socket = connection->socket;
  const ServerOptions& options = server.options;
  asio::error_code ignored;
  const auto local = socket.local_endpoint(ignored), remote = socket.remote_endpoint(ignored);
  const auto started = Clock::now();
  if (options.idle_timeout.count() > 0)
    asio::co_spawn(socket.get_executor(), watch_idle(connection, options.idle_timeout),
                   asio::detached);

  // One buffer per client is all the memory a connection gets. While write() waits for a client
  // that does not read, this loop does not read either: TCP's flow control pushes back.
  std::vector<std::uint8_t> buffer(options.read_size);
  std::uint64_t bytes = 0, reads = 0;
  bool echoed_once = false, half_closed = false;
  Closer closer = Closer::client;
  std::string detail;
  for (;;) {
    if (options.read_delay.count() > 0) {  // a slow reader: sends pile up in the kernel
      asio::steady_timer pause(socket.get_executor(), options.read_delay);
      co_await pause.async_wait(use_tuple);
    }
    auto [read_error, n] = co_await socket.async_read_some(asio::buffer(buffer), use_tuple);
    if (read_error) {
      if (connection->idle_expired)
        closer = Closer::server_idle;
      else if (read_error == asio::error::eof)
        closer = half_closed ? Closer::server_half_close : Closer::client;
      else
        closer = Closer::error, detail = read_error.message();
      break;
    }
    connection->last_heard = Clock::now();
    ++reads, bytes += n;
    server.totals.reads += 1, server.totals.bytes_echoed += n;
    if (half_closed) continue;  // after shutdown(SHUT_WR) we may read but not write

    auto [write_error, written] =
        co_await asio::async_write(socket, asio::buffer(buffer.data(), n), use_tuple);
    if (write_error) {
      closer = Closer::error, detail = write_error.message();
      break;
    }
    if (echoed_once) continue;
    echoed_once = true;
    if (options.close_style == CloseStyle::half_close) {
      socket.shutdown(tcp::socket::shutdown_send, ignored);  // our FIN; the read side stays open
      half_closed = true;
      server.log.note(id, lab::tr("sent FIN (shutdown SHUT_WR): this side FIN_WAIT_2, the client "
                                  "CLOSE_WAIT until it closes",
                                  "FIN 보냄 (shutdown SHUT_WR): 서버 FIN_WAIT_2, 클라이언트가 닫을 "
                                  "때까지 클라이언트 CLOSE_WAIT"));
    } else if (options.close_style == CloseStyle::reset) {
      closer = Closer::server_reset;
      break;
    }
  }
  connection->finished = true;
  connection->idle_timer.cancel();

  // 6. close(): how we close decides which TCP state each side is left in.
  if (closer == Closer::client && options.close_style == CloseStyle::no_close) {
    server.log.note(id, lab::tr("client closed; not closing back: this side CLOSE_WAIT, the client "
                                "FIN_WAIT_2 (until Ctrl-C)",
                                "클라이언트가 닫았지만 서버는 닫지 않음: 서버 CLOSE_WAIT, "
                                "클라이언트 FIN_WAIT_2 (Ctrl-C까지)"));
    asio::steady_timer forever(socket.get_executor(), Clock::time_point::max());
    co_await forever.async_wait(use_tuple);  // ends only when the server stops
  }
  if (closer == Closer::server_reset)
    socket.set_option(asio::socket_base::linger(true, 0), ignored);  // close() now sends RST
  socket.close(ignored);
  server.active -= 1;
  server.log.closed(id, local, remote, closer, detail, bytes, reads, Clock::now() - started);
}

// Beyond --max-clients: say so in one line and hang up.
awaitable<void> refuse(Server& server, tcp::socket socket) {
  asio::error_code ignored;
  server.totals.clients_refused += 1;
  server.log.refused(socket.remote_endpoint(ignored));
  const std::string line =
      lab::trf("server full ({} clients); try again later\n",
               "서버가 가득 찼습니다 (클라이언트 {}명); 나중에 다시 시도하세요\n",
               server.options.max_clients);
  co_await asio::async_write(socket, asio::buffer(line), use_tuple);
  socket.close(ignored);
}

// 4. accept(): each call hands us a NEW socket for one client; the listening socket stays.
awaitable<void> accept_clients(Server& server, tcp::acceptor& acceptor) {
  std::uint64_t next_id = 1;
  for (;;) {
    auto [error, socket] = co_await acceptor.async_accept(use_tuple);
    if (error == asio::error::operation_aborted) co_return;  // Ctrl-C closed the acceptor
    if (error) {  // e.g. EMFILE: out of file descriptors; wait instead of spinning
      lab::print_warning(lab::trf("accept failed: {}", "accept 실패: {}", error.message()));
      asio::steady_timer pause(acceptor.get_executor(), std::chrono::milliseconds(100));
      co_await pause.async_wait(use_tuple);
      continue;
    }
    if (server.active >= server.options.max_clients) {
      asio::co_spawn(acceptor.get_executor(), refuse(server, std::move(socket)), asio::detached);
      continue;
    }
    socket.set_option(tcp::no_delay(true));  // echo each piece at once (no Nagle delay)
    const std::uint64_t id = next_id++;
    server.active += 1, server.totals.clients_served += 1;
    asio::error_code ignored;
    server.log.accepted(id, socket.local_endpoint(ignored), socket.remote_endpoint(ignored),
                        server.active);
    auto connection = std::make_shared<Connection>(std::move(socket));
    asio::co_spawn(acceptor.get_executor(), echo(server, connection, id), asio::detached);
  }
}

int main(int argc, char** argv) {
  return lab::run_main("lab-tcp-server", [&] {
    Server server(parse_server_options(argc, argv));
    asio::io_context io(1);
    const tcp::endpoint endpoint(server.options.bind_address, server.options.port);

    // 1. socket(): a TCP socket of the address's family (IPv4 or IPv6).
    tcp::acceptor acceptor(io);
    acceptor.open(endpoint.protocol());

    // 2. bind(): claim the address and port. SO_REUSEADDR is a choice we make, not Asio's default.
    acceptor.set_option(asio::socket_base::reuse_address(server.options.reuse_address));
    lab::bind_or_fail(acceptor, endpoint);

    // 3. listen(): from now on the kernel completes handshakes and queues them for accept().
    acceptor.listen(server.options.backlog);
    server.log.listening(acceptor.local_endpoint());

    asio::co_spawn(io, accept_clients(server, acceptor), asio::detached);

    // Ctrl-C: stop accepting; every connection closes when the event loop ends.
    asio::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&](const asio::error_code&, int) {
      asio::error_code ignored;
      acceptor.close(ignored);
      io.stop();
    });
    io.run();
    server.log.summary(server.totals);
    return lab::exit_ok;
  });
}
