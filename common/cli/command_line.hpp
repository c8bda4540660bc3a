#pragma once
// The command line as UTF-8, on every OS. Linux hands main() the bytes the student typed (UTF-8
// under a UTF-8 locale). Windows hands main() its ANSI code page (949 on a Korean PC: "안녕"
// arrives as the bytes BE C8 B3 E7) unless the program's manifest asks for UTF-8 (cmake/windows
// embeds one, Windows 10 1903 and later); the wide command line (GetCommandLineW) is right on
// every Windows, so the Windows backend reads that one.
#include <string>
#include <vector>

namespace lab {

// The arguments after the program's name, in UTF-8. One backend per OS
// (command_line_posix.cpp: argv itself; command_line_windows.cpp: CommandLineToArgvW).
std::vector<std::string> command_line_arguments(int argc, char** argv);

}  // namespace lab
