// lab-trace: watch your own connection live. Two sources, one timeline:
//
//   the kernel   sock:inet_sock_set_state says when a TCP socket changes state (SYN_SENT,
//                SYN_RECV, FIN_WAIT1 ... states that last microseconds on loopback, which no
//                netstat ever catches), tcp:tcp_retransmit_skb and the reset tracepoints;
//   the wire     libpcap shows each segment (flags, seq, ack, length) and each UDP datagram.
//
// Both are merged in time order, so a student sees cause and effect: the FIN goes out, the
// other end moves to CLOSE_WAIT. Without root neither source is open to us: the socket table,
// polled fast, shows the long states only, and lab-trace says so.
#include <poll.h>
#include <unistd.h>

#include <fstream>

#include "cli/app.hpp"
#include "cli/color.hpp"
#include "cli/interrupt.hpp"
#include "cli/wording.hpp"
#include "deadline.hpp"
#include "diagram.hpp"
#include "kernel_events.hpp"
#include "options.hpp"
#include "packets.hpp"
#include "poll_fallback.hpp"
#include "render/output.hpp"
#include "timeline.hpp"

namespace {

using trace_lab::Deadline;
using trace_lab::Event;
using trace_lab::Options;
using trace_lab::port_list_text;
using trace_lab::wall_ns;

struct Lost {
  std::uint64_t trace = 0;
  std::uint64_t capture = 0;
};

// The steps of main(), in the order they run.
void check_output_files(const Options& options);
Lost trace_as_root(const Options& options, trace_lab::Timeline& timeline, const Deadline& deadline);
void poll_without_root(const Options& options, trace_lab::Timeline& timeline,
                       const Deadline& deadline);
void draw_state_diagram(const trace_lab::Timeline& timeline);
void write_svg(const std::string& path, const trace_lab::Timeline& timeline, std::int64_t start_ns);

}  // namespace

int main(int argc, char** argv) {
  return lab::run_main("lab-trace", [&] {
    const Options options = trace_lab::parse_options(argc, argv);
    // Every way out must remove the tracefs instance, and all of them end through the
    // destructors: Ctrl-C, SIGTERM and a closed terminal (SIGHUP) end the loops below, and a
    // closed pipe (| head; run_main ignores SIGPIPE) is a write that ends the program quietly.
    lab::catch_interrupts();
    check_output_files(options);

    const std::int64_t start_ns = wall_ns();
    trace_lab::Timeline timeline({options.ports, options.common.json, options.budget}, start_ns);
    const Deadline deadline(options.duration_s);
    Lost lost;
    if (geteuid() == 0 && !options.force_polling)
      lost = trace_as_root(options, timeline, deadline);
    else
      poll_without_root(options, timeline, deadline);

    // The summary, then the pictures.
    timeline.check_socket_table();
    timeline.summary(lost.trace, lost.capture, deadline.elapsed());
    if (!options.common.json && !options.no_diagram) draw_state_diagram(timeline);
    if (!options.svg_path.empty()) write_svg(options.svg_path, timeline, start_ns);
    return lab::exit_ok;
  });
}

namespace {

void check_output_files(const Options& options) {
  // A picture that cannot be written should say so now, not after the trace.
  if (!options.svg_path.empty() && !std::ofstream(options.svg_path, std::ios::app))
    lab::fail(lab::trf("cannot write {}", "{}에 쓸 수 없습니다", options.svg_path));
  // Only the capture sees segments to save, and only root may capture.
  if (!options.pcap_path.empty() && geteuid() != 0)
    lab::fail(
        lab::tr("--write saves what the capture sees, and capturing needs root: run it "
                "with sudo",
                "--write는 캡처한 것을 저장하는데 캡처에는 root가 필요합니다. sudo로 "
                "실행하세요"));
}

// As root: the tracepoints and the capture, read together with poll().
Lost trace_as_root(const Options& options, trace_lab::Timeline& timeline,
                   const Deadline& deadline) {
  // 1. The kernel's tracepoints, in a tracefs instance of our own.
  trace_lab::KernelTracer kernel(options.ports);
  if (kernel.mounted_here())
    timeline.note(
        lab::tr("lab-trace: tracefs was not mounted: mounted it at /sys/kernel/tracing "
                "(the last lab-trace to finish unmounts it)",
                "lab-trace: tracefs가 마운트되어 있지 않아 /sys/kernel/tracing에 "
                "마운트했습니다 (마지막 lab-trace가 끝날 때 해제)"));
  // 2. The segments on the wire.
  trace_lab::PacketCapture capture(options.interface, options.ports, options.pcap_path);
  timeline.note(lab::trf(
      "lab-trace: PID {} watching TCP/UDP port {}{} on {}: kernel tracepoints (tracefs instance "
      "{}) "
      "and libpcap. Ctrl-C ends with the summary.",
      "lab-trace: PID {} — TCP/UDP 포트 {}{} {}에서 관찰합니다: 커널 트레이스포인트(tracefs "
      "인스턴스 {})와 libpcap. Ctrl-C로 끝내면 요약을 보여 줍니다.",
      getpid(), port_list_text(options.ports),
      lab::ko_particle(port_list_text(options.ports), lab::Particle::eul_reul), options.interface,
      kernel.instance_name()));

  // 3. Read both as they come; the timeline puts them in order.
  std::vector<Event> batch;
  while (!deadline.passed()) {
    pollfd fds[2] = {{kernel.fd(), POLLIN, 0}, {capture.fd(), POLLIN, 0}};
    poll(fds, 2, 20);  // EINTR (Ctrl-C) is seen by deadline.passed()
    batch.clear();
    kernel.read(batch, 1 << 20);
    capture.read(batch, 20000);
    for (auto& event : batch)
      timeline.add(std::move(event));
    timeline.flush(wall_ns());
  }
  // What was on its way when the trace ended.
  batch.clear();
  kernel.read(batch, 1 << 22);
  capture.read(batch, 200000);
  for (auto& event : batch)
    timeline.add(std::move(event));
  timeline.flush(wall_ns(), true);
  // 4. --write: the same frames, whole, in a file for Wireshark.
  if (const auto saved = capture.finish_saving())
    timeline.note(lab::trf("lab-trace: saved {} captured frame{} to {} (it opens in Wireshark)",
                           "lab-trace: 캡처한 프레임 {}개{}를 {}에 저장했습니다 (Wireshark에서 "
                           "열 수 있습니다)",
                           *saved, lab::plural_s(*saved), options.pcap_path));
  return {kernel.lost(), capture.kernel_drops()};
}

// Not root: the socket table, polled.
void poll_without_root(const Options& options, trace_lab::Timeline& timeline,
                       const Deadline& deadline) {
  timeline.note(lab::trf(
      "lab-trace: not root: polling the socket table every {} ms, so the short states "
      "(SYN_SENT, SYN_RECV, FIN_WAIT1, CLOSING, LAST_ACK) and the segments cannot be seen; run "
      "it with sudo for the kernel's tracepoints and the capture.",
      "lab-trace: root가 아니므로 소켓 테이블을 {}ms마다 읽습니다. 짧은 상태(SYN_SENT, "
      "SYN_RECV, FIN_WAIT1, CLOSING, LAST_ACK)와 세그먼트는 볼 수 없습니다. sudo로 실행하면 "
      "커널 트레이스포인트와 캡처를 씁니다.",
      options.poll_ms));
  timeline.note(
      lab::trf("lab-trace: PID {} watching TCP port {}{} by polling. Ctrl-C ends with "
               "the summary.",
               "lab-trace: PID {} — TCP 포트 {}{} 폴링으로 관찰합니다. Ctrl-C로 "
               "끝내면 요약을 보여 줍니다.",
               getpid(), port_list_text(options.ports),
               lab::ko_particle(port_list_text(options.ports), lab::Particle::eul_reul)));
  trace_lab::SocketTablePoller poller(options.ports);
  std::vector<Event> batch;
  while (!deadline.passed()) {
    batch.clear();
    poller.poll(batch, wall_ns());
    for (auto& event : batch)
      timeline.add(std::move(event));
    timeline.flush(wall_ns());
    usleep(options.poll_ms * 1000);
  }
  timeline.flush(wall_ns(), true);
}

// The TCP state diagram with the states each end passed through marked.
void draw_state_diagram(const trace_lab::Timeline& timeline) {
  lab::out::write(trace_lab::terminal_diagram(trace_lab::visited_states(timeline.connections()),
                                              lab::stdout_color()));
}

void write_svg(const std::string& path, const trace_lab::Timeline& timeline,
               std::int64_t start_ns) {
  std::ofstream svg(path, std::ios::binary | std::ios::trunc);
  svg << trace_lab::svg_document(timeline.connections(), start_ns);
  if (!svg.flush()) lab::fail(lab::trf("cannot write {}", "{}에 쓸 수 없습니다", path));
}

}  // namespace
