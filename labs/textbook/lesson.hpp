#pragma once
// What the four textbook programs share apart from sockets: their command line (positional
// arguments plus the suite's --help, --version and --lang), one-line errors that keep the name of
// the failing call, and printing that shows Korean correctly in a Windows console too.
#include <cstdint>
#include <string>
#include <vector>

#include "socket_compat.hpp"

namespace textbook_lab {

struct Usage {
  const char* program;    // "lab-textbook-tcp-server"
  const char* arguments;  // "PORT"
  const char* summary_en;
  const char* summary_ko;
  const char* examples;  // one example per line
  std::size_t min_arguments;
  std::size_t max_arguments;  // SIZE_MAX: any number
};

// Reads the command line: answers --help and --version (exit 0), takes --lang ko|en, and returns
// the positional arguments; a bad command line prints one line and exits 2. First it points a
// closed stdin, stdout or stderr at /dev/null (so no socket can take fd 0, 1 or 2) and warns
// under a locale that is not UTF-8. On Windows it also starts Winsock (WSAStartup), which must
// happen before the first socket call, and switches the console to UTF-8.
std::vector<std::string> start(int argc, char** argv, const Usage& usage);

// The English or the Korean text, following --lang or LANG/LC_ALL.
const char* tr(const char* en, const char* ko);

// Prints one line on stdout at once (so it is never interleaved or held back in a pipe). A
// failed write (`> /dev/full`) ends the program: one line on stderr, exit 1.
void say(const std::string& line);
// The same without adding a newline.
void print(const std::string& text);
// "PROGRAM: warning: WHAT" on stderr; the program goes on.
void warn(const std::string& what);

// Bytes that came from the network, safe to print: a control character (ESC, BEL, DEL ...)
// would be obeyed by the terminal (a peer could retitle or clear it), so it is shown as \x1b.
std::string visible(const std::string& bytes);

// The next piece of stdin: up to and including the next '\n', but at most `max_bytes` (so a
// line of any length needs little memory), as UTF-8 on every OS (a Windows console is read as
// UTF-16). A last line without '\n' gets one. False at the end of input: Ctrl-D on Linux,
// Ctrl-Z then Enter on Windows, or the end of a pipe.
bool read_piece(std::string& piece, std::size_t max_bytes);

// "PROGRAM: error: CALL: what the OS said", then exit 1. For socket calls, which report through
// errno (POSIX) or WSAGetLastError (Windows).
[[noreturn]] void fail(const char* call);
// The same line without exiting, for an error that ends one connection but not the server.
void report(const char* call);
// The same for getaddrinfo, which returns its own error code instead.
[[noreturn]] void fail_resolve(const std::string& host, int code);
// "PROGRAM: error: WHAT", then exit 1: something went wrong at run time.
[[noreturn]] void fail_runtime(const std::string& what);
// "PROGRAM: error: WHAT", then exit 2: the command line was wrong.
[[noreturn]] void usage_error(const std::string& what);

// What port 0 means on a command line: a server or receiver binds it and gets any free port;
// nobody can send or connect to it.
enum class PortZero { refused, any_free_port };

// A port number from the command line: 1-65535 (0 too with PortZero::any_free_port), or a
// usage error.
std::uint16_t port_argument(const std::string& text, PortZero zero = PortZero::refused);

// Ctrl-C from now on ends the receive loop instead of the whole program, so that main goes on
// to close() its socket: the blocked recvfrom() returns at once and ctrl_c_pressed() says why.
// A second Ctrl-C ends the program as before.
void end_loop_at_ctrl_c(socket_t waiting_socket);
bool ctrl_c_pressed();

// "127.0.0.1:7000" for an IPv4 address as the socket calls return it.
std::string endpoint_text(const sockaddr_in& address);

// This process's ID, which lab-netstat (and Windows netstat -ano) show beside its sockets.
unsigned long process_id();

}  // namespace textbook_lab
