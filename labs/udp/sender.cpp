// lab-udp-sender: a UDP sender, in the textbook's order: socket → (bind) → sendto → close.
//
// There is no connect() handshake in UDP: sendto() hands a datagram to the kernel and returns.
// Whether anybody listens, whether the datagram arrives, the sender never learns -- unless the
// socket is connect()ed, in which case the kernel reports an ICMP "port unreachable" that comes
// back as ECONNREFUSED on the next call.
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include <asio.hpp>

#include "cli/app.hpp"
#include "cli/interrupt.hpp"
#include "net/endpoints.hpp"
#include "sender_options.hpp"
#include "udp/batch_io.hpp"
#include "udp/pacing.hpp"

using asio::ip::udp;

int main(int argc, char** argv) {
  return lab::run_main("lab-udp-sender", [&] {
    udp_lab::SenderOptions options;
    auto app = udp_lab::make_sender_app(options);
    lab::parse(*app, argc, argv);
    const auto target = lab::resolve_host_port(options.to, "--to");
    const udp::endpoint peer(target.address, target.port);
    const std::string peer_text = lab::to_string(peer);
    udp_lab::install_stop_signals();
    asio::io_context io;

    // 1. socket(AF_INET, SOCK_DGRAM), and bind() to any local port so that lab-netstat shows
    //    the socket before the first datagram leaves (sendto would pick one by itself).
    udp::socket socket(io, peer.protocol());
    socket.bind(udp::endpoint(peer.protocol(), 0));

    // 2. Optional connect(): no packet is sent, the kernel only remembers the peer, and from
    //    now on delivers this peer's ICMP errors to us.
    if (options.connect) socket.connect(peer);
    udp_lab::print_start(options, lab::to_string(socket.local_endpoint()), peer_text);

    // 3. sendto(): one datagram per call. The destination goes with every call (none once
    //    connected: the kernel already knows it).
    udp_lab::SendTotals totals;
    const int fd = socket.native_handle();
    const sockaddr* to = options.connect ? nullptr : peer.data();
    const socklen_t to_length = options.connect ? 0 : static_cast<socklen_t>(peer.size());
    auto check_send = [&](ssize_t result) {
      if (result >= 0) return;
      if (errno == ECONNREFUSED) udp_lab::fail_refused(peer_text, totals.datagrams);
      lab::fail(lab::trf("sendto {} failed: {}", "sendto 실패 (받는 곳 {}): {}", peer_text,
                         std::strerror(errno)));
    };
    if (options.count) {
      // Numbered datagrams: the header carries the sequence number the receiver checks.
      const std::uint64_t count = *options.count;
      lab::udp::BatchSender batch(
          options.size,
          options.rate ? lab::udp::batch_for_rate(options.rate) : lab::udp::full_speed_batch,
          options.connect ? std::nullopt : std::optional(peer));
      const lab::udp::Pacer pacer(options.rate, udp_lab::stop_flag());
      while (totals.datagrams < count && !udp_lab::stop_requested()) {
        std::size_t sent = 0;
        if (batch.batch() == 1) {
          // A paced lesson: one numbered datagram, one sendto().
          const auto datagram = batch.numbered(totals.datagrams + 1, count);
          const ssize_t n = ::sendto(fd, datagram.data(), datagram.size(), 0, to, to_length);
          check_send(n);
          sent = 1;
        } else {
          // At full speed: the same datagrams, many per system call (batch_io.hpp).
          std::error_code ec;
          const std::size_t want = std::min<std::uint64_t>(batch.batch(), count - totals.datagrams);
          sent = batch.send(fd, totals.datagrams + 1, want, count, ec);
          if (ec) errno = ec.value(), check_send(-1);
        }
        totals.datagrams += sent;
        totals.bytes += sent * options.size;
        pacer.wait_until_due(totals.datagrams);
      }
    } else {
      // Lines from stdin: each line (with its newline, as nc sends it) is one datagram.
      udp_lab::for_each_typed_line(options, [&](std::string_view line) {
        const ssize_t n = ::sendto(fd, line.data(), line.size(), 0, to, to_length);
        check_send(n);
        ++totals.datagrams;
        totals.bytes += line.size();
        udp_lab::print_line_sent(options, peer_text, line.size());
        // lab-multi-port answers each datagram: show what came back (or the ICMP refusal).
        if (udp_lab::show_replies(fd, options, isatty(STDIN_FILENO) == 1 ? 200 : 0))
          udp_lab::fail_refused(peer_text, totals.datagrams);
      });
      // Input ended: answers still on their way get a moment to arrive (bounded).
      if (totals.datagrams > 0 && udp_lab::show_replies(fd, options, 500))
        udp_lab::fail_refused(peer_text, totals.datagrams);
    }
    if (options.connect && totals.datagrams > 0 && udp_lab::refused_after_last_send(fd))
      udp_lab::fail_refused(peer_text, totals.datagrams);

    // 4. close(): nothing is sent to the peer; UDP has no connection to end.
    socket.close();
    udp_lab::print_summary(options, peer_text, totals, udp_lab::stop_requested());
    return lab::exit_ok;
  });
}
