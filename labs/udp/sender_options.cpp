#include "sender_options.hpp"

#include <cmath>

#include <fmt/format.h>

#include "cli/input.hpp"
#include "cli/os_words.hpp"
#include "cli/validators.hpp"
#include "cli/wording.hpp"
#include "wire/header.hpp"

namespace udp_lab {
namespace {

constexpr std::string_view examples =
    "  lab-udp-sender --to 127.0.0.1:9000\n"
    "      every line you type becomes one datagram ({end_keys}, or Ctrl-C, to stop)\n"
    "  lab-udp-sender --to 127.0.0.1:9000 --count 1000 --size 64 --rate max\n"
    "      1000 numbered datagrams of 64 bytes as fast as possible ({batching})\n"
    "  lab-udp-sender --to 127.0.0.1:9000 --count 10 --rate 2\n"
    "      two datagrams per second: watch them arrive one by one\n"
    "  lab-udp-sender --to 127.0.0.1:9999 --count 3\n"
    "      nobody listens on 9999, yet sending succeeds: UDP does not know\n"
    "  lab-udp-sender --to 127.0.0.1:9999 --count 3 --connect\n"
    "      a connected UDP socket hears the ICMP port unreachable: 'connection refused'\n";
constexpr std::string_view examples_ko =
    "  lab-udp-sender --to 127.0.0.1:9000\n"
    "      입력한 줄마다 데이터그램 하나 (끝내려면 {end_keys} 또는 Ctrl-C)\n"
    "  lab-udp-sender --to 127.0.0.1:9000 --count 1000 --size 64 --rate max\n"
    "      64바이트 번호 붙은 데이터그램 1000개를 최대한 빨리 (묶어서 보냄)\n"
    "  lab-udp-sender --to 127.0.0.1:9000 --count 10 --rate 2\n"
    "      초당 두 개: 하나씩 도착하는 것을 보기\n"
    "  lab-udp-sender --to 127.0.0.1:9999 --count 3\n"
    "      9999에서 아무도 기다리지 않아도 보내기는 성공: UDP는 모름\n"
    "  lab-udp-sender --to 127.0.0.1:9999 --count 3 --connect\n"
    "      connect한 UDP 소켓은 ICMP port unreachable을 들음: 'connection refused'\n";

}  // namespace

SenderOptions parse_options(int argc, char** argv) {
  SenderOptions o;
  auto app = lab::make_app(
      lab::help_text(
          "UDP sender: sends numbered datagrams (or the lines you type) to HOST:PORT. It "
          "succeeds whether or not anybody listens: UDP has no connection to tell it.",
          "UDP 송신기: 번호 붙은 데이터그램(또는 입력한 줄)을 HOST:PORT로 보냅니다. 받는 "
          "쪽이 있든 없든 성공합니다: UDP에는 그걸 알려 줄 연결이 없습니다."),
      lab::help_text(
          fmt::format(
              examples, fmt::arg("end_keys", lab::end_of_input_keys(lab::Lang::en)),
              fmt::arg("batching", lab::os_words::on_windows() ? "one sendto per datagram"
                                                               : "batched: sendmmsg, UDP_SEGMENT")),
          fmt::format(examples_ko, fmt::arg("end_keys", lab::end_of_input_keys(lab::Lang::ko)))));
  app->add_option("--to", o.to,
                  lab::help_text("Where to send: HOST:PORT (e.g. 127.0.0.1:9000)",
                                 "보낼 곳: HOST:PORT (예: 127.0.0.1:9000)"))
      ->required();
  app->add_option("--count", o.count,
                  lab::help_text("Send N numbered datagrams (without it: lines from stdin)",
                                 "번호 붙은 데이터그램 N개 보내기 (없으면: 입력한 줄을 보냄)"))
      ->check(lab::count_validator(1, 1'000'000'000));
  app->add_option(
         "--size", o.size,
         lab::help_text("Bytes per numbered datagram, the 32-byte lab header included (32-65507)",
                        "번호 붙은 데이터그램 하나의 바이트 수, 32바이트 lab 헤더 포함 (32-65507)"))
      ->transform(CLI::Validator(
          [](std::string& value) -> std::string {
            auto size = lab::parse_size(value);
            if (size && *size > lab::wire::max_udp_payload_ipv4)
              return lab::trf(
                  "{} bytes is too big for one UDP datagram; the IPv4 UDP payload limit is 65,507 "
                  "bytes (65,535 - 20 IP header - 8 UDP header)",
                  "{}바이트는 UDP 데이터그램 하나에 담을 수 없습니다; IPv4 UDP 데이터 한도는 "
                  "65,507바이트입니다 (65,535 - IP 헤더 20 - UDP 헤더 8)",
                  value);
            if (!size || *size < lab::wire::header_size)
              return lab::trf("{}: give a size from 32 (the lab header) to 65507 bytes",
                              "{}: 32(lab 헤더)에서 65507바이트 사이의 크기를 주세요", value);
            value = std::to_string(*size);
            return {};
          },
          "SIZE", "SIZE"))
      ->capture_default_str();
  // Datagrams per second through the suite's one rate parser: 0.5, 2000, 1.5k (as lab-badnet's
  // --rate takes 1.5M); "nan", "inf", "" and "-1" are refused.
  app->add_option_function<std::string>(
         "--rate",
         [&o](const std::string& value) {
           if (value == "max")
             o.rate.reset();
           else
             o.rate = lab::parse_rate_number(value, 0.01, 100'000'000);
         },
         lab::help_text("Datagrams per second (0.5, 200, 1.5k ...), or max (default: max)",
                        "초당 데이터그램 수 (0.5, 200, 1.5k ...), 또는 max (기본값: max)"))
      ->check(CLI::Validator(
          [](std::string& value) -> std::string {
            if (value == "max" || lab::parse_rate_number(value, 0.01, 100'000'000)) return {};
            return lab::trf(
                "'{}'{} is not a rate: give datagrams per second (0.01 to 100M, "
                "e.g. 0.5, 200, 1.5k) or max",
                "'{}'{} 속도가 아닙니다: 초당 데이터그램 수(0.01~100M, 예: 0.5, 200, "
                "1.5k) 또는 max를 주세요",
                value, lab::ko_particle(value, lab::Particle::eun_neun));
          },
          "R|max", "RATE"))
      ->type_name("R|max");
  app->add_flag(
      "--connect", o.connect,
      lab::help_text("connect() the UDP socket: an ICMP port unreachable then shows as "
                     "'connection refused'",
                     "UDP 소켓을 connect(): ICMP port unreachable이 'connection refused'로 "
                     "보임"));
  lab::add_json_flag(*app, o.common);
  lab::parse(*app, argc, argv);
  return o;
}

}  // namespace udp_lab
