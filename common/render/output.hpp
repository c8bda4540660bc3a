#pragma once
// The one way a program writes its output (stdout). Text, one JSON document, or a stream of them
// (JSON Lines) all go through here, so that a failed write and a reader that went away are
// handled in one place:
//
//   * a failed write (EIO, ENOSPC as with `>/dev/full`) throws OutputFailed: run_main() prints
//     one line, `lab-NAME: error: cannot write the output: No space left on device`, exit 1;
//   * a closed pipe (`| head -1`; SIGPIPE is ignored, so the write fails with EPIPE) ends a
//     one-shot program quietly (ReaderLeft, exit 0) or, for a server that keep_running()
//     asked for, drops the output from then on while the server goes on serving;
//     its summary() then goes to stderr.
//
// Every call writes and flushes at once: a log line is visible the moment it happens, and its
// error is seen at the call that caused it.
#include <stdexcept>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "render/json.hpp"

namespace lab::out {

// Thrown by a write that failed for a reason other than a closed pipe.
struct OutputFailed : std::runtime_error {
  using std::runtime_error::runtime_error;
};
// Thrown when stdout's reader went away and the program ends with it (the default).
struct ReaderLeft {};

// What the program does when its reader goes away: end quietly (listings, the default) or go on
// without stdout (servers, whose clients still need them).
void keep_running_without_reader();
bool reader_left();

void write(std::string_view text);
void line(std::string_view text);  // text and a newline
template <class... Args>
void print(fmt::format_string<Args...> format, Args&&... args) {
  write(fmt::format(format, std::forward<Args>(args)...));
}
// One JSON document on one line (a stream of them is JSON Lines).
void json(const json::Value& document);

// The last line of a long-running program: to stdout, or to stderr once stdout's reader left.
void summary(std::string_view text);

// A line for the student beside the data, on stderr, as it is (no "lab-NAME:" in front): what a
// --json run says while stdout stays one JSON document (lab-badnet's start-up line). stdout is
// flushed first, so the two keep their order; a failed write to stderr has nowhere to be told.
void stderr_line(std::string_view text);

// Flushes what other code (fmt::print, printf) left in stdout's buffer, with the rules above.
void flush();

}  // namespace lab::out
