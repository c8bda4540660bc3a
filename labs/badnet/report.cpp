#include "report.hpp"

#include <unistd.h>

#include <fmt/format.h>

#include "cli/lang.hpp"
#include "cli/wording.hpp"
#include "render/json.hpp"
#include "render/output.hpp"
#include "render/text_width.hpp"

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
  std::string line = lab::trf("seen {} dropped {} delayed {} reordered {} duplicated {}",
                              "받음 {} 버림 {} 지연 {} 순서 바뀜 {} 중복 {}", c.seen, c.dropped,
                              c.delayed, c.reordered, c.duplicated);
  if (c.dropped_hold_full != 0)
    line += lab::trf(" dropped-hold-full {}", " 보관 초과로 버림 {}", c.dropped_hold_full);
  return line;
}
lab::json::Value counters_json(const DirectionCounters& c) {
  return {{"seen", c.seen},
          {"dropped", c.dropped},
          {"delayed", c.delayed},
          {"reordered", c.reordered},
          {"duplicated", c.duplicated},
          {"dropped_hold_full", c.dropped_hold_full}};
}
// The live line's half for one direction: only what this run can change.
std::string live_counters(const Options& options, const DirectionCounters& c) {
  const auto& i = options.impairment;
  std::string text = lab::trf("seen {}", "받음 {}", c.seen);
  if (i.loss_percent > 0 || i.rate_bits_per_second > 0)
    text += lab::trf(" lost {}", " 버림 {}", c.dropped);
  if (i.delay.count() > 0 || i.jitter.count() > 0 || i.rate_bits_per_second > 0)
    text += lab::trf(" delayed {}", " 지연 {}", c.delayed);
  if (i.reorder_percent > 0) text += lab::trf(" reordered {}", " 순서 바뀜 {}", c.reordered);
  if (i.duplicate_percent > 0) text += lab::trf(" duplicated {}", " 중복 {}", c.duplicated);
  return text;
}
std::string mib(std::size_t bytes) {
  return fmt::format("{} MiB", bytes >> 20);
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
  // With --json stdout is the summary's one document: these lines go beside it, to stderr.
  const auto say = options.json ? lab::out::stderr_line : lab::out::line;
  for (const auto& table : run.stale_removed)
    say(lab::trf("removed table inet {} left by a lab-badnet that was killed",
                 "강제 종료된 lab-badnet이 남긴 inet {} 테이블을 지웠습니다", table));
  // The kernel flushes every NFQUEUE of the network namespace when any netfilter hook goes away
  // (nfnetlink_queue's hook-drop), so one lab-badnet that stops loses the packets another holds.
  for (const int other : run.others_running)
    say(
        lab::trf("note: lab-badnet PID {} runs too. When one of you stops, the kernel drops "
                 "the packets the other holds at that moment (delayed, reordered or "
                 "waiting for the rate limit), and neither counts them.",
                 "참고: lab-badnet PID {}도 실행 중입니다. 둘 중 하나가 멈추는 순간 다른 "
                 "쪽이 붙잡고 있던 패킷(지연, 순서 바꿈, 속도 제한 대기)을 커널이 "
                 "버리며, 어느 쪽도 이를 세지 못합니다.",
                 other));
  say(
      lab::trf("lab-badnet PID {}: {} port {} on {}, both directions, IPv4+IPv6: {} "
               "(seed {}; nftables table inet {} -> NFQUEUE {}). Ctrl-C ends.",
               "lab-badnet PID {}: {} 포트 {} ({}), 양방향, IPv4+IPv6: {} "
               "(시드 {}; nftables 테이블 inet {} -> NFQUEUE {}). Ctrl-C로 끝냅니다.",
               ::getpid(), protocols(options), port_list(options), options.interface,
               describe(options), options.impairment.seed, run.table, run.queue));
}

std::string live_line(const Options& options, const Counters& counters, std::size_t columns) {
  std::string line = fmt::format("-> {} | <- {}", live_counters(options, counters.to_port),
                                 live_counters(options, counters.from_port));
  const auto full = counters.to_port.dropped_hold_full + counters.from_port.dropped_hold_full;
  // The bound, first thing after the counters: a cut line must not lose it.
  if (full != 0)
    line = lab::trf("HOLD FULL ({}): {} dropped | ", "보관 한도({}) 초과: {}개 버림 | ",
                    mib(Shaper::max_held_bytes), full) +
           line;
  return lab::render::fit_width(line, columns);
}

void print_summary(const Options& options, const RunInfo& run, const Counters& counters,
                   std::chrono::duration<double> elapsed) {
  if (options.json) {
    lab::out::json(summary_json(options, run, counters, elapsed));
    return;
  }
  lab::out::line(lab::trf("lab-badnet: {:.1f} s, table inet {} removed",
                          "lab-badnet: {:.1f}초, inet {} 테이블을 지웠습니다", elapsed.count(),
                          run.table));
  lab::out::print("  {}  {}\n",
                  lab::trf("to port {}:  {}", "포트 {}{}:", port_list(options),
                           lab::ko_particle(port_list(options), lab::Particle::euro_ro)),
                  counter_line(counters.to_port));
  lab::out::print("  {}  {}\n", lab::trf("from port {}:", "포트 {}에서:", port_list(options)),
                  counter_line(counters.from_port));
  const auto full = counters.to_port.dropped_hold_full + counters.from_port.dropped_hold_full;
  if (full != 0)
    lab::out::print(
        "  {}\n",
        lab::trf("the hold was full: lab-badnet holds at most {} of packets at once, so {} "
                 "packets that had to wait (delay, reorder, rate) were dropped instead "
                 "(dropped-hold-full above, apart from the loss asked for)",
                 "보관 한도에 닿았습니다: lab-badnet은 한 번에 최대 {}의 패킷만 붙잡아 "
                 "두므로, 기다려야 했던(지연, 순서 바꿈, 속도 제한) 패킷 {}개를 대신 "
                 "버렸습니다 (위의 보관 초과로 버림, 요청한 손실과는 따로 셈)",
                 mib(Shaper::max_held_bytes), full));
  if (run.passed_unseen != 0)
    lab::out::print(
        "  {}\n",
        lab::trf("{} packets passed untouched and uncounted: lab-badnet could not read them "
                 "fast enough (its queue socket was full)",
                 "패킷 {}개는 손대지 못하고 세지도 못한 채 지나갔습니다: lab-badnet이 충분히 "
                 "빨리 읽지 못했습니다 (큐 소켓이 가득 참)",
                 run.passed_unseen));
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
          {"max_held_bytes", Shaper::max_held_bytes},
          {"hold_was_full",
           counters.to_port.dropped_hold_full + counters.from_port.dropped_hold_full != 0},
          {"passed_unseen", run.passed_unseen},
          {"to_port", counters_json(counters.to_port)},
          {"from_port", counters_json(counters.from_port)}};
}

}  // namespace badnet_lab
