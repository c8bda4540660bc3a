#pragma once
// What this OS calls the things a program's text points a student at, so that a Windows program
// speaks Windows and a Linux program Linux. One backend per OS: os_words_posix.cpp,
// os_words_windows.cpp. (The keys that end typed input: cli/input.hpp, end_of_input_keys().)
#include <string_view>

namespace lab::os_words {

// How long a connection stays in TIME_WAIT by default: 60 s on Linux (TCP_TIMEWAIT_LEN), 120 s on
// Windows (TcpTimedWaitDelay unset).
int time_wait_seconds();

// The half-close call as this OS spells it: "shutdown(SHUT_WR)", "shutdown(SD_SEND)".
std::string_view half_close_call();

// The files a name or a service name is looked up in besides DNS: "/etc/hosts", "/etc/services";
// on Windows "%SystemRoot%\System32\drivers\etc\hosts" and "...\services".
std::string_view hosts_file();
std::string_view services_file();

// True on Windows: for the few texts and options that exist on one OS only.
bool on_windows();

// The largest process ID this OS gives out: 4194304 on Linux (PID_MAX_LIMIT); on Windows a PID is
// a 32-bit DWORD, kept here as an int like every PID in the socket table.
long long largest_pid();

}  // namespace lab::os_words
