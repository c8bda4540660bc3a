// Ctrl-C on Windows: the console control handler (there are no POSIX signals to catch). It runs
// on a thread of its own, so it only sets the flag and cancels a blocked read of the keyboard.
#include <io.h>
#include <windows.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <string>
#include <thread>

#include "cli/interrupt.hpp"

namespace lab {
namespace {

std::atomic<bool> g_interrupted{false};

BOOL WINAPI on_console_event(DWORD event) {
  if (event != CTRL_C_EVENT && event != CTRL_BREAK_EVENT && event != CTRL_CLOSE_EVENT) return FALSE;
  g_interrupted = true;
  // A std::getline blocked on the console returns: keyboard input ends, as on Linux.
  CancelIoEx(GetStdHandle(STD_INPUT_HANDLE), nullptr);
  return TRUE;  // handled: the program ends itself, with its summary
}

// Standard input cannot be polled on Windows (a console, a pipe and a file each wait their own
// way), so one thread blocks in ReadFile and hands over what it read; the caller waits for it in
// short slices and sees Ctrl-C at once. Never destroyed: at exit the thread may still be blocked.
struct StdinReader {
  std::mutex mutex;
  std::condition_variable ready;
  std::string pending;
  bool ended = false;

  StdinReader() {
    std::thread([this] {
      const HANDLE input = GetStdHandle(STD_INPUT_HANDLE);
      char chunk[4096];
      for (;;) {
        DWORD got = 0;
        // A closed or missing stdin, a broken pipe, Ctrl-Z on the console: end of input.
        const bool ok = input != nullptr && input != INVALID_HANDLE_VALUE &&
                        ReadFile(input, chunk, sizeof chunk, &got, nullptr);
        const std::lock_guard lock(mutex);
        if (!ok || got == 0) {
          ended = true;
          ready.notify_all();
          return;
        }
        pending.append(chunk, got);
        ready.notify_all();
      }
    }).detach();
  }
};

}  // namespace

void catch_interrupts() {
  SetConsoleCtrlHandler(on_console_event, TRUE);
}

bool interrupted() {
  return g_interrupted;
}

const std::atomic<bool>& interrupted_flag() {
  return g_interrupted;
}

ssize_t read_unless_interrupted(int fd, void* buffer, std::size_t size) {
  if (interrupted()) return 0;
  if (fd != 0) return _read(fd, buffer, static_cast<unsigned>(size));
  static StdinReader* reader = new StdinReader;
  std::unique_lock lock(reader->mutex);
  while (reader->pending.empty() && !reader->ended)
    if (reader->ready.wait_for(lock, std::chrono::milliseconds(50)) == std::cv_status::timeout &&
        interrupted())
      return 0;
  if (interrupted()) return 0;
  const std::size_t n = std::min(size, reader->pending.size());
  std::memcpy(buffer, reader->pending.data(), n);
  reader->pending.erase(0, n);
  return static_cast<ssize_t>(n);
}

}  // namespace lab
