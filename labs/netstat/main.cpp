// lab-netstat: which sockets exist on this machine, and which process holds each one.
//
// How it finds out, in the order it happens:
//   1. Ask the kernel for every TCP and UDP socket. Like `ss`, it sends one NETLINK_SOCK_DIAG
//      request per protocol and family and reads back one record per socket: addresses,
//      ports, state, queues, owner uid and the socket's inode number. (/proc/net/tcp holds the
//      same table as text; that is the fallback, and what `--raw` shows.)
//   2. Find the process behind each socket. The kernel does not say; but every open socket is
//      a file descriptor, and /proc/PID/fd/N of its process is a link to "socket:[INODE]".
//      Reading every such link gives inode -> PID. Sockets in TIME_WAIT belong to no process
//      any more (the kernel keeps them alone), so they show PID 0, as on Windows.
//   3. Keep the rows that were asked for and print them, in the Windows `netstat -ano` layout.
#include <unistd.h>

#include <chrono>
#include <string_view>
#include <thread>

#include "cli/app.hpp"
#include "cli/color.hpp"
#include "cli/interrupt.hpp"
#include "options.hpp"
#include "render/output.hpp"
#include "snapshot.hpp"

// Defined below main(): how the table goes out, and the wait between snapshots in watch mode.
void print(std::string_view text);
void pause_for(unsigned seconds);

int main(int argc, char** argv) {
  return lab::run_main("lab-netstat", [&] {
    using namespace lab::netstat;
    using namespace netstat_lab;
    const Options options = parse_options(argc, argv);

    // Steps 1 and 2: the kernel's table, with PIDs when -o/-p/--pid/--json ask for them.
    Snapshot snapshot = take_snapshot(options);
    if (snapshot.unreadable_processes > 0)
      lab::print_warning(lab::trf(
          "{} processes of other users could not be read: their sockets show no PID (run as "
          "root to see them)",
          "다른 사용자의 프로세스 {}개를 읽지 못해 그 소켓에는 PID가 없습니다 (root로 실행하면 "
          "보입니다)",
          snapshot.unreadable_processes));

    // Step 3, once: print and stop.
    if (!options.watch_seconds) {
      print(render(snapshot, {}, options, false, 0, print));
      return lab::exit_ok;
    }

    // Watch mode (`-ano 2`): take the table again every N seconds and mark what changed.
    // On a terminal the screen is redrawn in place; into a pipe or file each snapshot is
    // appended (JSON Lines with --json), so a script can read them one after another.
    lab::catch_interrupts();
    const bool redraw = !options.json && lab::terminal_control_for_fd(STDOUT_FILENO);
    const bool color = redraw && lab::stdout_color();
    std::vector<lab::sockets::SocketRow> previous;
    unsigned taken = 0;
    while (!lab::interrupted()) {
      if (taken > 0) snapshot = take_snapshot(options);
      ++taken;
      MarkedRows marked = mark_changes(previous, snapshot.rows);
      if (taken == 1) marked.changes.assign(marked.rows.size(), Change::none);
      previous = snapshot.rows;
      snapshot.rows = std::move(marked.rows);
      if (redraw)
        print("\x1b[H\x1b[2J");  // cursor home, clear screen
      else if (!options.json && taken > 1)
        print("\n");
      print(render(snapshot, marked.changes, options, color, taken, print));
      if (options.count && taken >= *options.count) break;
      pause_for(*options.watch_seconds);
    }
    // The one-line summary goes to stderr, so stdout stays pure data (JSON Lines).
    lab::print_note(lab::trf("stopped after {} snapshots", "스냅숏 {}개 후 멈췄습니다", taken));
    return lab::exit_ok;
  });
}

// Every piece of the table goes out through the output layer: `>/dev/full` is an error line and
// exit 1, `| head -1` ends the program quietly.
void print(std::string_view text) {
  lab::out::write(text);
}

// Sleeps `seconds`, waking early on Ctrl-C.
void pause_for(unsigned seconds) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (!lab::interrupted() && std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
}
