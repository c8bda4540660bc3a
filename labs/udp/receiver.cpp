// lab-udp-receiver: a UDP receiver, in the textbook's order: socket → bind → recvfrom → close.
//
// There is no listen() and no accept(): UDP has no connections. One socket receives datagrams
// from anyone, each with its sender's address. Each recvfrom returns exactly one datagram (its
// boundaries are kept, unlike TCP's byte stream) and whatever does not fit the buffer is gone.
// When the receive buffer is full, the kernel drops new datagrams and nobody tells the sender;
// SO_RXQ_OVFL lets us see how many.
#include <unistd.h>

#include <chrono>
#include <exception>

#include <asio.hpp>

#include "bind/bind.hpp"
#include "cli/app.hpp"
#include "net/endpoints.hpp"
#include "receiver_report.hpp"
#include "udp/batch_io.hpp"

using asio::ip::udp;
using namespace std::chrono_literals;

namespace {

// recvfrom, many at a time: wait until the socket is readable, then read what is queued.
asio::awaitable<void> receive_loop(udp::socket& socket, lab::udp::ReceiverReport& report,
                                   const lab::udp::ReceiverOptions& options) {
  // A slow reader takes one datagram at a time and sleeps after each; a fast one takes 64.
  lab::udp::BatchReceiver receiver(options.read_size, options.slow_ms != 0 ? 1 : 64);
  asio::steady_timer pause(socket.get_executor());
  for (;;) {
    co_await socket.async_wait(udp::socket::wait_read, asio::use_awaitable);
    // Read what is queued (a few batches at most, so that Ctrl-C and timers still get a turn).
    for (int round = 0; round < 16; ++round) {
      std::error_code ec;
      const std::size_t n = receiver.receive(socket.native_handle(), ec);
      if (ec) lab::fail(lab::trf("recvfrom failed: {}", "recvfrom 실패: {}", ec.message()));
      for (std::size_t i = 0; i < n; ++i) {
        report.datagram(receiver[i]);
        if (report.count_reached()) co_return;
      }
      report.kernel_drops(receiver.last_drop_counter());
      if (n < receiver.batch() || options.slow_ms != 0) break;
    }
    if (options.slow_ms != 0) {
      pause.expires_after(std::chrono::milliseconds(options.slow_ms));
      co_await pause.async_wait(asio::use_awaitable);
    }
  }
}

// --timeout: ends the run after that long without a datagram, once the first one came (a student
// may take a while to start the sender).
asio::awaitable<void> idle_watch(lab::udp::ReceiverReport& report, double timeout_s) {
  asio::steady_timer tick(co_await asio::this_coro::executor);
  const auto limit = std::chrono::duration<double>(timeout_s);
  while (report.arrivals() == 0 ||
         std::chrono::steady_clock::now() - report.last_arrival() < limit) {
    tick.expires_after(20ms);
    co_await tick.async_wait(asio::use_awaitable);
  }
}

}  // namespace

int main(int argc, char** argv) {
  return lab::run_main("lab-udp-receiver", [&] {
    lab::udp::ReceiverOptions options;
    auto app = lab::udp::make_receiver_app(options);
    lab::parse(*app, argc, argv);
    lab::udp::ReceiverReport report(options);
    asio::io_context io;
    // Ctrl-C is caught from here on (before the start-up line a test or a student reacts to).
    asio::signal_set signals(io, SIGINT, SIGTERM);

    // 1. socket(AF_INET, SOCK_DGRAM): a UDP socket.
    const auto address = lab::resolve_host(options.bind);
    udp::socket socket(io, address.is_v4() ? udp::v4() : udp::v6());
    // A small receive buffer (set before bind, so it holds from the first datagram) makes the
    // kernel drop datagrams as soon as the reader falls behind.
    if (options.rcvbuf != 0)
      socket.set_option(asio::socket_base::receive_buffer_size(static_cast<int>(options.rcvbuf)));
    lab::udp::enable_drop_counter(socket.native_handle());

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
    signals.async_wait([&](const asio::error_code&, int) { io.stop(); });
    io.run();
    if (failure) std::rethrow_exception(failure);

    // 4. close(); then what the kernel counted for this socket, and the summary.
    report.kernel_drops(lab::udp::kernel_drops(socket.native_handle()));
    socket.close();
    report.summary(reason);
    return lab::exit_ok;
  });
}
