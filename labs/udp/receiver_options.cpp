#include "receiver_options.hpp"

#include <string_view>

#include "cli/validators.hpp"

namespace udp_lab {
namespace {

constexpr std::string_view examples =
    "  lab-udp-receiver --port 9000\n"
    "      print every datagram with its sender's address:port (type into lab-udp-sender)\n"
    "  lab-udp-receiver --port 9000 --quiet --timeout 2\n"
    "      only count: received, lost, reordered, duplicated, kernel drops\n"
    "  lab-udp-receiver --port 9000 --rcvbuf 4k --slow 1 --quiet --timeout 2\n"
    "      a tiny receive buffer and a slow reader: watch datagrams get dropped\n"
    "  lab-udp-receiver --port 9000 --read-size 4\n"
    "      read 4 bytes per datagram: the rest of each datagram is lost (not so in TCP)\n"
    "  lab-udp-receiver --port 0 --count 1000 --json\n"
    "      any free port, stop after 1000 datagrams, JSON Lines output\n";
constexpr std::string_view examples_ko =
    "  lab-udp-receiver --port 9000\n"
    "      데이터그램마다 보낸 쪽 주소:포트와 함께 출력 (lab-udp-sender에 입력해 보기)\n"
    "  lab-udp-receiver --port 9000 --quiet --timeout 2\n"
    "      세기만: 수신, 손실, 순서 바뀜, 중복, 커널이 버린 것\n"
    "  lab-udp-receiver --port 9000 --rcvbuf 4k --slow 1 --quiet --timeout 2\n"
    "      아주 작은 수신 버퍼와 느린 읽기: 데이터그램이 버려지는 것을 보기\n"
    "  lab-udp-receiver --port 9000 --read-size 4\n"
    "      데이터그램마다 4바이트만 읽기: 나머지는 사라짐 (TCP와 다름)\n"
    "  lab-udp-receiver --port 0 --count 1000 --json\n"
    "      아무 빈 포트, 데이터그램 1000개 뒤 멈춤, JSON Lines 출력\n";

}  // namespace

ReceiverOptions parse_options(int argc, char** argv) {
  ReceiverOptions o;
  auto app = lab::make_app(
      lab::help_text(
          "UDP receiver: prints each datagram with its sender, or counts what arrived, what "
          "was lost, reordered or duplicated, and what the kernel dropped.",
          "UDP 수신기: 데이터그램마다 보낸 쪽과 함께 출력하거나, 도착, 손실, 순서 바뀜, "
          "중복, 커널이 버린 것을 셉니다."),
      lab::help_text(examples, examples_ko));
  app->add_option("--bind", o.bind,
                  lab::help_text("Address to bind (0.0.0.0 for a classroom LAN)",
                                 "바인드할 주소 (교실 LAN이면 0.0.0.0)"))
      ->capture_default_str();
  app->add_option("-p,--port", o.port,
                  lab::help_text("UDP port to bind (0 = any free port, printed)",
                                 "바인드할 UDP 포트 (0 = 아무 빈 포트, 시작할 때 출력)"))
      ->check(lab::port_validator(lab::PortZero::any_free_port))
      ->capture_default_str();
  app->add_option("--count", o.count,
                  lab::help_text("Stop after N datagrams, lab ones or not (0 = no limit)",
                                 "데이터그램 N개 뒤 멈춤, 실습용 형식이든 아니든 (0 = 제한 없음)"))
      ->check(lab::count_validator(0, 1'000'000'000'000));
  app->add_option(
         "--timeout", o.timeout_s,
         lab::help_text("Stop after this many seconds without a datagram, once one came (0 = "
                        "never, the default)",
                        "첫 데이터그램 뒤 이 시간(초) 동안 아무것도 오지 않으면 멈춤 (0 = "
                        "멈추지 않음, 기본값)"))
      ->check(lab::seconds_validator(86400));
  lab::add_size_option(*app, "--rcvbuf", o.rcvbuf,
                       lab::help_text("SO_RCVBUF to ask for (the kernel doubles it; 0 = default)",
                                      "요청할 SO_RCVBUF (커널이 두 배로 잡음; 0 = 기본값)"),
                       0, 64ull << 20);
  app->add_option("--slow", o.slow_ms,
                  lab::help_text("Sleep this many milliseconds after each datagram",
                                 "데이터그램마다 이만큼(밀리초) 쉬기"))
      ->check(lab::count_validator(0, 10'000));
  lab::add_size_option(
      *app, "--read-size", o.read_size,
      lab::help_text("Bytes read per datagram; a longer datagram loses the rest",
                     "데이터그램마다 읽을 바이트; 더 긴 데이터그램은 나머지를 잃음"),
      1, lab::wire::max_udp_payload_ipv4);
  app->add_flag("-q,--quiet", o.quiet,
                lab::help_text("Do not print each datagram, only the summary",
                               "데이터그램마다 출력하지 않고 요약만"));
  lab::add_json_flag(*app, o.common);
  lab::parse(*app, argc, argv);
  return o;
}

}  // namespace udp_lab
