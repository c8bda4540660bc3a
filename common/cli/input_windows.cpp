// Standard input on Windows. There is no stream descriptor to hand to the event loop and a
// blocked read cannot be woken by Ctrl-C, so one reader thread reads stdin and hands each line
// over: to a queue that read_stdin_line() waits on (and stops waiting on at Ctrl-C), or to the
// event loop of a StdinLines. The thread may stay blocked in ReadFile until the program ends;
// it never touches anything that ended before it (an event loop is unhooked under the lock).
#include <io.h>
#include <windows.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <thread>

#include <asio/post.hpp>

#include "cli/input.hpp"
#include "cli/interrupt.hpp"
#include "cli/win32.hpp"

namespace lab {
namespace {

struct Reader {
  std::mutex mutex;
  std::condition_variable changed;
  std::deque<LinePiece> lines;  // pieces of lines; bounded (the reader thread waits)
  bool ended = false;
  // Where lines go while a StdinLines listens (called under the lock).
  std::function<void(std::string)> sink;
};

constexpr std::size_t max_piece = 64 * 1024;  // a line with no '\n' is handed over in pieces
constexpr std::size_t max_queued = 64;        // pieces waiting: then the reader thread waits

Reader& reader() {
  static Reader* instance = new Reader;  // never destroyed: the thread may outlive main()
  return *instance;
}

void deliver(LinePiece piece) {
  Reader& r = reader();
  std::unique_lock lock(r.mutex);
  if (r.sink) {
    if (piece.ends_line) r.sink(std::move(piece.bytes));
  } else {
    while (r.lines.size() >= max_queued && !r.sink)
      r.changed.wait_for(lock, std::chrono::milliseconds(50));
    r.lines.push_back(std::move(piece));
  }
  r.changed.notify_all();
}

void deliver_end() {
  Reader& r = reader();
  std::lock_guard lock(r.mutex);
  r.ended = true;
  r.changed.notify_all();
}

// The next piece of stdin as UTF-8 bytes; false at its end (closed, broken pipe, Ctrl-Z).
bool read_piece(HANDLE input, bool console, std::string& piece) {
  piece.clear();
  if (console) {
    // A console gives UTF-16: Korean typed at the keyboard arrives whole (ReadFile would hand
    // over the console's ANSI code page).
    wchar_t wide[1024];
    DWORD got = 0;
    if (!ReadConsoleW(input, wide, 1024, &got, nullptr) || got == 0) return false;
    if (wide[0] == 0x1A) return false;  // Ctrl-Z at the start of a line: end of input
    piece = win32::utf8_from_wide(std::wstring_view(wide, got));
    return true;
  }
  char bytes[4096];
  DWORD got = 0;
  if (!ReadFile(input, bytes, sizeof bytes, &got, nullptr) || got == 0) return false;
  piece.assign(bytes, got);
  return true;
}

void read_all() {
  HANDLE input = GetStdHandle(STD_INPUT_HANDLE);
  DWORD mode = 0;
  const bool console = input && input != INVALID_HANDLE_VALUE && GetConsoleMode(input, &mode);
  std::string pending, piece;
  while (input && input != INVALID_HANDLE_VALUE && read_piece(input, console, piece)) {
    pending += piece;
    for (std::size_t end; (end = pending.find('\n')) != std::string::npos;) {
      std::string line = pending.substr(0, end);
      pending.erase(0, end + 1);
      if (!line.empty() && line.back() == '\r') line.pop_back();  // a Windows line end
      deliver({std::move(line), true, true});
    }
    // Bounded: a long line goes on in pieces (its last byte kept back: it may be a '\r').
    if (pending.size() > max_piece) {
      deliver({pending.substr(0, pending.size() - 1), false, false});
      pending.erase(0, pending.size() - 1);
    }
  }
  if (!pending.empty()) deliver({std::move(pending), true, false});  // a last line, no '\n'
  deliver_end();
}

void start_reader() {
  static std::once_flag started;
  std::call_once(started, [] { std::thread(read_all).detach(); });
}

}  // namespace

bool stdin_is_terminal() {
  DWORD mode = 0;
  return GetConsoleMode(GetStdHandle(STD_INPUT_HANDLE), &mode) != 0;
}

std::string_view end_of_input_keys(Lang lang) {
  // Ctrl-Z alone on a line, then Enter: the console hands over Ctrl-Z (0x1A) as end of input.
  return lang == Lang::ko ? "Ctrl-Z 다음 Enter" : "Ctrl-Z then Enter";
}
std::string_view end_of_input_keys() {
  return end_of_input_keys(current_lang());
}

std::optional<LinePiece> read_stdin_piece(std::size_t max_bytes) {
  start_reader();
  Reader& r = reader();
  std::unique_lock lock(r.mutex);
  // Ctrl-C sets a flag from the console handler's thread: look at it every 50 ms.
  while (r.lines.empty() && !r.ended && !interrupted())
    r.changed.wait_for(lock, std::chrono::milliseconds(50));
  if (interrupted() || r.lines.empty()) return std::nullopt;
  LinePiece& front = r.lines.front();
  if (front.bytes.size() > max_bytes) {  // more than asked for: hand over a part
    LinePiece part{front.bytes.substr(0, max_bytes), false, false};
    front.bytes.erase(0, max_bytes);
    return part;
  }
  LinePiece piece = std::move(front);
  r.lines.pop_front();
  r.changed.notify_all();  // room in the queue for the reader thread
  return piece;
}

std::optional<std::string> read_stdin_line() {
  auto piece = read_stdin_piece(max_line_bytes);
  if (!piece) return std::nullopt;
  std::string line = std::move(piece->bytes);
  while (!piece->ends_line && (piece = read_stdin_piece(max_piece)))  // the rest: dropped
    ;
  return line;
}

ssize_t read_unless_interrupted(int fd, void* buffer, std::size_t size) {
  if (interrupted()) return 0;
  if (fd != 0) return _read(fd, buffer, static_cast<unsigned>(size));
  // Standard input cannot be polled on Windows: the reader thread reads it (a console as UTF-16,
  // turned into UTF-8) and read_stdin_line() waits for it in short slices, so Ctrl-C ends the
  // wait at once. Each line comes back with a plain '\n', as on Linux.
  static std::string leftover;
  if (leftover.empty()) {
    const auto line = read_stdin_line();
    if (!line) return 0;
    leftover = *line + "\n";
  }
  const std::size_t n = std::min(size, leftover.size());
  std::memcpy(buffer, leftover.data(), n);
  leftover.erase(0, n);
  return static_cast<ssize_t>(n);
}

struct StdinLines::State {
  explicit State(asio::io_context& io) : io(io) {}
  asio::io_context& io;
  std::function<void()> on_line;
  bool listening = false;
};

StdinLines::StdinLines(asio::io_context& io) : state_(std::make_shared<State>(io)) {}

StdinLines::~StdinLines() {
  stop();
}

void StdinLines::start(std::function<void()> on_line) {
  HANDLE input = GetStdHandle(STD_INPUT_HANDLE);
  if (!input || input == INVALID_HANDLE_VALUE || GetFileType(input) == FILE_TYPE_DISK) return;
  state_->on_line = std::move(on_line);
  state_->listening = true;
  Reader& r = reader();
  {
    std::lock_guard lock(r.mutex);
    std::weak_ptr<State> weak = state_;
    r.sink = [weak](std::string) {
      if (auto state = weak.lock())
        asio::post(state->io, [weak] {
          if (auto alive = weak.lock(); alive && alive->listening) alive->on_line();
        });
    };
  }
  start_reader();
}

void StdinLines::stop() {
  if (!state_->listening) return;
  state_->listening = false;
  Reader& r = reader();
  std::lock_guard lock(r.mutex);
  r.sink = nullptr;
}

}  // namespace lab
