#pragma once
// Win32 helpers for the Windows backends (built on Windows only): UTF-16 text as Windows' wide
// APIs give it, and a child process whose stdout and stderr come to us through one pipe.
#include <windows.h>

#include <optional>
#include <string>
#include <string_view>

namespace lab::win32 {

std::string utf8_from_wide(std::wstring_view text);
std::wstring wide_from_utf8(std::string_view text);

// A started child: its process and main-thread handles and our (read) end of its output pipe.
// The caller closes all three.
struct PipedChild {
  HANDLE process = nullptr;
  HANDLE thread = nullptr;
  HANDLE output = nullptr;
  DWORD pid = 0;
};

// CreateProcessW(program, command_line) with stdin closed and stdout and stderr into one pipe.
// Only the pipe's write end is inherited, and it is closed here once the child has it, so reads
// see the end when the child exits. An empty `program` lets Windows find the command line's first
// word itself (the PATH, ".exe" added). With `input`, stdin is a pipe too and *input gets our
// (write) end. nullopt when a pipe or the process could not be made; GetLastError() then says why.
std::optional<PipedChild> start_piped_child(const std::wstring& program, std::wstring command_line,
                                            DWORD creation_flags, HANDLE* input = nullptr);

}  // namespace lab::win32
