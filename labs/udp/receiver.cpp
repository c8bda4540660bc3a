// lab-udp-receiver: a UDP receiver, in the textbook's order: socket → bind → recvfrom → close.
//
// There is no listen() and no accept(): UDP has no connections. One socket receives datagrams
// from anyone, each with its sender's address. Each recvfrom returns exactly one datagram (its
// boundaries are kept, unlike TCP's byte stream) and whatever does not fit the buffer is gone.
// When the receive buffer is full, the kernel drops new datagrams and nobody tells the sender;
// SO_RXQ_OVFL lets us see how many (Linux; Windows does not tell).
#include <chrono>
#include <exception>
#include <vector>

#include <asio.hpp>

#include "bind/bind.hpp"
#include "cli/app.hpp"
#include "cli/loop_signals.hpp"
#include "net/endpoints.hpp"
#include "net/socket_calls.hpp"
#include "receiver_report.hpp"
#include "udp/batch_io.hpp"

using asio::ip::udp;
using namespace std::chrono_literals;

// A --quiet receiver takes up to this many datagrams per recvmmsg() call.
constexpr std::size_t datagrams_per_batch = 64;
// Reads per readable socket before the event loop gets a turn (Ctrl-C, --timeout).
constexpr int rounds_per_wakeup = 16;

// Defined below main(), in the order they run.
asio::awaitable<void> receive_loop(udp::socket& socket, udp_lab::ReceiverReport& report,
                                   const udp_lab::ReceiverOptions& options);
asio::awaitable<void> idle_watch(udp_lab::ReceiverReport& report, double timeout_s);

int main(int argc, char** argv) {
  return lab::run_main("lab-udp-receiver", [&] {
    const udp_lab::ReceiverOptions options = udp_lab::parse_options(argc, argv);
    udp_lab::ReceiverReport report(options);
    asio::io_context io;
    // Ctrl-C is caught from here on (before the start-up line a test or a student reacts to).
    lab::LoopSignals signals(io);

    // 1. socket(AF_INET, SOCK_DGRAM): a UDP socket.
    const auto address = lab::resolve_host(options.bind);
    udp::socket socket(io);
    lab::open_socket(socket, address.is_v4() ? udp::v4() : udp::v6());
    // A small receive buffer (set before bind, so it holds from the first datagram) makes the
    // kernel drop datagrams as soon as the reader falls behind.
    if (options.rcvbuf != 0)
      lab::set_socket_option(
          socket, asio::socket_base::receive_buffer_size(static_cast<int>(options.rcvbuf)),
          "SO_RCVBUF");
    lab::udp::enable_drop_counter(socket.native_handle());
    // Windows: a UDP socket whose datagram earned an ICMP port unreachable fails its next
    // recvfrom with WSAECONNRESET 10054, connected or not. This receiver never stops for one
    // vanished peer: SIO_UDP_CONNRESET off (nothing to do on Linux, which tells only a
    // connected socket).
    lab::udp::keep_receiving_after_port_unreachable(socket.native_handle());

    // 2. bind(): from now on datagrams to this address:port are queued for this socket.
    lab::bind_or_fail(socket, udp::endpoint(address, options.port));
    report.listening(socket.local_endpoint(),
                     lab::udp::granted_receive_buffer(socket.native_handle()));

    // 3. recvfrom() until --count, --timeout or Ctrl-C, whichever comes first.
    std::string reason = "signal";
    std::exception_ptr failure;
    auto finish = [&](std::string why) {
      return [&, why](std::exception_ptr e) {
        if (e && !failure) failure = e;
        if (reason == "signal") reason = why;
        io.stop();
      };
    };
    asio::co_spawn(io, receive_loop(socket, report, options), finish("count"));
    if (options.timeout_s > 0)
      asio::co_spawn(io, idle_watch(report, options.timeout_s), finish("timeout"));
    signals.on_stop([&] { io.stop(); });
    io.run();
    if (failure) std::rethrow_exception(failure);

    // 4. close(); then what the kernel counted for this socket, and the summary.
    report.kernel_drops(lab::udp::kernel_drops(socket.native_handle()));
    socket.close();
    report.summary(reason);
    return lab::exit_ok;
  });
}

// recvfrom(): wait until the socket is readable, then take one datagram at a time and print it.
// Only a --quiet receiver, which prints nothing per datagram, takes them 64 per call instead
// (recvmmsg, in batch_io_linux.cpp; Windows has no recvmmsg): counting at full speed.
asio::awaitable<void> receive_loop(udp::socket& socket, udp_lab::ReceiverReport& report,
                                   const udp_lab::ReceiverOptions& options) {
  const bool one_at_a_time = !options.quiet || options.slow_ms != 0;
  lab::udp::BatchReceiver batch(options.read_size, one_at_a_time ? 1 : datagrams_per_batch);
  std::vector<char> buffer(options.read_size);
  const auto fd = socket.native_handle();
  asio::steady_timer pause(socket.get_executor());
  auto check = [](std::error_code ec) {
    // A vanished peer's ICMP port unreachable is no reason to stop receiving from the others.
    if (ec && !lab::udp::is_port_unreachable(ec))
      lab::fail(lab::trf("recvfrom: {}", "recvfrom: {}", lab::udp::error_text(ec)));
  };
  for (;;) {
    co_await socket.async_wait(udp::socket::wait_read, asio::use_awaitable);
    // Read what is queued (a few rounds at most, so that Ctrl-C and timers still get a turn).
    for (int round = 0; round < rounds_per_wakeup; ++round) {
      if (one_at_a_time) {
        // recvfrom(): exactly one datagram, and who sent it, with its real length even when
        // only read_size bytes of it fit the buffer (MSG_TRUNC).
        std::error_code ec;
        const auto datagram = lab::udp::recvfrom(fd, buffer, ec);
        check(ec);
        if (!datagram) break;
        report.datagram(*datagram);
        report.kernel_drops(lab::udp::kernel_drops(fd));
        if (report.count_reached()) co_return;
        if (options.slow_ms != 0) break;
        continue;
      }
      std::error_code ec;
      const std::size_t n = batch.receive(fd, ec);
      check(ec);
      for (std::size_t i = 0; i < n; ++i) {
        report.datagram(batch[i]);
        if (report.count_reached()) co_return;
      }
      report.kernel_drops(batch.last_drop_counter());
      if (n < batch.batch()) break;
    }
    if (options.slow_ms != 0) {
      pause.expires_after(std::chrono::milliseconds(options.slow_ms));
      co_await pause.async_wait(asio::use_awaitable);
    }
  }
}

// --timeout: ends the run after that long without a datagram, once the first one came (a student
// may take a while to start the sender).
asio::awaitable<void> idle_watch(udp_lab::ReceiverReport& report, double timeout_s) {
  asio::steady_timer tick(co_await asio::this_coro::executor);
  const auto limit = std::chrono::duration<double>(timeout_s);
  while (report.arrivals() == 0 ||
         std::chrono::steady_clock::now() - report.last_arrival() < limit) {
    tick.expires_after(20ms);
    co_await tick.async_wait(asio::use_awaitable);
  }
}
