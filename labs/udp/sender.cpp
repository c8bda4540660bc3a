// lab-udp-sender: a UDP sender, in the textbook's order: socket → (bind) → sendto → close.
//
// There is no connect() handshake in UDP: sendto() hands a datagram to the kernel and returns.
// Whether anybody listens, whether the datagram arrives, the sender never learns -- unless the
// socket is connect()ed, in which case the kernel reports an ICMP "port unreachable" that comes
// back as ECONNREFUSED on the next call. Windows tells every UDP socket, connected or not: its
// next recvfrom fails with WSAECONNRESET 10054 (unless SIO_UDP_CONNRESET is turned off).
#include <string>

#include <asio.hpp>

#include "cli/app.hpp"
#include "cli/input.hpp"
#include "cli/interrupt.hpp"
#include "net/endpoints.hpp"
#include "net/socket_calls.hpp"
#include "sender_support.hpp"
#include "udp/batch_io.hpp"
#include "udp/pacing.hpp"

using asio::ip::udp;

// Where the datagrams go and what went out so far: what every sendto() step below needs.
struct Sending {
  const udp_lab::SenderOptions& options;
  const udp::endpoint& peer;
  const std::string& peer_text;
  const lab::udp::native_socket fd;
  const udp::endpoint* to;  // the destination of each sendto(); none once connected
  udp_lab::SendTotals totals;
};

// Defined below main(), in the order they run.
void send_numbered(Sending& sending);
void send_typed_lines(Sending& sending);
void check_send(Sending& sending, std::error_code ec);
void report_port_unreachable(Sending& sending);

int main(int argc, char** argv) {
  return lab::run_main("lab-udp-sender", [&] {
    const udp_lab::SenderOptions options = udp_lab::parse_options(argc, argv);
    const auto target = lab::resolve_host_port(options.to, "--to");
    const udp::endpoint peer(target.address, target.port);
    const std::string peer_text = lab::to_string(peer);
    lab::catch_interrupts();  // Ctrl-C, SIGTERM: stop sending, then the summary
    asio::io_context io;

    // 1. socket(AF_INET, SOCK_DGRAM), and bind() to any local port so that lab-netstat shows
    //    the socket before the first datagram leaves (sendto would pick one by itself).
    udp::socket socket(io);
    lab::open_socket(socket, peer.protocol());
    socket.bind(udp::endpoint(peer.protocol(), 0));

    // 2. Optional connect(): no packet is sent, the kernel only remembers the peer, and from
    //    now on delivers this peer's ICMP errors to us.
    if (options.connect) socket.connect(peer);
    udp_lab::print_start(options, lab::to_string(socket.local_endpoint()), peer_text);

    // 3. sendto(): one datagram per call. The destination goes with every call (none once
    //    connected: the kernel already knows it).
    Sending sending{.options = options,
                    .peer = peer,
                    .peer_text = peer_text,
                    .fd = socket.native_handle(),
                    .to = options.connect ? nullptr : &peer,
                    .totals = {}};
    if (options.count)
      send_numbered(sending);
    else
      send_typed_lines(sending);
    report_port_unreachable(sending);

    // 4. close(): nothing is sent to the peer; UDP has no connection to end.
    socket.close();
    udp_lab::print_summary(options, peer_text, sending.totals, lab::interrupted());
    return lab::exit_ok;
  });
}

// --count: numbered datagrams; the header carries the sequence number the receiver checks.
void send_numbered(Sending& sending) {
  const udp_lab::SenderOptions& options = sending.options;
  udp_lab::SendTotals& totals = sending.totals;
  const std::uint64_t count = *options.count;
  lab::udp::BatchSender batch(
      options.size,
      options.rate ? lab::udp::batch_for_rate(options.rate) : lab::udp::full_speed_batch,
      options.connect ? std::nullopt : std::optional(sending.peer));
  const lab::udp::Pacer pacer(options.rate, lab::interrupted_flag());
  while (totals.datagrams < count && !lab::interrupted()) {
    std::size_t sent = 0;
    if (batch.batch() == 1) {
      // A paced lesson (and always on Windows): one numbered datagram, one sendto().
      check_send(sending, lab::udp::sendto(sending.fd, batch.numbered(totals.datagrams + 1, count),
                                           sending.to));
      sent = 1;
    } else {
      // At full speed on Linux: the same datagrams, many per system call (batch_io.hpp).
      std::error_code ec;
      const std::size_t want = std::min<std::uint64_t>(batch.batch(), count - totals.datagrams);
      sent = batch.send(sending.fd, totals.datagrams + 1, want, count, ec);
      check_send(sending, ec);
    }
    totals.datagrams += sent;
    totals.bytes += sent * options.size;
    pacer.wait_until_due(totals.datagrams);
  }
}

// Lines from stdin: each line (with its newline, as nc sends it) is one datagram.
void send_typed_lines(Sending& sending) {
  const udp_lab::SenderOptions& options = sending.options;
  udp_lab::SendTotals& totals = sending.totals;
  udp_lab::for_each_typed_line(options, [&](std::string_view line) {
    check_send(sending, lab::udp::sendto(sending.fd, line, sending.to));
    ++totals.datagrams;
    totals.bytes += line.size();
    udp_lab::print_line_sent(options, sending.peer_text, line.size());
    // lab-multi-port answers each datagram: show what came back (or the ICMP refusal).
    if (auto ec = udp_lab::show_replies(sending.fd, options, lab::stdin_is_terminal() ? 200 : 0))
      udp_lab::port_unreachable(options, sending.peer_text, totals.datagrams, ec);
  });
  // Input ended: answers still on their way get a moment to arrive (bounded).
  if (totals.datagrams > 0)
    if (auto ec = udp_lab::show_replies(sending.fd, options, 500))
      udp_lab::port_unreachable(options, sending.peer_text, totals.datagrams, ec);
}

// A failed sendto(): an earlier datagram's ICMP port unreachable ends a connected run (a
// warning on an unconnected Windows socket); anything else is the error line, exit 1.
void check_send(Sending& sending, std::error_code ec) {
  if (!ec) return;
  if (lab::udp::is_port_unreachable(ec))
    return udp_lab::port_unreachable(sending.options, sending.peer_text, sending.totals.datagrams,
                                     ec);
  lab::fail(lab::trf("sendto {}: {}", "sendto (받는 곳 {}): {}", sending.peer_text,
                     lab::udp::error_text(ec)));
}

// Did an ICMP port unreachable come back? Linux tells a connected socket only; Windows tells
// every socket (WSAECONNRESET), unless SIO_UDP_CONNRESET is off.
void report_port_unreachable(Sending& sending) {
  if ((sending.options.connect || lab::udp::unconnected_socket_hears_port_unreachable()) &&
      sending.totals.datagrams > 0)
    if (auto ec = lab::udp::port_unreachable_after_send(sending.fd, 100))
      udp_lab::port_unreachable(sending.options, sending.peer_text, sending.totals.datagrams, ec);
}
