#pragma once
// Ctrl-C (SIGINT) and SIGTERM, one mechanism for every program that does not live in an Asio
// event loop (those use asio::signal_set). After catch_interrupts():
//   * interrupted() says so, and interrupted_by() names the signal;
//   * a blocked read() or poll() returns EINTR (no SA_RESTART), and stdin reads as end of input
//     from then on (it is pointed at /dev/null), so a read that was about to start cannot block;
//   * interrupt_fd() becomes readable: poll it beside your own descriptors to wake at once.
// wait_readable() and read_unless_interrupted() are those rules packaged for the common cases.
// On Windows (interrupt_windows.cpp: the console control handler) there are catch_interrupts(),
// interrupted(), interrupted_flag() and read_unless_interrupted(), which reads stdin through a
// reader thread (stdin cannot be polled there) and returns 0 within 50 ms of Ctrl-C.
#include <sys/types.h>

#include <atomic>
#include <cstddef>

namespace lab {

void catch_interrupts();
bool interrupted();
// The same as a flag, for code that watches it from other threads (the sender's pacing).
const std::atomic<bool>& interrupted_flag();
int interrupted_by();  // SIGINT, SIGTERM, or 0
int interrupt_fd();    // -1 before catch_interrupts()

// Waits until `fd` is readable (fd -1: just waits), up to `timeout_ms` (-1: no limit). false on
// timeout or when interrupted first.
bool wait_readable(int fd, int timeout_ms);

// read(), except that it returns 0 (end of input) once interrupted, also when the signal comes
// just before the call: a program reading the keyboard never stays blocked after Ctrl-C.
ssize_t read_unless_interrupted(int fd, void* buffer, std::size_t size);

}  // namespace lab
