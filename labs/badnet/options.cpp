#include "options.hpp"

#include <net/if.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <memory>

#include "bind/port_list.hpp"
#include "cli/app.hpp"
#include "cli/lang.hpp"
#include "cli/validators.hpp"
#include "cli/wording.hpp"

namespace badnet_lab {

namespace {
constexpr std::string_view examples =
    R"(  sudo lab-badnet --port 7000 --loss 10 --seed 1      TCP and UDP port 7000 lose 10 %
  sudo lab-badnet --port 7000 --udp --reorder 20       UDP port 7000 arrives out of order
  sudo lab-badnet --port 7000 --delay 50 --jitter 10   50 ms +- 10 ms each way
  sudo lab-badnet --port 7000,7001 --rate 1M           a 1 Mbit/s link for both ports
  sudo lab-badnet --port 7000 --interface eth0 --loss 5   on the classroom network
  sudo lab-badnet --clean                              remove what a killed run left behind)";
constexpr std::string_view examples_ko =
    R"(  sudo lab-badnet --port 7000 --loss 10 --seed 1      TCP와 UDP 포트 7000에서 10 % 손실
  sudo lab-badnet --port 7000 --udp --reorder 20       UDP 포트 7000의 순서 바뀜
  sudo lab-badnet --port 7000 --delay 50 --jitter 10   방향마다 50 ms +- 10 ms 지연
  sudo lab-badnet --port 7000,7001 --rate 1M           두 포트 모두 1 Mbit/s 링크
  sudo lab-badnet --port 7000 --interface eth0 --loss 5   강의실 네트워크에서
  sudo lab-badnet --clean                              강제 종료된 실행이 남긴 것을 지움)";
}  // namespace

std::optional<std::uint64_t> parse_rate(std::string_view text) {
  // "10Mbit" is "10M": tc's spelling is accepted too.
  if (text.size() > 3) {
    std::string tail(text.substr(text.size() - 3));
    std::transform(tail.begin(), tail.end(), tail.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (tail == "bit") text.remove_suffix(3);
  }
  // The suite's one rate parser (lab-udp-sender's --rate too); beyond 100 Gbit/s is a typo.
  const auto rate = lab::parse_rate_number(text, 1, 100e9);
  if (!rate) return std::nullopt;
  return static_cast<std::uint64_t>(std::llround(*rate));
}

namespace {

// Which traffic: the ports and the protocols (--interface comes last in --help).
CLI::Option* add_traffic_options(CLI::App& app, Options& options) {
  auto* port =
      app.add_option(
             "--port", options.port_text,
             lab::help_text("Ports to impair, both directions: 7000 or 7000,7001 or 7000-7005",
                            "나쁘게 만들 포트, 양방향: 7000, 7000,7001, 7000-7005"))
          ->type_name("LIST");
  app.add_flag(
      "--tcp", options.tcp,
      lab::help_text("Impair TCP (default: TCP and UDP)", "TCP에 적용 (기본: TCP와 UDP 모두)"));
  app.add_flag(
      "--udp", options.udp,
      lab::help_text("Impair UDP (default: TCP and UDP)", "UDP에 적용 (기본: TCP와 UDP 모두)"));
  return port;
}

// What happens to it: loss, delay, reordering, duplication, a rate, and the seed of the choices.
void add_impairment_options(CLI::App& app, Options& options) {
  // Every number through the suite's validators: "nan", "inf", "" and "-1" are one clear line.
  const auto percent = lab::number_validator(0, 100, "%");
  const auto milliseconds = lab::number_validator(0, 10000, "ms");
  app.add_option("--loss", options.impairment.loss_percent,
                 lab::help_text("Drop this share of packets (%)", "손실: 버릴 패킷의 비율 (%)"))
      ->check(percent)
      ->type_name("PCT");
  app.add_option("--delay", options.delay_ms,
                 lab::help_text("Hold every packet this long (ms, each way)",
                                "지연: 모든 패킷을 이만큼 붙잡아 둠 (ms, 방향마다)"))
      ->check(milliseconds)
      ->type_name("MS");
  app.add_option(
         "--jitter", options.jitter_ms,
         lab::help_text("Vary the delay by up to this much (ms)", "지연을 최대 이만큼 흔듦 (ms)"))
      ->check(milliseconds)
      ->type_name("MS");
  app.add_option("--reorder", options.impairment.reorder_percent,
                 lab::help_text("Hold this share of packets back past the next one (%)",
                                "순서 바뀜: 다음 패킷보다 늦게 보낼 패킷의 비율 (%)"))
      ->check(percent)
      ->type_name("PCT");
  app.add_option("--duplicate", options.impairment.duplicate_percent,
                 lab::help_text("Deliver this share of packets twice (%)",
                                "중복: 두 번 전달할 패킷의 비율 (%)"))
      ->check(percent)
      ->type_name("PCT");
  app.add_option("--rate", options.rate_text,
                 lab::help_text("Limit each direction to this rate (bits/s: 800k, 1.5M, 10M)",
                                "방향마다 이 속도로 제한 (bit/s: 800k, 1.5M, 10M)"))
      ->check(CLI::Validator(
          [](std::string& value) -> std::string {
            if (parse_rate(value)) return {};
            return lab::trf(
                "'{}'{} is not a rate (bits per second, 1 to 100G, e.g. 800k, 1.5M, 10M)",
                "'{}'{} 속도가 아닙니다 (초당 비트, 1~100G, 예: 800k, 1.5M, 10M)", value,
                lab::ko_particle(value, lab::Particle::eun_neun));
          },
          "RATE", "RATE"))
      ->type_name("RATE");
  app.add_option("--seed", options.impairment.seed,
                 lab::help_text(
                     "Seed of the random choices: the same seed gives the same pattern (default 1)",
                     "무작위 선택의 시드: 같은 시드면 같은 패턴 (기본 1)"))
      ->check(lab::count_validator(0, UINT64_MAX))
      ->type_name("N");
}

std::unique_ptr<CLI::App> make_command_line(Options& options) {
  auto app = lab::make_app(
      lab::help_text("A bad network on purpose: loss, delay, reordering and duplication for the "
                     "lab's ports (needs root)",
                     "일부러 만든 나쁜 네트워크: 실습 포트에 손실, 지연, 순서 바뀜, 중복을 "
                     "넣습니다 (root 필요)"),
      lab::help_text(examples, examples_ko));
  auto* port = add_traffic_options(*app, options);
  add_impairment_options(*app, options);
  app->add_option("--interface", options.interface,
                  lab::help_text("Network interface (default lo, loopback)",
                                 "네트워크 인터페이스 (기본 lo, 루프백)"))
      ->type_name("IF");
  app->add_flag("--json", options.json,
                lab::help_text("Print the counters as one JSON document at the end",
                               "끝날 때 카운터를 JSON 문서 하나로 출력"));
  app->add_flag("--clean", options.clean,
                lab::help_text("Remove tables left by a lab-badnet that was killed, then exit",
                               "강제 종료된 lab-badnet이 남긴 테이블을 지우고 끝냄"));
  port->excludes(app->get_option("--clean"));
  return app;
}

// What CLI11 cannot check, and the fields derived from the typed ones.
void check_and_derive(Options& options) {
  if (options.clean) return;
  if (options.port_text.empty())
    lab::usage_error(lab::tr("--port is required (the lab's ports, e.g. --port 7000)",
                             "--port가 필요합니다 (실습 포트, 예: --port 7000)"));
  const auto list = lab::bind::parse_port_list(options.port_text);
  if (!list.ok()) lab::usage_error(fmt::format("--port: {}", list.problem));
  options.ports = list.ports;
  if (!options.tcp && !options.udp) options.tcp = options.udp = true;
  if (options.interface.empty() || options.interface.size() >= IF_NAMESIZE ||
      ::if_nametoindex(options.interface.c_str()) == 0)
    lab::usage_error(lab::trf("--interface {}: no such network interface (see: ip link)",
                              "--interface {}: 그런 네트워크 인터페이스가 없습니다 (확인: ip link)",
                              options.interface));
  if (options.interface.find_first_of("\"\\ ") != std::string::npos)
    lab::usage_error(lab::trf("--interface {}: not an interface name",
                              "--interface {}: 인터페이스 이름이 아닙니다", options.interface));
  options.impairment.delay = std::chrono::milliseconds(static_cast<long long>(options.delay_ms));
  options.impairment.jitter = std::chrono::milliseconds(static_cast<long long>(options.jitter_ms));
  if (!options.rate_text.empty())  // checked by its validator while parsing
    options.impairment.rate_bits_per_second = parse_rate(options.rate_text).value_or(0);
}

}  // namespace

Options parse_options(int argc, char** argv) {
  Options options;
  const auto app = make_command_line(options);
  lab::parse(*app, argc, argv);
  check_and_derive(options);
  return options;
}

}  // namespace badnet_lab
