// lab-badnet: a bad network on purpose. The lab's packets are lost, delayed, reordered and
// duplicated for real, in the kernel's path, so that TCP really retransmits and UDP really
// loses -- on loopback or on a named interface (for two computers).
//
// How: nftables rules of our own send the chosen ports' packets (both directions, IPv4 and
// IPv6) to an NFQUEUE; this program reads each packet from the queue and decides its fate with
// a seeded random stream: drop it, hold it (delay), let the next one pass first (reorder), or
// let it go and write a second copy (duplicate). Packets are dropped where they arrive, so a
// UDP sender sees no error, as on a real wire.
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <fstream>
#include <string>

#include "cli/app.hpp"
#include "cli/color.hpp"
#include "cli/console.hpp"
#include "cli/wording.hpp"
#include "nft_table.hpp"
#include "options.hpp"
#include "packet_queue.hpp"
#include "report.hpp"
#include "shaper.hpp"

namespace {

volatile std::sig_atomic_t g_stop = 0;
void on_stop(int) {
  g_stop = 1;
}
void catch_stop_signals() {
  struct sigaction action {};
  action.sa_handler = on_stop;
  sigemptyset(&action.sa_mask);
  for (const int signal_number : {SIGINT, SIGTERM, SIGHUP})
    sigaction(signal_number, &action, nullptr);
}

// CAP_NET_ADMIN (12) changes the ruleset and binds a queue; CAP_NET_RAW (13) writes duplicates.
bool has_capability(int bit) {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("CapEff:", 0) == 0) return (std::stoull(line.substr(7), nullptr, 16) >> bit) & 1;
  }
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  return lab::run_main("lab-badnet", [&] {
    badnet_lab::Options options;
    auto app = badnet_lab::make_app(options);
    lab::parse(*app, argc, argv);
    badnet_lab::finish(options);
    if (!has_capability(12))
      lab::fail(lab::tr(
          "changing the network needs root or CAP_NET_ADMIN (try: sudo lab-badnet ...)",
          "네트워크를 바꾸려면 root 또는 CAP_NET_ADMIN 권한이 필요합니다 (sudo lab-badnet ...)"));
    if (options.impairment.duplicate_percent > 0 && !has_capability(13))
      lab::fail(lab::tr(
          "--duplicate needs root or CAP_NET_RAW (it writes the copies itself)",
          "--duplicate에는 root 또는 CAP_NET_RAW 권한이 필요합니다 (복사본을 직접 보냅니다)"));

    // A lab-badnet that was SIGKILLed could not remove its table: do it now (or only that, with
    // --clean). Tables of a lab-badnet that still runs are left alone.
    badnet_lab::RunInfo run;
    run.stale_removed = badnet_lab::remove_stale_tables();
    if (options.clean) {
      for (const auto& table : run.stale_removed)
        fmt::print("{}\n", lab::trf("removed table inet {}", "inet {} 테이블을 지웠습니다", table));
      if (run.stale_removed.empty())
        fmt::print("{}\n", lab::tr("nothing to clean: no table of a stopped lab-badnet",
                                   "지울 것이 없습니다: 멈춘 lab-badnet의 테이블이 없습니다"));
      return lab::exit_ok;
    }
    // Two lab-badnet on one port would stack (two 100 ms delays make 200 ms each way) while each
    // summary shows only its own: the second one is refused. The lock makes the check and the
    // install one step against another lab-badnet starting at the same moment.
    badnet_lab::StartLock start_lock;
    if (const auto holder = badnet_lab::badnet_on_ports(options.ports); holder.pid > 0)
      lab::fail(lab::trf(
          "port {} is already impaired by lab-badnet PID {}{}; a second one would add its own "
          "loss and delay on top. Stop that one first (Ctrl-C in its terminal, or: sudo kill {}), "
          "or give one run all the ports: --port 7000,7001",
          "포트 {}에는 이미 lab-badnet PID {}{} 적용 중입니다. 두 번째를 켜면 손실과 지연이 "
          "겹칩니다. 먼저 그것을 멈추거나(그 터미널에서 Ctrl-C, 또는 sudo kill {}) 한 번의 "
          "실행에 포트를 모두 주세요: --port 7000,7001",
          holder.port, holder.pid,
          lab::ko_particle(std::to_string(holder.pid), lab::Particle::i_ga), holder.pid));
    for (const pid_t other : badnet_lab::other_badnets())
      run.others_running.push_back(other);
    catch_stop_signals();

    // 1. The queue: where the kernel hands us the packets and waits for our verdict. It copies
    //    the headers only, unless we write duplicates (then the whole packet).
    const bool duplicates = options.impairment.duplicate_percent > 0;
    badnet_lab::PacketQueue queue(static_cast<std::uint16_t>(2000 + ::getpid() % 30000), 64,
                                  duplicates ? 0xffff : 128,
                                  badnet_lab::Shaper::kernel_queue_packets);
    badnet_lab::Duplicator duplicator(options.impairment.duplicate_percent > 0);
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

    // 3. The loop: read packets, give verdicts when they are due, show the counters. On a
    //    terminal one line is redrawn in place, cut to the terminal's width (a longer one would
    //    wrap and scroll at every redraw); a dumb terminal (TERM=dumb) gets a new line every 5 s.
    const bool live = !options.json && ::isatty(STDOUT_FILENO);
    const bool redraw = live && lab::terminal_control_for_fd(STDOUT_FILENO);
    const auto live_every = std::chrono::milliseconds(redraw ? 500 : 5000);
    const auto started = badnet_lab::Clock::now();
    auto next_live = started + (redraw ? std::chrono::milliseconds(0) : live_every);
    while (!g_stop) {
      auto now = badnet_lab::Clock::now();
      auto wake = now + std::chrono::milliseconds(250);
      if (const auto due = shaper.next_due()) wake = std::min(wake, *due);
      const auto wait = std::chrono::ceil<std::chrono::milliseconds>(wake - now).count();
      pollfd ready{queue.fd(), POLLIN, 0};
      ::poll(&ready, 1, static_cast<int>(std::max<long long>(0, wait)));
      now = badnet_lab::Clock::now();
      if (ready.revents & POLLIN)
        queue.receive(
            [&](const badnet_lab::QueuedPacket& packet) { shaper.on_packet(packet, now); });
      shaper.release_due(badnet_lab::Clock::now());
      if (live && now >= next_live) {
        // One column spare: a line that fills the last column wraps on some terminals.
        const auto columns = static_cast<std::size_t>(std::max(lab::terminal_columns(1), 20) - 1);
        const auto line = badnet_lab::live_line(options, shaper.counters(), columns);
        // \r, the line, then erase what a longer previous line left on the right (\x1b[K).
        if (redraw)
          fmt::print("\r{}\x1b[K", line);
        else
          fmt::print("{}\n", line);
        std::fflush(stdout);
        next_live = now + live_every;
      }
    }
    if (redraw) fmt::print("\n");

    // 4. Clean up: the rules first (no new packets come), then every held packet goes on.
    if (!table.remove())
      lab::print_warning(lab::trf(
          "nft could not delete table inet {}; run: lab-badnet --clean",
          "nft가 inet {} 테이블을 지우지 못했습니다; 실행: lab-badnet --clean", table.name()));
    shaper.release_all();
    queue.receive([&](const badnet_lab::QueuedPacket& packet) { queue.accept(packet.id); });
    run.passed_unseen = queue.passed_unseen();
    badnet_lab::print_summary(options, run, shaper.counters(), badnet_lab::Clock::now() - started);
    return lab::exit_ok;
  });
}
