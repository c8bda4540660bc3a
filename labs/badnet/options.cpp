#include "options.hpp"

#include <net/if.h>

#include <algorithm>
#include <cctype>
#include <charconv>

#include "bind/port_list.hpp"
#include "cli/app.hpp"
#include "cli/lang.hpp"
#include "cli/validators.hpp"

namespace lab::badnet {

namespace {
constexpr std::string_view examples =
    R"(  sudo lab-badnet --port 7000 --loss 10 --seed 1      TCP and UDP port 7000 lose 10 %
  sudo lab-badnet --port 7000 --udp --reorder 20       UDP port 7000 arrives out of order
  sudo lab-badnet --port 7000 --delay 50 --jitter 10   50 ms +- 10 ms each way
  sudo lab-badnet --port 7000,7001 --rate 1M           a 1 Mbit/s link for both ports
  sudo lab-badnet --port 7000 --interface eth0 --loss 5   on the classroom network
  sudo lab-badnet --clean                              remove what a killed run left behind)";
}  // namespace

std::optional<std::uint64_t> parse_rate(std::string_view text) {
  std::uint64_t number = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (ec != std::errc{} || end == text.data() || number == 0) return std::nullopt;
  std::string unit(end, text.data() + text.size());
  std::transform(unit.begin(), unit.end(), unit.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (unit.ends_with("bit")) unit.resize(unit.size() - 3);
  std::uint64_t multiple = 0;
  if (unit.empty())
    multiple = 1;
  else if (unit == "k")
    multiple = 1'000;
  else if (unit == "m")
    multiple = 1'000'000;
  else if (unit == "g")
    multiple = 1'000'000'000;
  else
    return std::nullopt;
  if (number > 100'000'000'000ULL / multiple) return std::nullopt;  // beyond 100 Gbit/s: a typo
  return number * multiple;
}

std::unique_ptr<CLI::App> make_app(Options& options) {
  auto app = lab::make_app(
      "A bad network on purpose: loss, delay, reordering and duplication for the lab's ports "
      "(needs root)",
      examples);
  auto* port = app->add_option("--port", options.port_text,
                               "Ports to impair, both directions: 7000 or 7000,7001 or 7000-7005")
                   ->type_name("LIST");
  app->add_flag("--tcp", options.tcp, "Impair TCP (default: TCP and UDP)");
  app->add_flag("--udp", options.udp, "Impair UDP (default: TCP and UDP)");
  const auto percent = CLI::Range(0.0, 100.0);
  app->add_option("--loss", options.impairment.loss_percent, "Drop this share of packets (%)")
      ->check(percent)
      ->type_name("PCT");
  app->add_option("--delay", options.delay_ms, "Hold every packet this long (ms, each way)")
      ->check(CLI::Range(0.0, 10000.0))
      ->type_name("MS");
  app->add_option("--jitter", options.jitter_ms, "Vary the delay by up to this much (ms)")
      ->check(CLI::Range(0.0, 10000.0))
      ->type_name("MS");
  app->add_option("--reorder", options.impairment.reorder_percent,
                  "Hold this share of packets back past the next one (%)")
      ->check(percent)
      ->type_name("PCT");
  app->add_option("--duplicate", options.impairment.duplicate_percent,
                  "Deliver this share of packets twice (%)")
      ->check(percent)
      ->type_name("PCT");
  app->add_option("--rate", options.rate_text,
                  "Limit each direction to this rate (bits/s: 800k, 10M)")
      ->type_name("RATE");
  app->add_option("--seed", options.impairment.seed,
                  "Seed of the random choices: the same seed gives the same pattern (default 1)");
  app->add_option("--interface", options.interface, "Network interface (default lo, loopback)")
      ->type_name("IF");
  app->add_flag("--json", options.json, "Print the counters as one JSON document at the end");
  app->add_flag("--clean", options.clean,
                "Remove tables left by a lab-badnet that was killed, then exit");
  port->excludes(app->get_option("--clean"));
  return app;
}

void finish(Options& options) {
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
  if (!options.rate_text.empty()) {
    const auto rate = parse_rate(options.rate_text);
    if (!rate)
      lab::usage_error(lab::trf("--rate {}: not a rate (bits per second, e.g. 800k, 10M)",
                                "--rate {}: 속도가 아닙니다 (초당 비트, 예: 800k, 10M)",
                                options.rate_text));
    options.impairment.rate_bits_per_second = *rate;
  }
}

}  // namespace lab::badnet
