#include "sender_options.hpp"

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cmath>

#include <fmt/format.h>

#include "cli/interrupt.hpp"
#include "cli/validators.hpp"
#include "net/endpoints.hpp"
#include "render/json.hpp"
#include "render/output.hpp"

namespace lab::udp {
namespace {

constexpr std::string_view examples =
    "  lab-udp-sender --to 127.0.0.1:9000\n"
    "      every line you type becomes one datagram (Ctrl-D or Ctrl-C to stop)\n"
    "  lab-udp-sender --to 127.0.0.1:9000 --count 1000 --size 64 --rate max\n"
    "      1000 numbered datagrams of 64 bytes as fast as possible (sendmmsg batches)\n"
    "  lab-udp-sender --to 127.0.0.1:9000 --count 10 --rate 2\n"
    "      two datagrams per second: watch them arrive one by one\n"
    "  lab-udp-sender --to 127.0.0.1:9999 --count 3\n"
    "      nobody listens on 9999, yet sending succeeds: UDP does not know\n"
    "  lab-udp-sender --to 127.0.0.1:9999 --count 3 --connect\n"
    "      a connected UDP socket hears the ICMP port unreachable: 'connection refused'\n";

}  // namespace

std::unique_ptr<CLI::App> make_sender_app(SenderOptions& o) {
  auto app = make_app(
      "UDP sender: sends numbered datagrams (or the lines you type) to HOST:PORT. It succeeds "
      "whether or not anybody listens: UDP has no connection to tell it.",
      examples);
  app->add_option("--to", o.to, "Where to send: HOST:PORT (e.g. 127.0.0.1:9000)")->required();
  app->add_option("--count", o.count, "Send N numbered datagrams (without it: lines from stdin)")
      ->check(count_validator(1, 1'000'000'000));
  app->add_option("--size", o.size,
                  "Bytes per numbered datagram, the 32-byte lab header included (32-65507)")
      ->transform(CLI::Validator(
          [](std::string& value) -> std::string {
            auto size = parse_size(value);
            if (size && *size > wire::max_udp_payload_ipv4)
              return trf(
                  "{} bytes is too big for one UDP datagram; the IPv4 UDP payload limit is 65,507 "
                  "bytes (65,535 - 20 IP header - 8 UDP header)",
                  "{} 바이트는 UDP 데이터그램 하나에 담을 수 없습니다; IPv4 UDP 데이터 한도는 "
                  "65,507 바이트입니다 (65,535 - IP 헤더 20 - UDP 헤더 8)",
                  value);
            if (!size || *size < wire::header_size)
              return trf("{}: give a size from 32 (the lab header) to 65507 bytes",
                         "{}: 32(lab 헤더)에서 65507 바이트 사이의 크기를 주세요", value);
            value = std::to_string(*size);
            return {};
          },
          "SIZE", "SIZE"))
      ->capture_default_str();
  app->add_option_function<std::string>(
         "--rate",
         [&o](const std::string& value) {
           if (value == "max")
             o.rate.reset();
           else
             o.rate = std::stod(value);
         },
         "Datagrams per second, or max (default: max)")
      ->check(CLI::Validator(
          [](std::string& value) -> std::string {
            if (value == "max") return {};
            double rate = 0;
            try {
              std::size_t used = 0;
              rate = std::stod(value, &used);
              if (used != value.size()) rate = 0;
            } catch (const std::exception&) {
              rate = 0;
            }
            if (!(rate >= 0.01 && rate <= 100'000'000))
              return trf("{}: give datagrams per second (0.01 to 100000000) or max",
                         "{}: 초당 데이터그램 수(0.01~100000000) 또는 max를 주세요", value);
            return {};
          },
          "R|max", "RATE"))
      ->type_name("R|max");
  app->add_flag("--connect", o.connect,
                "connect() the UDP socket: an ICMP port unreachable then shows as "
                "'connection refused'");
  add_json_flag(*app, o.common);
  return app;
}

void install_stop_signals() {
  catch_interrupts();
}

bool stop_requested() {
  return interrupted();
}

const std::atomic<bool>& stop_flag() {
  return interrupted_flag();
}

void print_start(const SenderOptions& options, std::string_view local, std::string_view peer) {
  if (!options.common.json) {
    announce("UDP", local, "", peer);
    return;
  }
  json::Writer out;
  out.begin_object().key("event").value("start").key("pid").value(static_cast<long long>(getpid()));
  out.key("local").value(local).key("to").value(peer).key("connected").value(options.connect);
  lab::out::print("{}\n", out.end_object().str());
}

void print_line_sent(const SenderOptions& options, std::string_view peer, std::size_t bytes) {
  if (options.common.json) {
    json::Writer out;
    out.begin_object().key("event").value("sent").key("to").value(peer).key("bytes").value(bytes);
    lab::out::print("{}\n", out.end_object().str());
  } else {
    lab::out::print("{}\n", trf("sent {} bytes to {}", "{1}에 {0} 바이트를 보냄", bytes, peer));
  }
}

void print_summary(const SenderOptions& options, std::string_view peer, const SendTotals& totals,
                   bool interrupted) {
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - totals.start).count();
  const double rate = seconds > 0 ? static_cast<double>(totals.datagrams) / seconds : 0.0;
  if (options.common.json) {
    json::Writer out;
    out.begin_object().key("event").value("summary").key("to").value(peer);
    out.key("sent").value(totals.datagrams).key("bytes").value(totals.bytes);
    out.key("planned").value(options.count).key("interrupted").value(interrupted);
    out.key("connected").value(options.connect);
    out.key("seconds").value(seconds).key("datagrams_per_second").value(rate).end_object();
    lab::out::print("{}\n", out.str());
  } else {
    lab::out::print(
        "{}: {}: {}\n", program_name(), tr("summary", "요약"),
        trf("sent {} datagrams ({} bytes) to {} in {:.3f} s ({:.0f} datagrams/s){}. UDP "
            "does not know whether anyone received them.",
            "{2}에 데이터그램 {0}개({1} 바이트)를 {3:.3f}초 동안 보냄 (초당 {4:.0f}개){5}. "
            "UDP는 누가 받았는지 알지 못합니다.",
            totals.datagrams, totals.bytes, peer, seconds, rate,
            interrupted ? tr(", interrupted", ", 중단됨") : std::string()));
  }
}

void fail_refused(std::string_view peer, std::uint64_t sent_before) {
  fail(
      trf("connection refused: {} answered with ICMP port unreachable, nothing listens there "
          "(ECONNREFUSED on the connected socket, after {} datagram(s) sent)",
          "연결 거부: {}가 ICMP port unreachable로 답했습니다, 그 포트에서 기다리는 프로그램이 "
          "없습니다 (연결된 소켓의 ECONNREFUSED, 데이터그램 {}개를 보낸 뒤)",
          peer, sent_before));
}

}  // namespace lab::udp
