#pragma once
// Standard input as lines, the same on every OS, for the programs a student types into (the TCP
// echo client) or presses Enter in (lab-multi-port lists its connections). A line is its bytes
// exactly as they came, without the '\n' (a NUL, bytes that are not UTF-8, Korean text all pass
// through; on Windows stdin is read in binary, not text mode, and only the '\r' of a Windows
// line end is dropped). Input ends when stdin is closed, reaches its end, or Ctrl-C came
// (after catch_interrupts()).
//
// One backend per OS: input_posix.cpp (std::getline; an Asio stream_descriptor in an event
// loop), input_windows.cpp (a reader thread that hands each line over; a console is read as
// UTF-16 and turned into UTF-8).
#include <sys/types.h>  // ssize_t

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <asio/io_context.hpp>

#include "cli/lang.hpp"

namespace lab {

// True when a person types into this program (a terminal or a console, not a pipe or a file).
bool stdin_is_terminal();

// The keys that end typed input, for a hint a student reads: "Ctrl-D" on Linux, "Ctrl-Z then
// Enter" on Windows ("Ctrl-Z 다음 Enter" in Korean). In the current language, or in `lang`.
std::string_view end_of_input_keys();
std::string_view end_of_input_keys(Lang lang);

// Waits for the next line; nullopt at end of input and after Ctrl-C. Bounded: of a line longer
// than max_line_bytes only the first max_line_bytes are kept (the rest is read and dropped).
inline constexpr std::size_t max_line_bytes = 1 << 20;
std::optional<std::string> read_stdin_line();

// A line in pieces, for a line of any length in bounded memory: each call returns the next at
// most `max_bytes` bytes of the current line; `ends_line` is true on the line's last piece (its
// '\n' read, or input ended after it). nullopt at end of input and after Ctrl-C.
struct LinePiece {
  std::string bytes;  // without the '\n'
  bool ends_line = false;
  bool newline = false;  // the line ended with its '\n' (not with the end of input)
};
std::optional<LinePiece> read_stdin_piece(std::size_t max_bytes);

// read(), except that it returns 0 (end of input) once Ctrl-C came (cli/interrupt.hpp), also
// when it comes just before the call: a program reading the keyboard never stays blocked after
// Ctrl-C. On Windows stdin (fd 0) cannot be polled, so it is read through the reader thread, as
// read_stdin_line() reads it, and the read returns within 50 ms of Ctrl-C.
ssize_t read_unless_interrupted(int fd, void* buffer, std::size_t size);

// Lines of stdin delivered inside an event loop: `on_line` runs on the loop's thread for each
// line until end of input or stop(). Nothing is read when stdin is a file, is closed, or the
// program runs in the background of a terminal (reading would stop it: SIGTTIN).
class StdinLines {
 public:
  explicit StdinLines(asio::io_context& io);
  ~StdinLines();
  StdinLines(const StdinLines&) = delete;
  StdinLines& operator=(const StdinLines&) = delete;

  void start(std::function<void()> on_line);
  void stop();

  struct State;  // the backend's

 private:
  std::shared_ptr<State> state_;
};

}  // namespace lab
