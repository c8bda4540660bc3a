#pragma once
// Ctrl-C (SIGINT), SIGTERM and SIGHUP (the terminal closed; left alone when it arrives ignored,
// as under `nohup`), one mechanism for every program that does not live in an Asio event loop
// (those use cli/loop_signals.hpp). No program catches a signal of its own. After
// catch_interrupts():
//   * interrupted() says so (interrupted_flag() for other threads);
//   * POSIX: interrupted_by() names the signal; a blocked read() or poll() returns EINTR (no
//     SA_RESTART), and stdin reads as end of input from then on (it is pointed at /dev/null),
//     so a read that was about to start cannot block; interrupt_fd() becomes readable: poll it
//     beside your own descriptors to wake at once (wait_readable() does that for one).
//   * Windows (interrupt_windows.cpp): the console control handler sets the flag and cancels a
//     blocked read of the console. There is no signal number to name and no descriptor to poll
//     (stdin cannot be polled there), so interrupted_by(), interrupt_fd() and wait_readable()
//     are POSIX only; cli/input's read_unless_interrupted() is the way to read on both.
// Nothing here includes cli/input: input sits above interrupt (common/README.md, Layers).
#include <atomic>

namespace lab {

void catch_interrupts();
bool interrupted();
// The same as a flag, for code that watches it from other threads (the sender's pacing).
const std::atomic<bool>& interrupted_flag();

#ifndef _WIN32
int interrupted_by();  // SIGINT, SIGTERM, SIGHUP, or 0
int interrupt_fd();    // -1 before catch_interrupts()

// Waits until `fd` is readable (fd -1: just waits), up to `timeout_ms` (-1: no limit). false on
// timeout or when interrupted first.
bool wait_readable(int fd, int timeout_ms);
#endif

}  // namespace lab
