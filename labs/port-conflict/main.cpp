// lab-port-conflict: one port is held by one process.
//
//   hold  socket → setsockopt(SO_REUSEADDR, SO_REUSEPORT) → bind → listen → accept ... Ctrl-C
//   try   socket → setsockopt → bind (→ listen) → close, and what the OS answered
//   demo  every scenario, each side in its own process (demo.cpp)
//
// Both reuse options are set explicitly, on or off: Asio's acceptor would otherwise switch
// SO_REUSEADDR on by itself and hide half of the lesson.
#include <array>

#include <asio.hpp>

#include "cli/app.hpp"
#include "cli/loop_signals.hpp"
#include "demo.hpp"
#include "net/await.hpp"
#include "options.hpp"
#include "render/output.hpp"
#include "report.hpp"

using asio::ip::tcp;
using asio::ip::udp;
using lab::use_tuple;

// Defined below main(), in the order they run: hold (socket → bind → listen, then accept() and
// recvfrom() until Ctrl-C), try (socket → bind → close). demo runs both in children (demo.cpp).
int hold(const port_conflict_lab::HoldOptions& options, bool json);
asio::awaitable<void> answer_connections(tcp::acceptor& acceptor,
                                         port_conflict_lab::HoldStats& stats);
asio::awaitable<void> answer_datagrams(udp::socket& socket, port_conflict_lab::HoldStats& stats);
int attempt(const port_conflict_lab::TryOptions& options, bool json);

int main(int argc, char** argv) {
  return lab::run_main("lab-port-conflict", [&] {
    const port_conflict_lab::Options options = port_conflict_lab::parse_options(argc, argv);
    switch (options.command) {
      case port_conflict_lab::Command::hold:
        return hold(options.hold, options.common.json);
      case port_conflict_lab::Command::attempt:
        return attempt(options.attempt, options.common.json);
      case port_conflict_lab::Command::demo:
        break;
    }
    return port_conflict_lab::run_demo(options.demo, options.common.json);
  });
}

int hold(const port_conflict_lab::HoldOptions& options, bool json) {
  lab::out::keep_running_without_reader();  // a holder's clients still need it
  asio::io_context io;
  // Caught from the start: a Ctrl-C right after the start-up line must still end us cleanly.
  lab::LoopSignals signals(io);
  tcp::acceptor acceptor(io);
  udp::socket datagrams(io);
  lab::bind::BindRequest request = options.request;
  std::string step;

  if (options.tcp || !options.udp) {
    request.transport = lab::Transport::tcp;
    if (auto ec = lab::bind::open_bind_listen(acceptor, request, step))
      port_conflict_lab::hold_failed(request, step, ec);
    request.port = acceptor.local_endpoint().port();  // --port 0: UDP gets the same number
    port_conflict_lab::report_holding(request, json);
  }
  if (options.udp) {
    request.transport = lab::Transport::udp;
    if (auto ec = lab::bind::open_bind(datagrams, request, step))
      port_conflict_lab::hold_failed(request, step, ec);
    request.port = datagrams.local_endpoint().port();
    port_conflict_lab::report_holding(request, json);
  }

  port_conflict_lab::HoldStats stats;
  if (acceptor.is_open()) asio::co_spawn(io, answer_connections(acceptor, stats), asio::detached);
  if (datagrams.is_open()) asio::co_spawn(io, answer_datagrams(datagrams, stats), asio::detached);

  // Ctrl-C: close the sockets (the port is free again the moment they close) and stop.
  signals.on_stop([&] {
    std::error_code ignored;
    acceptor.close(ignored);
    datagrams.close(ignored);
  });
  io.run();
  port_conflict_lab::report_stopped(stats, json);
  return lab::exit_ok;
}

// Every connection gets one line naming this process and port; then we close it first, so the
// TIME_WAIT that follows stays on this server's port (that is what scenario 5 restarts over).
asio::awaitable<void> answer_connections(tcp::acceptor& acceptor,
                                         port_conflict_lab::HoldStats& stats) {
  const auto line = lab::answer_line(lab::Transport::tcp, acceptor.local_endpoint().port());
  for (;;) {
    auto [ec, connection] = co_await acceptor.async_accept(use_tuple);
    if (ec == asio::error::operation_aborted) co_return;
    if (ec) {
      lab::print_warning(ec.message());
      co_return;
    }
    ++stats.connections;
    co_await asio::async_write(connection, asio::buffer(line), use_tuple);
    std::error_code ignored;
    connection.shutdown(tcp::socket::shutdown_send, ignored);  // FIN from this side first
    connection.close(ignored);
  }
}

// Every datagram gets the same line back, to the address:port it came from, unless the guard
// says answering would make this a reflector (udp/answer_guard.hpp).
asio::awaitable<void> answer_datagrams(udp::socket& socket, port_conflict_lab::HoldStats& stats) {
  const auto line = lab::answer_line(lab::Transport::udp, socket.local_endpoint().port());
  std::array<char, 2048> buffer;
  udp::endpoint sender;
  for (;;) {
    auto [ec, size] = co_await socket.async_receive_from(asio::buffer(buffer), sender, use_tuple);
    // Ctrl-C closed the socket: stop (a closed socket fails at once, forever).
    if (ec == asio::error::operation_aborted || !socket.is_open()) co_return;
    if (ec) continue;  // a UDP socket keeps serving after one bad datagram
    if (stats.guard.check(sender, std::string_view(buffer.data(), size)) !=
        lab::udp::AnswerGuard::Verdict::answer)
      continue;
    ++stats.datagrams;
    co_await socket.async_send_to(asio::buffer(line), sender, use_tuple);
  }
}

int attempt(const port_conflict_lab::TryOptions& options, bool json) {
  asio::io_context io;
  lab::bind::BindRequest request = options.request;
  std::string step;
  std::error_code ec;
  if (request.transport == lab::Transport::tcp) {
    tcp::acceptor acceptor(io);
    ec = lab::bind::open_bind_listen(acceptor, request, step);
    if (!ec) request.port = acceptor.local_endpoint().port();
  } else {
    udp::socket socket(io);
    ec = lab::bind::open_bind(socket, request, step);
    if (!ec) request.port = socket.local_endpoint().port();
  }
  // The socket is closed now: the report names the other holders, never this process.
  return port_conflict_lab::report_attempt(request, step, ec, json);
}
