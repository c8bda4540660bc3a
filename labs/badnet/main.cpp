// lab-badnet: a bad network on purpose. The lab's packets are lost, delayed, reordered and
// duplicated for real, in the kernel's path, so that TCP really retransmits and UDP really
// loses -- on loopback or on a named interface (for two computers).
//
// How: nftables rules of our own send the chosen ports' packets (both directions, IPv4 and
// IPv6) to an NFQUEUE; this program reads each packet from the queue and decides its fate with
// a seeded random stream: drop it, hold it (delay), let the next one pass first (reorder), or
// let it go and write a second copy (duplicate). Packets are dropped where they arrive, so a
// UDP sender sees no error, as on a real wire.
#include <linux/capability.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <string>
#include <vector>

#include "cli/app.hpp"
#include "cli/color.hpp"
#include "cli/console.hpp"
#include "cli/interrupt.hpp"
#include "cli/wording.hpp"
#include "nft_table.hpp"
#include "options.hpp"
#include "packet_queue.hpp"
#include "render/output.hpp"
#include "report.hpp"
#include "shaper.hpp"

namespace {

using badnet_lab::Clock;
using badnet_lab::Options;

// The steps of main(), in the order they run.
void require_capabilities(const Options& options);
int report_cleaned(const std::vector<std::string>& removed);
void refuse_if_already_impaired(const std::vector<std::uint16_t>& ports);
void shape_until_interrupted(const Options& options, badnet_lab::PacketQueue& queue,
                             badnet_lab::Shaper& shaper);
void remove_rules(badnet_lab::InstalledTable& table);

}  // namespace

int main(int argc, char** argv) {
  return lab::run_main("lab-badnet", [&] {
    const Options options = badnet_lab::parse_options(argc, argv);
    require_capabilities(options);

    // A lab-badnet that was SIGKILLed could not remove its table: do it now (or only that, with
    // --clean). Tables of a lab-badnet that still runs are left alone.
    badnet_lab::RunInfo run;
    run.stale_removed = badnet_lab::remove_stale_tables();
    if (options.clean) return report_cleaned(run.stale_removed);

    // Two lab-badnet on one port would stack (two 100 ms delays make 200 ms each way) while each
    // summary shows only its own: the second one is refused. The lock makes the check and the
    // install one step against another lab-badnet starting at the same moment.
    badnet_lab::StartLock start_lock;
    refuse_if_already_impaired(options.ports);
    for (const pid_t other : badnet_lab::other_badnets())
      run.others_running.push_back(other);
    // Ctrl-C, SIGTERM and a closed terminal (SIGHUP) end the loop below, and the table goes.
    lab::catch_interrupts();

    // 1. The queue: where the kernel hands us the packets and waits for our verdict. It copies
    //    the headers only, unless we write duplicates (then the whole packet).
    const bool duplicates = options.impairment.duplicate_percent > 0;
    badnet_lab::PacketQueue queue(static_cast<std::uint16_t>(2000 + ::getpid() % 30000), 64,
                                  duplicates ? 0xffff : 128,
                                  badnet_lab::Shaper::kernel_queue_packets);
    badnet_lab::Duplicator duplicator(duplicates);
    badnet_lab::Shaper shaper(options.impairment, options.ports, queue, duplicator);

    // 2. The rules: which packets go to the queue. The table is removed on every way out of
    //    this block (its destructor), before the queue closes.
    badnet_lab::InstalledTable table(
        badnet_lab::table_name(::getpid()),
        {options.ports, options.tcp, options.udp, options.interface, queue.number()});
    run.table = table.name();
    run.queue = queue.number();
    start_lock.release();  // the table is in place: the next lab-badnet may look
    badnet_lab::print_start(options, run);

    // 3. The loop: read packets, give verdicts when they are due, show the counters.
    const auto started = Clock::now();
    shape_until_interrupted(options, queue, shaper);

    // 4. Clean up: the rules first (no new packets come), then every held packet goes on.
    remove_rules(table);
    shaper.release_all();
    queue.receive([&](const badnet_lab::QueuedPacket& packet) { queue.accept(packet.id); });
    run.passed_unseen = queue.passed_unseen();
    badnet_lab::print_summary(options, run, shaper.counters(), Clock::now() - started);
    return lab::exit_ok;
  });
}

namespace {

// CAP_NET_ADMIN changes the ruleset and binds a queue; CAP_NET_RAW writes the duplicates.
bool has_capability(int capability) {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("CapEff:", 0) == 0)
      return (std::stoull(line.substr(7), nullptr, 16) >> capability) & 1;
  }
  return false;
}

void require_capabilities(const Options& options) {
  if (!has_capability(CAP_NET_ADMIN))
    lab::fail(lab::tr(
        "changing the network needs root or CAP_NET_ADMIN (try: sudo lab-badnet ...)",
        "네트워크를 바꾸려면 root 또는 CAP_NET_ADMIN 권한이 필요합니다 (sudo lab-badnet ...)"));
  if (options.impairment.duplicate_percent > 0 && !has_capability(CAP_NET_RAW))
    lab::fail(lab::tr(
        "--duplicate needs root or CAP_NET_RAW (it writes the copies itself)",
        "--duplicate에는 root 또는 CAP_NET_RAW 권한이 필요합니다 (복사본을 직접 보냅니다)"));
}

// --clean: what it removed, or that there was nothing to remove.
int report_cleaned(const std::vector<std::string>& removed) {
  for (const auto& table : removed)
    lab::out::line(lab::trf("removed table inet {}", "inet {} 테이블을 지웠습니다", table));
  if (removed.empty())
    lab::out::line(lab::tr("nothing to clean: no table of a stopped lab-badnet",
                           "지울 것이 없습니다: 멈춘 lab-badnet의 테이블이 없습니다"));
  return lab::exit_ok;
}

void refuse_if_already_impaired(const std::vector<std::uint16_t>& ports) {
  const auto holder = badnet_lab::badnet_on_ports(ports);
  if (holder.pid <= 0) return;
  lab::fail(lab::trf(
      "port {} is already impaired by lab-badnet PID {}{}; a second one would add its own "
      "loss and delay on top. Stop that one first (Ctrl-C in its terminal, or: sudo kill {}), "
      "or give one run all the ports: --port 7000,7001",
      "포트 {}에는 이미 lab-badnet PID {}{} 적용 중입니다. 두 번째를 켜면 손실과 지연이 "
      "겹칩니다. 먼저 그것을 멈추거나(그 터미널에서 Ctrl-C, 또는 sudo kill {}) 한 번의 "
      "실행에 포트를 모두 주세요: --port 7000,7001",
      holder.port, holder.pid, lab::ko_particle(std::to_string(holder.pid), lab::Particle::i_ga),
      holder.pid));
}

// The counters while it runs. On a terminal one line is redrawn in place, cut to the terminal's
// width (a longer one would wrap and scroll at every redraw); a dumb terminal (TERM=dumb) gets a
// new line every 5 s. Not on a terminal, or with --json: nothing until the summary.
class LiveCounters {
 public:
  explicit LiveCounters(const Options& options)
      : options_(options),
        shown_(!options.json && ::isatty(STDOUT_FILENO)),
        redraw_(shown_ && lab::terminal_control_for_fd(STDOUT_FILENO)),
        every_(redraw_ ? 500 : 5000),
        next_(Clock::now() + (redraw_ ? std::chrono::milliseconds(0) : every_)) {}

  void show_when_due(const badnet_lab::Counters& counters, Clock::time_point now) {
    if (!shown_ || now < next_) return;
    // One column spare: a line that fills the last column wraps on some terminals.
    const auto columns = static_cast<std::size_t>(std::max(lab::terminal_columns(1), 20) - 1);
    const auto line = badnet_lab::live_line(options_, counters, columns);
    // \r, the line, then erase what a longer previous line left on the right (\x1b[K).
    if (redraw_)
      lab::out::print("\r{}\x1b[K", line);
    else
      lab::out::line(line);
    next_ = now + every_;
  }

  // The redrawn line stays, and the summary starts below it.
  void end() {
    if (redraw_) lab::out::write("\n");
  }

 private:
  const Options& options_;
  bool shown_;
  bool redraw_;
  std::chrono::milliseconds every_;
  Clock::time_point next_;
};

// Until a packet is queued, a held one is due, or Ctrl-C (at most 250 ms, for the live line).
// True when packets wait in the queue.
bool wait_for_packets(const badnet_lab::PacketQueue& queue, const badnet_lab::Shaper& shaper) {
  const auto now = Clock::now();
  auto wake = now + std::chrono::milliseconds(250);
  if (const auto due = shaper.next_due()) wake = std::min(wake, *due);
  const auto wait = std::chrono::ceil<std::chrono::milliseconds>(wake - now).count();
  pollfd ready[2] = {{queue.fd(), POLLIN, 0}, {lab::interrupt_fd(), POLLIN, 0}};
  ::poll(ready, 2, static_cast<int>(std::max<long long>(0, wait)));
  return (ready[0].revents & POLLIN) != 0;
}

void shape_until_interrupted(const Options& options, badnet_lab::PacketQueue& queue,
                             badnet_lab::Shaper& shaper) {
  LiveCounters live(options);
  while (!lab::interrupted()) {
    const bool queued = wait_for_packets(queue, shaper);
    const auto now = Clock::now();
    if (queued)
      queue.receive([&](const badnet_lab::QueuedPacket& packet) { shaper.on_packet(packet, now); });
    shaper.release_due(Clock::now());
    live.show_when_due(shaper.counters(), now);
  }
  live.end();
}

void remove_rules(badnet_lab::InstalledTable& table) {
  if (!table.remove())
    lab::print_warning(lab::trf(
        "nft could not delete table inet {}; run: lab-badnet --clean",
        "nft가 inet {} 테이블을 지우지 못했습니다; 실행: lab-badnet --clean", table.name()));
}

}  // namespace
