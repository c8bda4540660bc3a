// lab-multi-port: one process may hold many ports, and many connections share one server port.
//
//   for every port listed:  socket → bind → listen (TCP)   — a port that is taken is reported,
//                                                             naming its holder, and skipped
//   TCP:  accept → "PID 4312, port 7002/tcp" → echo every byte → close
//   UDP:  recvfrom → "PID 4312, port 7001/udp\n" with the datagram behind it → sendto
//         (never to another responder, a service port, or too often: udp/answer_guard.hpp)
//
// One PID on every row of lab-netstat; every connection is told apart by its 4-tuple
// (local address:port, remote address:port), even when they all share one local port.
#include <array>
#include <list>

#include <asio.hpp>

#include "bind/bind.hpp"
#include "cli/input.hpp"
#include "cli/loop_signals.hpp"
#include "cli/wording.hpp"
#include "net/await.hpp"
#include "registry.hpp"
#include "wire/header.hpp"
#include "wire/refusal.hpp"

using asio::ip::tcp;
using asio::ip::udp;
using lab::use_tuple;

// Defined below main(), in the order the lesson meets them: accept() and the echo for TCP, then
// recvfrom() and sendto() for UDP.
asio::awaitable<void> accept_connections(tcp::acceptor& acceptor,
                                         multi_port_lab::Registry& registry, bool greet);
asio::awaitable<void> serve(tcp::socket socket, tcp::endpoint listener, tcp::endpoint peer,
                            multi_port_lab::Registry& registry, bool greet);
asio::awaitable<void> refuse(tcp::socket socket, unsigned limit);
asio::awaitable<void> answer_datagrams(udp::socket& socket, multi_port_lab::Registry& registry);

int main(int argc, char** argv) {
  return lab::run_main("lab-multi-port", [&] {
    const multi_port_lab::Options options = multi_port_lab::parse_options(argc, argv);

    asio::io_context io;
    // Ctrl-C is caught before the first port is announced: it may not end us uncleanly.
    lab::LoopSignals signals(io);
    multi_port_lab::Registry registry(options);
    std::list<tcp::acceptor> acceptors;  // std::list: they never move once open
    std::list<udp::socket> datagram_sockets;
    lab::bind::BindRequest request;  // no SO_REUSEADDR, no SO_REUSEPORT: a port is ours alone
    request.address = options.address;

    // A port that another socket holds is skipped, and the registry says who holds it.
    auto opened = [&](lab::Transport transport, std::uint16_t port, std::error_code ec) {
      if (ec)
        registry.skipped(transport, port,
                         lab::bind_error_message(ec, transport, request.address, port));
      else
        registry.holding(transport, port);
      return !ec;
    };
    std::string step;  // which call failed ("bind", "listen"); the error text says enough here
    for (std::uint16_t port : options.tcp_ports) {
      request.transport = lab::Transport::tcp;
      request.port = port;
      // socket() -> bind() -> listen(), one listening socket per TCP port
      auto& acceptor = acceptors.emplace_back(io);
      if (!opened(request.transport, port, lab::bind::open_bind_listen(acceptor, request, step)))
        acceptors.pop_back();
    }
    for (std::uint16_t port : options.udp_ports) {
      request.transport = lab::Transport::udp;
      request.port = port;
      // socket() -> bind(), no listen(): UDP has no connections to wait for
      auto& socket = datagram_sockets.emplace_back(io);
      if (!opened(request.transport, port, lab::bind::open_bind(socket, request, step)))
        datagram_sockets.pop_back();
    }
    registry.announce_all(options.tcp_ports.size() + options.udp_ports.size());

    for (auto& acceptor : acceptors)
      asio::co_spawn(io, accept_connections(acceptor, registry, !options.echo_only),
                     asio::detached);
    for (auto& socket : datagram_sockets)
      asio::co_spawn(io, answer_datagrams(socket, registry), asio::detached);

    // Listing on request: Enter, SIGUSR1 (Ctrl-Break on Windows), and every --list-every seconds.
    lab::StdinLines input(io);
    input.start([&] { registry.print_listing(); });
    signals.on_list([&] { registry.print_listing(); });
    asio::steady_timer list_timer(io);
    std::function<void(std::error_code)> on_tick = [&](std::error_code ec) {
      if (ec) return;
      registry.print_listing();
      list_timer.expires_after(std::chrono::seconds(options.list_every_s));
      list_timer.async_wait(on_tick);
    };
    if (options.list_every_s > 0) {
      list_timer.expires_after(std::chrono::seconds(options.list_every_s));
      list_timer.async_wait(on_tick);
    }

    // Ctrl-C: close every socket; the coroutines see operation_aborted and end; run() returns.
    signals.on_stop([&] {
      std::error_code ignored;
      for (auto& acceptor : acceptors)
        acceptor.close(ignored);
      for (auto& socket : datagram_sockets)
        socket.close(ignored);
      registry.close_all();
      input.stop();
      signals.cancel();
      list_timer.cancel();
    });
    io.run();
    registry.print_summary();
    return lab::exit_ok;
  });
}

// accept(): a new socket per client on this port; the listening socket stays.
asio::awaitable<void> accept_connections(tcp::acceptor& acceptor,
                                         multi_port_lab::Registry& registry, bool greet) {
  const tcp::endpoint listener = acceptor.local_endpoint();
  for (;;) {
    // accept() names the peer: a client that already reset has none left to ask for later.
    tcp::endpoint peer;
    auto [ec, socket] = co_await acceptor.async_accept(peer, use_tuple);
    // Ctrl-C closed the acceptor (Wine reports that with another error than "aborted").
    if (ec == asio::error::operation_aborted || !acceptor.is_open()) co_return;
    if (ec) continue;       // e.g. the client gave up before we accepted it
    if (registry.full()) {  // bounded: say so and close
      registry.refused(listener, peer);
      asio::co_spawn(acceptor.get_executor(), refuse(std::move(socket), registry.max_connections()),
                     asio::detached);
      continue;
    }
    registry.reserve();  // counted now: a burst of accepts cannot overshoot the limit
    asio::co_spawn(acceptor.get_executor(),
                   serve(std::move(socket), listener, peer, registry, greet), asio::detached);
  }
}

// read() and write(): the first line names this process and port, then every byte comes back;
// close() when the client has closed (or reset).
asio::awaitable<void> serve(tcp::socket socket, tcp::endpoint listener, tcp::endpoint peer,
                            multi_port_lab::Registry& registry, bool greet) {
  const auto id = registry.opened(socket, listener, peer);
  std::error_code ec;
  std::size_t sent = 0;
  if (greet)
    std::tie(ec, sent) = co_await asio::async_write(
        socket, asio::buffer(lab::answer_line(lab::Transport::tcp, listener.port())), use_tuple);
  std::array<char, 4096> buffer;  // the most this connection ever holds
  while (!ec) {
    auto [read_ec, size] = co_await socket.async_read_some(asio::buffer(buffer), use_tuple);
    if (read_ec) break;  // the client closed (EOF), reset, or we are stopping
    std::tie(ec, sent) = co_await asio::async_write(socket, asio::buffer(buffer, size), use_tuple);
  }
  registry.closed(id);
}

// Beyond --max-connections: the "server full" line (a client tells it from an echo), then close.
asio::awaitable<void> refuse(tcp::socket socket, unsigned limit) {
  const std::string line = lab::wire::server_full_line(lab::trf(
      "{} connection{} at once; try again later",
      "동시 연결 {}개{}가 한도입니다. 나중에 다시 시도하세요", limit, lab::plural_s(limit)));
  co_await asio::async_write(socket, asio::buffer(line), use_tuple);
}

// One answer per datagram: "PID 4312, port 7001/udp\n" and then the datagram itself, in one
// datagram, so that every answer is recognisably ours. The guard (udp/answer_guard.hpp) ignores
// what another responder sent (its answers look like ours), forged service ports, and more than
// its limit per sender address: two responders never answer each other forever.
asio::awaitable<void> answer_datagrams(udp::socket& socket, multi_port_lab::Registry& registry) {
  const auto line = lab::answer_line(lab::Transport::udp, socket.local_endpoint().port());
  std::vector<char> answer(lab::wire::max_udp_payload_ipv4);  // the line, then the echo
  std::copy(line.begin(), line.end(), answer.begin());
  const auto echo = asio::buffer(answer) + line.size();  // the datagram is read right behind it
  udp::endpoint sender;
  for (;;) {
    auto [ec, size] = co_await socket.async_receive_from(echo, sender, use_tuple);
    if (ec == asio::error::operation_aborted || !socket.is_open()) co_return;
    if (ec) continue;  // e.g. Windows' WSAECONNRESET after an ICMP port unreachable
    const auto verdict =
        registry.guard().check(sender, std::string_view(answer.data() + line.size(), size));
    if (verdict != lab::udp::AnswerGuard::Verdict::answer) continue;
    registry.datagram(socket.local_endpoint().port());
    co_await socket.async_send_to(asio::buffer(answer, line.size() + size), sender, use_tuple);
  }
}
