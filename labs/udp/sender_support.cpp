#include "sender_support.hpp"

#include <unistd.h>

#include <string>

#include <fmt/format.h>

#include "cli/input.hpp"
#include "cli/wording.hpp"
#include "net/endpoints.hpp"
#include "render/json.hpp"
#include "render/output.hpp"
#include "wire/header.hpp"
#include "wire/preview.hpp"

namespace udp_lab {

void print_start(const SenderOptions& options, std::string_view local, std::string_view peer) {
  if (!options.common.json) {
    lab::announce("UDP", local, "", peer);
    return;
  }
  lab::out::json({{"event", "start"},
                  {"pid", static_cast<long long>(getpid())},
                  {"local", local},
                  {"to", peer},
                  {"connected", options.connect}});
}

void print_line_sent(const SenderOptions& options, std::string_view peer, std::size_t bytes) {
  if (options.common.json) {
    lab::out::json({{"event", "sent"}, {"to", peer}, {"bytes", bytes}});
  } else {
    lab::out::print("{}\n", lab::trf("sent {} byte{} to {}", "{2}에 {0}바이트{1}를 보냄", bytes,
                                     lab::plural_s(bytes), peer));
  }
}

void print_summary(const SenderOptions& options, std::string_view peer, const SendTotals& totals,
                   bool interrupted) {
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - totals.start).count();
  const double rate = seconds > 0 ? static_cast<double>(totals.datagrams) / seconds : 0.0;
  if (options.common.json) {
    lab::out::json({{"event", "summary"},
                    {"to", peer},
                    {"sent", totals.datagrams},
                    {"bytes", totals.bytes},
                    {"planned", lab::json::optional(options.count)},
                    {"interrupted", interrupted},
                    {"connected", options.connect},
                    {"seconds", seconds},
                    {"datagrams_per_second", rate}});
  } else {
    lab::out::print(
        "{}: {}: {}\n", lab::program_name(), lab::tr("summary", "요약"),
        lab::trf("sent {} datagram{} ({} byte{}) to {} in {:.3f} s ({:.0f} datagrams/s){}. UDP "
                 "does not know whether anyone received them.",
                 "{4}에 데이터그램 {0}개{1}({2}바이트{3})를 {5:.3f}초 동안 보냄 (초당 "
                 "{6:.0f}개){7}. UDP는 누가 받았는지 알지 못합니다.",
                 totals.datagrams, lab::plural_s(totals.datagrams), totals.bytes,
                 lab::plural_s(totals.bytes), peer, seconds, rate,
                 interrupted ? lab::tr(", interrupted", ", 중단됨") : std::string()));
  }
}

void port_unreachable(const SenderOptions& options, std::string_view peer,
                      std::uint64_t sent_before, std::error_code ec) {
  if (options.connect)
    lab::fail(lab::trf(
        "{3}: {0}{2} answered with ICMP port unreachable, nothing listens there ({4} on the "
        "connected socket, after {1} datagram{5} sent)",
        "{3}: {0}{2} ICMP port unreachable로 답했습니다, 그 포트에서 기다리는 프로그램이 없습니다 "
        "(연결된 소켓의 {4}, 데이터그램 {1}개{5}를 보낸 뒤)",
        peer, sent_before, lab::ko_particle(peer, lab::Particle::i_ga),
        ec == asio::error::connection_reset ? lab::tr("connection reset", "연결 재설정")
                                            : lab::tr("connection refused", "연결 거부"),
        lab::udp::error_name(ec), lab::plural_s(sent_before)));
  // Unconnected, and told anyway: Windows (Linux tells only a connected socket).
  static bool warned = false;
  if (std::exchange(warned, true)) return;
  lab::print_warning(lab::trf(
      "{0}{2} answered with ICMP port unreachable, nothing listens there: {3} from recvfrom on "
      "this unconnected socket, after {1} datagram{4} sent. Windows reports it to every UDP "
      "socket unless SIO_UDP_CONNRESET is turned off (Linux: only to a connected one). Sending "
      "goes on: UDP has no connection to lose.",
      "{0}{2} ICMP port unreachable로 답했습니다, 그 포트에서 기다리는 프로그램이 없습니다: "
      "데이터그램 {1}개{4}를 보낸 뒤 connect하지 않은 이 소켓의 recvfrom이 {3}. Windows는 "
      "SIO_UDP_CONNRESET을 끄지 않으면 모든 UDP 소켓에 알립니다 (Linux: connect한 소켓에만). "
      "보내기는 계속됩니다: UDP에는 잃을 연결이 없습니다.",
      peer, sent_before, lab::ko_particle(peer, lab::Particle::i_ga), lab::udp::error_name(ec),
      lab::plural_s(sent_before)));
}

void for_each_typed_line(const SenderOptions& options,
                         const std::function<void(std::string_view)>& send) {
  const bool terminal = lab::stdin_is_terminal() && !options.common.json;
  if (terminal)
    lab::out::print(
        "{}\n", lab::trf("Type a line and press Enter: each line is one datagram. {}, or Ctrl-C, "
                         "to stop.",
                         "한 줄을 입력하고 Enter: 한 줄이 데이터그램 하나입니다. 끝내려면 {} 또는 "
                         "Ctrl-C.",
                         lab::end_of_input_keys()));
  auto prompt = [&] {
    if (terminal) lab::out::print("> ");
  };
  // A line longer than one datagram can carry is one warning and nothing sent: its bytes are
  // read in pieces and dropped up to its end, never held (memory stays bounded) and never sent
  // in part. A line goes out with its '\n' (the last one may have none).
  std::string line;
  bool too_long = false;
  prompt();
  while (const auto piece = lab::read_stdin_piece(4096)) {  // nothing after end of input, Ctrl-C
    if (!too_long) {
      line += piece->bytes;
      if (piece->newline) line += '\n';
      if (line.size() > lab::wire::max_udp_payload_ipv4) {
        lab::print_warning(lab::trf(
            "a line longer than {} bytes does not fit one UDP datagram (65,507 bytes at most); "
            "not sent",
            "{}바이트가 넘는 줄은 UDP 데이터그램 하나(최대 65,507바이트)에 담기지 않아 보내지 "
            "않았습니다",
            lab::wire::max_udp_payload_ipv4));
        too_long = true;
        line.clear();
      }
    }
    if (!piece->ends_line) continue;
    if (!too_long) send(line);  // a whole line
    line.clear();
    too_long = false;
    if (piece->newline) prompt();
  }
  if (terminal) lab::out::print("\n");  // end of input at the prompt: the summary on its own line
}

std::error_code show_replies(lab::udp::native_socket socket, const SenderOptions& options,
                             int first_wait_ms) {
  // The first answer gets a moment to come back (longer for a person at a terminal); after one
  // came, only what follows at once.
  int wait_ms = first_wait_ms;
  char reply[2048];
  for (int shown = 0; shown < 256; ++shown, wait_ms = 10) {
    // Nothing to read: an ICMP error may still be waiting on the socket (Linux: POLLERR).
    if (!lab::udp::wait_readable(socket, wait_ms))
      return lab::udp::port_unreachable_after_send(socket, 0);
    std::error_code ec;
    const auto d = lab::udp::recvfrom(socket, reply, ec);
    if (!d) return lab::udp::is_port_unreachable(ec) ? ec : std::error_code();
    const auto shown_text = lab::wire::preview(d->data);
    if (options.common.json) {
      lab::out::json({{"event", "reply"},
                      {"from", lab::to_string(d->from)},
                      {"bytes", static_cast<std::uint64_t>(d->length)},
                      {shown_text.is_text ? "text" : "hex", shown_text.shown}});
    } else {
      lab::out::print("{}\n", lab::trf("reply from {}: {}", "{}의 응답: {}",
                                       lab::to_string(d->from), shown_text.shown));
    }
  }
  return {};
}

}  // namespace udp_lab
