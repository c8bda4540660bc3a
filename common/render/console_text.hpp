#pragma once
// Text for a console window, one backend per OS. A Windows console takes text as UTF-16
// (WriteConsoleW), whatever its code page (949 on a Korean PC): Microsoft's console docs give
// WriteConsoleW for a console and bytes (here UTF-8) for a pipe or a file, which is what a
// program reading the pipe, or a file, expects. A Linux terminal takes the UTF-8 bytes as they
// are, so there nothing happens here.
#include <cstdio>
#include <string_view>

namespace lab::out {

// Writes `text` (UTF-8) to `stream` (stdout or stderr) as text when that stream is a console and
// returns true; false for a pipe, a file or a Linux terminal: the caller writes the bytes.
bool write_to_console(std::FILE* stream, std::string_view text);

// True where write_to_console() turns text into the console's own form (Windows): the locale
// variables then say nothing about how a console shows it.
bool console_takes_text();

}  // namespace lab::out
