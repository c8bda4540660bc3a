// lab-udp-sender: a UDP sender, in the textbook's order: socket → (bind) → sendto → close.
//
// There is no connect() handshake in UDP: sendto() hands a datagram to the kernel and returns.
// Whether anybody listens, whether the datagram arrives, the sender never learns -- unless the
// socket is connect()ed, in which case the kernel reports an ICMP "port unreachable" that comes
// back as ECONNREFUSED on the next call.
#include <poll.h>
#include <unistd.h>

#include <string>

#include <asio.hpp>

#include "cli/app.hpp"
#include "cli/interrupt.hpp"
#include "net/endpoints.hpp"
#include "sender_options.hpp"
#include "udp/batch_io.hpp"
#include "udp/pacing.hpp"

using asio::ip::udp;

namespace {

// After the last datagram on a connected socket: give an ICMP error a moment to come back.
bool refused_after_last_send(int fd) {
  pollfd p{fd, 0, 0};
  if (::poll(&p, 1, 100) <= 0 || !(p.revents & POLLERR)) return false;
  int error = 0;
  socklen_t length = sizeof error;
  ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length);
  return error == ECONNREFUSED;
}

}  // namespace

int main(int argc, char** argv) {
  return lab::run_main("lab-udp-sender", [&] {
    lab::udp::SenderOptions options;
    auto app = lab::udp::make_sender_app(options);
    lab::parse(*app, argc, argv);
    const auto target = lab::resolve_host_port(options.to, "--to");
    const udp::endpoint peer(target.address, target.port);
    const std::string peer_text = lab::to_string(peer);
    lab::udp::install_stop_signals();
    asio::io_context io;

    // 1. socket(AF_INET, SOCK_DGRAM), and bind() to any local port so that lab-netstat shows
    //    the socket before the first datagram leaves (sendto would pick one by itself).
    udp::socket socket(io, peer.protocol());
    socket.bind(udp::endpoint(peer.protocol(), 0));

    // 2. Optional connect(): no packet is sent, the kernel only remembers the peer, and from
    //    now on delivers this peer's ICMP errors to us.
    if (options.connect) socket.connect(peer);
    lab::udp::print_start(options, lab::to_string(socket.local_endpoint()), peer_text);

    // 3. sendto(), one datagram per call -- or many per sendmmsg().
    lab::udp::SendTotals totals;
    const int fd = socket.native_handle();
    std::error_code ec;
    if (options.count) {
      // Numbered datagrams: the header carries the sequence number the receiver checks.
      const std::uint64_t count = *options.count;
      lab::udp::BatchSender sender(options.size, lab::udp::batch_for_rate(options.rate),
                                   options.connect ? std::nullopt : std::optional(peer));
      const lab::udp::Pacer pacer(options.rate, lab::udp::stop_flag());
      while (totals.datagrams < count && !lab::udp::stop_requested()) {
        const std::size_t want = std::min<std::uint64_t>(sender.batch(), count - totals.datagrams);
        const std::size_t sent = sender.send(fd, totals.datagrams + 1, want, count, ec);
        if (ec.value() == ECONNREFUSED) lab::udp::fail_refused(peer_text, totals.datagrams);
        if (ec)
          lab::fail(
              lab::trf("sendto {} failed: {}", "{}로 sendto 실패: {}", peer_text, ec.message()));
        totals.datagrams += sent;
        totals.bytes += sent * options.size;
        pacer.wait_until_due(totals.datagrams);
      }
    } else {
      // Lines from stdin: each line (with its newline, as nc sends it) is one datagram.
      std::string pending;
      char chunk[4096];
      auto send_line = [&](std::string_view line) {
        if (line.size() > lab::wire::max_udp_payload_ipv4) {
          lab::print_warning(
              lab::trf("a line of {} bytes does not fit one UDP datagram (65,507 "
                       "bytes at most); not sent",
                       "{} 바이트 줄은 UDP 데이터그램 하나(최대 65,507 바이트)에 "
                       "담기지 않아 보내지 않았습니다",
                       line.size()));
          return;
        }
        const ssize_t n = options.connect ? ::send(fd, line.data(), line.size(), 0)
                                          : ::sendto(fd, line.data(), line.size(), 0, peer.data(),
                                                     static_cast<socklen_t>(peer.size()));
        if (n < 0 && errno == ECONNREFUSED) lab::udp::fail_refused(peer_text, totals.datagrams);
        if (n < 0)
          lab::fail(lab::trf("sendto {} failed: {}", "{}로 sendto 실패: {}", peer_text,
                             std::strerror(errno)));
        ++totals.datagrams;
        totals.bytes += line.size();
        lab::udp::print_line_sent(options, peer_text, line.size());
      };
      while (!lab::udp::stop_requested()) {
        const ssize_t n = lab::read_unless_interrupted(STDIN_FILENO, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        pending.append(chunk, static_cast<std::size_t>(n));
        for (std::size_t newline; (newline = pending.find('\n')) != std::string::npos;) {
          send_line(std::string_view(pending).substr(0, newline + 1));
          pending.erase(0, newline + 1);
        }
        // Bounded: a "line" longer than a datagram can hold is refused as soon as it is too long.
        if (pending.size() > lab::wire::max_udp_payload_ipv4) {
          send_line(pending);
          pending.clear();
        }
      }
      if (!pending.empty() && !lab::udp::stop_requested()) send_line(pending);
    }
    if (options.connect && totals.datagrams > 0 && refused_after_last_send(fd))
      lab::udp::fail_refused(peer_text, totals.datagrams);

    // 4. close(): nothing is sent to the peer; UDP has no connection to end.
    socket.close();
    lab::udp::print_summary(options, peer_text, totals, lab::udp::stop_requested());
    return lab::exit_ok;
  });
}
