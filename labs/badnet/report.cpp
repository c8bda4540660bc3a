#include "report.hpp"

#include <unistd.h>

#include <cstdio>

#include <fmt/format.h>

#include "cli/lang.hpp"
#include "cli/wording.hpp"
#include "render/json.hpp"

namespace badnet_lab {

namespace {
std::string protocols(const Options& options) {
  return options.tcp && options.udp ? "tcp+udp" : options.tcp ? "tcp" : "udp";
}
std::string port_list(const Options& options) {
  std::string text;
  for (const auto port : options.ports)
    text += fmt::format("{}{}", text.empty() ? "" : ",", port);
  return text;
}
std::string counter_line(const DirectionCounters& c) {
  return lab::trf("seen {} dropped {} delayed {} reordered {} duplicated {}",
                  "받음 {} 버림 {} 지연 {} 순서 바뀜 {} 중복 {}", c.seen, c.dropped, c.delayed,
                  c.reordered, c.duplicated);
}
lab::json::Value counters_json(const DirectionCounters& c) {
  return {{"seen", c.seen},
          {"dropped", c.dropped},
          {"delayed", c.delayed},
          {"reordered", c.reordered},
          {"duplicated", c.duplicated}};
}
}  // namespace

std::string describe(const Options& options) {
  const auto& i = options.impairment;
  std::vector<std::string> parts;
  if (i.loss_percent > 0) parts.push_back(lab::trf("loss {}%", "손실 {}%", i.loss_percent));
  if (i.delay.count() > 0 || i.jitter.count() > 0)
    parts.push_back(
        lab::trf("delay {} ms ±{} ms", "지연 {} ms ±{} ms", i.delay.count(), i.jitter.count()));
  if (i.reorder_percent > 0)
    parts.push_back(lab::trf("reorder {}%", "순서 바꿈 {}%", i.reorder_percent));
  if (i.duplicate_percent > 0)
    parts.push_back(lab::trf("duplicate {}%", "중복 {}%", i.duplicate_percent));
  if (i.rate_bits_per_second > 0)
    parts.push_back(lab::trf("rate {} bit/s", "속도 {} bit/s", i.rate_bits_per_second));
  if (parts.empty()) return lab::tr("nothing (counting only)", "없음 (세기만 함)");
  std::string text;
  for (const auto& part : parts)
    text += (text.empty() ? "" : ", ") + part;
  return text;
}

void print_start(const Options& options, const RunInfo& run) {
  std::FILE* out = options.json ? stderr : stdout;
  for (const auto& table : run.stale_removed)
    fmt::print(out, "{}\n",
               lab::trf("removed table inet {} left by a lab-badnet that was killed",
                        "강제 종료된 lab-badnet이 남긴 inet {} 테이블을 지웠습니다", table));
  fmt::print(out, "{}\n",
             lab::trf("lab-badnet PID {}: {} port {} on {}, both directions, IPv4+IPv6: {} "
                      "(seed {}; nftables table inet {} -> NFQUEUE {}). Ctrl-C ends.",
                      "lab-badnet PID {}: {} 포트 {} ({}), 양방향, IPv4+IPv6: {} "
                      "(시드 {}; nftables 테이블 inet {} -> NFQUEUE {}). Ctrl-C로 끝냅니다.",
                      ::getpid(), protocols(options), port_list(options), options.interface,
                      describe(options), options.impairment.seed, run.table, run.queue));
  std::fflush(out);
}

void print_live(const Counters& counters) {
  fmt::print("\r-> {} | <- {}   ", counter_line(counters.to_port),
             counter_line(counters.from_port));
  std::fflush(stdout);
}

void print_summary(const Options& options, const RunInfo& run, const Counters& counters,
                   std::chrono::duration<double> elapsed) {
  if (options.json) {
    fmt::print("{}\n", lab::json::to_line(summary_json(options, run, counters, elapsed)));
    return;
  }
  fmt::print("{}\n", lab::trf("lab-badnet: {:.1f} s, table inet {} removed",
                              "lab-badnet: {:.1f}초, inet {} 테이블을 지웠습니다", elapsed.count(),
                              run.table));
  fmt::print("  {}  {}\n",
             lab::trf("to port {}:  {}", "포트 {}{}:", port_list(options),
                      lab::ko_particle(port_list(options), lab::Particle::euro_ro)),
             counter_line(counters.to_port));
  fmt::print("  {}  {}\n", lab::trf("from port {}:", "포트 {}에서:", port_list(options)),
             counter_line(counters.from_port));
}

lab::json::Value summary_json(const Options& options, const RunInfo& run, const Counters& counters,
                              std::chrono::duration<double> elapsed) {
  const auto& i = options.impairment;
  lab::json::Value protocols = lab::json::Value::array();
  if (options.tcp) protocols.push_back("tcp");
  if (options.udp) protocols.push_back("udp");
  return {{"program", "lab-badnet"},
          {"pid", ::getpid()},
          {"method", "nfqueue"},
          {"table", "inet " + run.table},
          {"queue", run.queue},
          {"interface", options.interface},
          {"ports", options.ports},
          {"protocols", protocols},
          {"loss_percent", i.loss_percent},
          {"delay_ms", i.delay.count()},
          {"jitter_ms", i.jitter.count()},
          {"reorder_percent", i.reorder_percent},
          {"duplicate_percent", i.duplicate_percent},
          {"rate_bits_per_second", i.rate_bits_per_second},
          {"seed", i.seed},
          {"seconds", elapsed.count()},
          {"to_port", counters_json(counters.to_port)},
          {"from_port", counters_json(counters.from_port)}};
}

}  // namespace badnet_lab
