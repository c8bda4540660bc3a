#include "lesson.hpp"

#include <atomic>
#include <cctype>
#include <cerrno>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string_view>

#ifndef _WIN32
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>
#endif

#include "cli/command_line.hpp"
#include "cli/display_language.hpp"
#include "cli/version.hpp"

#ifdef _WIN32
#include <windows.h>
#endif

namespace textbook_lab {
namespace {

const char* g_program = "lab-textbook";
bool g_korean = false;

// Writes `text` at once. A failed write to stdout (`> /dev/full`, a closed stdout) ends the
// program with one line and exit 1: output that was lost must not look like success.
void write_text(FILE* stream, const std::string& line) {
#ifdef _WIN32
  // A console takes UTF-16 through WriteConsoleW; byte-wise printf would garble Hangul there.
  HANDLE handle = GetStdHandle(stream == stderr ? STD_ERROR_HANDLE : STD_OUTPUT_HANDLE);
  DWORD mode = 0;
  if (GetConsoleMode(handle, &mode)) {
    std::wstring wide(line.size(), L'\0');
    int length = MultiByteToWideChar(CP_UTF8, 0, line.data(), static_cast<int>(line.size()),
                                     wide.data(), static_cast<int>(wide.size()));
    DWORD written = 0;
    WriteConsoleW(handle, wide.data(), static_cast<DWORD>(length), &written, nullptr);
    return;
  }
#endif
  std::fwrite(line.data(), 1, line.size(), stream);
  if (std::fflush(stream) == 0 || stream != stdout) return;
  const std::string why = std::strerror(errno);
  write_text(stderr, std::string(g_program) + ": error: " +
                         tr("writing to stdout: ", "표준 출력에 쓰기: ") + why + "\n");
  std::_Exit(1);  // not exit(): it would flush the failed stdout once more
}

void write_line(FILE* stream, const std::string& line) {
  write_text(stream, line + "\n");
}

// A program started with fd 0, 1 or 2 closed (`<&-`, `>&-`) would hand that number to its first
// socket, and then read "stdin" from the network or print its log lines into the connection.
// So each closed one is pointed at /dev/null first, as the other lab programs do (read-only:
// writing there fails and is reported).
void open_closed_standard_fds() {
#ifndef _WIN32
  for (int fd = 0; fd <= 2; ++fd)
    if (fcntl(fd, F_GETFD) == -1 && errno == EBADF) {
      const int null_fd = open("/dev/null", O_RDONLY);  // the lowest free number: this fd
      if (null_fd >= 0 && null_fd != fd) {
        dup2(null_fd, fd);
        close(null_fd);
      }
    }
#endif
}

// These programs print UTF-8. Under a locale in another encoding (LANG=ko_KR.EUC-KR) Korean
// would come out garbled: say so once, in ASCII, as the other lab programs do. Not on Windows:
// there a console is written as UTF-16 whatever its code page, and LANG is not Windows' setting.
void warn_if_locale_not_utf8() {
#ifndef _WIN32
  for (const char* name : {"LC_ALL", "LC_CTYPE", "LANG"}) {
    const char* value = std::getenv(name);
    if (!value || !*value) continue;
    std::string encoding = std::strchr(value, '.') ? std::strchr(value, '.') + 1 : "";
    encoding = encoding.substr(0, encoding.find('@'));
    for (char& c : encoding)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (!encoding.empty() && encoding != "utf-8" && encoding != "utf8")
      write_line(stderr, std::string(g_program) + ": warning: " + name + "=" + value +
                             " is not UTF-8, but this program prints UTF-8; Korean text will "
                             "look garbled (use " +
                             name + "=ko_KR.UTF-8, or --lang en)");
    return;
  }
#endif
}

#ifdef _WIN32
// Windows' own words for a Winsock error code, with the code (WSAEADDRINUSE is 10048).
std::string windows_error_text(int code) {
  wchar_t* text = nullptr;
  FormatMessageW(
      FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS,
      nullptr, static_cast<DWORD>(code), 0, reinterpret_cast<wchar_t*>(&text), 0, nullptr);
  std::string utf8;
  if (text) {
    int size = WideCharToMultiByte(CP_UTF8, 0, text, -1, nullptr, 0, nullptr, nullptr);
    utf8.resize(size > 0 ? static_cast<std::size_t>(size) : 0);
    WideCharToMultiByte(CP_UTF8, 0, text, -1, utf8.data(), size, nullptr, nullptr);
    LocalFree(text);
  }
  while (!utf8.empty() && (utf8.back() == '\0' || utf8.back() == '\n' || utf8.back() == '\r' ||
                           utf8.back() == '.' || utf8.back() == ' '))
    utf8.pop_back();
  return "WSA error " + std::to_string(code) + (utf8.empty() ? "" : ": " + utf8);
}
#endif

// The OS's own words for the last socket error.
std::string last_socket_error_text() {
#ifdef _WIN32
  return windows_error_text(WSAGetLastError());
#else
  return std::strerror(errno);
#endif
}

void print_help(const Usage& usage) {
  // The description first, then the usage line: the layout of the other programs' --help (and
  // what the manual page generator reads the NAME line from).
  std::string text =
      std::string(tr(usage.summary_en, usage.summary_ko)) + "\n" + tr("Usage: ", "사용법: ") +
      usage.program + " [--lang ko|en] " + usage.arguments + "\n\n" + tr("Options:\n", "옵션:\n") +
      "  --lang ko|en  " +
      tr("language (default: LANG, else the system's)", "언어 (기본: LANG, 없으면 시스템 언어)") +
      "\n  --help        " + tr("this help", "이 도움말") + "\n  --version     " +
      tr("version", "버전") + "\n\n" + tr("Examples:\n", "예:\n") + usage.examples;
  while (!text.empty() && text.back() == '\n')
    text.pop_back();
  say(text);
}

}  // namespace

std::vector<std::string> start(int argc, char** argv, const Usage& usage) {
  g_program = usage.program;
  open_closed_standard_fds();
  g_korean = lab::korean_by_default();  // LANG, else Windows' display language
  // The arguments as UTF-8 on every OS (Windows gives main() its ANSI code page: 949 in Korea).
  const std::vector<std::string> args = lab::command_line_arguments(argc, argv);
  for (std::size_t i = 0; i + 1 < args.size(); ++i)  // --lang first: every error line follows it
    if (args[i] == "--lang") g_korean = args[i + 1] == "ko";
  warn_if_locale_not_utf8();
#ifdef _WIN32
  SetConsoleOutputCP(CP_UTF8);
#endif
  std::vector<std::string> positional;
  bool options_done = false;
  bool wants_help = false, wants_version = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string_view arg = args[i];
    if (options_done || arg.size() < 2 || arg[0] != '-') {
      positional.emplace_back(arg);
    } else if (arg == "--") {
      options_done = true;
    } else if (arg == "--help" || arg == "-h") {
      wants_help = true;
    } else if (arg == "--version") {
      wants_version = true;
    } else if (arg == "--lang" || arg.starts_with("--lang=")) {
      std::string_view value;
      if (arg == "--lang") {
        if (i + 1 == args.size())
          usage_error(tr("--lang needs ko or en", "--lang에는 ko 또는 en이 필요합니다"));
        value = args[++i];
      } else {
        value = arg.substr(7);
      }
      if (value != "ko" && value != "en")
        usage_error(tr("--lang: '", "--lang: ko도 en도 아닙니다: '") + std::string(value) +
                    tr("' is not ko or en", "'"));
      g_korean = value == "ko";
    } else {
      usage_error(tr("unknown option '", "모르는 옵션 '") + std::string(arg) +
                  tr("' (see --help)", "' (--help 참고)"));
    }
  }
  if (wants_help) {
    print_help(usage);
    std::exit(0);
  }
  if (wants_version) {
    say(std::string(usage.program) + " (socket-lab) " + std::string(lab::version()));
    std::exit(0);
  }
  if (positional.size() < usage.min_arguments || positional.size() > usage.max_arguments)
    usage_error(tr("usage: ", "사용법: ") + std::string(usage.program) + " " + usage.arguments);
#ifndef _WIN32
  // Writing to a connection the peer has closed raises SIGPIPE, which would end the program
  // silently; ignored, send() returns the error EPIPE and the program can say so.
  std::signal(SIGPIPE, SIG_IGN);
#else
  // Winsock must be started (version 2.2) before any socket call; POSIX needs no such step.
  WSADATA winsock;
  if (int code = WSAStartup(MAKEWORD(2, 2), &winsock); code != 0) {
    WSASetLastError(code);
    fail("WSAStartup");
  }
#endif
  return positional;
}

const char* tr(const char* en, const char* ko) {
  return g_korean ? ko : en;
}

void say(const std::string& line) {
  write_line(stdout, line);
}

void print(const std::string& text) {
  write_text(stdout, text);
}

void warn(const std::string& what) {
  write_line(stderr, std::string(g_program) + ": warning: " + what);
}

std::string visible(const std::string& bytes) {
  std::string shown;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    const auto c = static_cast<unsigned char>(bytes[i]);
    const auto next = i + 1 < bytes.size() ? static_cast<unsigned char>(bytes[i + 1]) : 0;
    char escaped[8];
    if (c < 0x20 || c == 0x7f) {  // C0 controls (ESC, BEL, ...) and DEL: \x1b
      std::snprintf(escaped, sizeof escaped, "\\x%02x", c);
      shown += escaped;
    } else if (c == 0xc2 && next >= 0x80 && next < 0xa0) {  // C1 controls, in UTF-8: \u009b
      std::snprintf(escaped, sizeof escaped, "\\u00%02x", next);
      shown += escaped;
      ++i;
    } else {
      shown += bytes[i];
    }
  }
  return shown;
}

// The next byte typed or piped, or EOF.
static int next_input_byte() {
#ifdef _WIN32
  // A console is read as UTF-16 (ReadConsoleW) and turned into UTF-8: std::getchar would get
  // the console's code page (949 on a Korean PC), not UTF-8. A pipe or a file gives its bytes.
  HANDLE input = GetStdHandle(STD_INPUT_HANDLE);
  DWORD mode = 0;
  if (GetConsoleMode(input, &mode)) {
    static std::string typed;  // UTF-8 of what the console gave, not yet handed out
    static std::size_t next = 0;
    if (next == typed.size()) {
      wchar_t wide[1024];
      DWORD got = 0;
      if (!ReadConsoleW(input, wide, 1024, &got, nullptr) || got == 0) return EOF;  // closed
      if (wide[0] == L'\x1a') return EOF;  // Ctrl-Z then Enter: end of input
      const int size = WideCharToMultiByte(CP_UTF8, 0, wide, static_cast<int>(got), nullptr, 0,
                                           nullptr, nullptr);
      typed.assign(static_cast<std::size_t>(size), '\0');
      WideCharToMultiByte(CP_UTF8, 0, wide, static_cast<int>(got), typed.data(), size, nullptr,
                          nullptr);
      std::erase(typed, '\r');  // the console ends a line with \r\n
      next = 0;
      if (typed.empty()) return next_input_byte();
    }
    return static_cast<unsigned char>(typed[next++]);
  }
#endif
  return std::getchar();
}

bool read_piece(std::string& piece, std::size_t max_bytes) {
  piece.clear();
  int c = 0;
  while (piece.size() < max_bytes && (c = next_input_byte()) != EOF) {
    piece += static_cast<char>(c);
    if (c == '\n') return true;
  }
  if (c == EOF && !piece.empty()) piece += '\n';  // a last line without its newline
  return !piece.empty();
}

void report(const char* call) {
  // The OS's words first: building the line allocates, and that may change errno.
  const std::string why = last_socket_error_text();
  write_line(stderr, std::string(g_program) + ": error: " + call + ": " + why);
}

void fail(const char* call) {
  report(call);
  std::exit(1);
}

void fail_resolve(const std::string& host, int code) {
#ifdef _WIN32
  const std::string text = windows_error_text(code);  // getaddrinfo returns a WSA error code
#else
  const std::string text = gai_strerror(code);
#endif
  write_line(stderr, std::string(g_program) + ": error: getaddrinfo: " + host + ": " + text);
  std::exit(1);
}

void fail_runtime(const std::string& what) {
  write_line(stderr, std::string(g_program) + ": error: " + what);
  std::exit(1);
}

void usage_error(const std::string& what) {
  write_line(stderr, std::string(g_program) + ": error: " + what);
  std::exit(2);
}

std::uint16_t port_argument(const std::string& text, PortZero zero) {
  char* end = nullptr;
  errno = 0;
  const long value = std::strtol(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || errno != 0 || value < 0 || value > 65535 ||
      !std::isdigit(static_cast<unsigned char>(text[0])))
    usage_error(tr("port '", "포트는 0부터 65535까지의 수여야 합니다: '") + text +
                tr("' is not a number from 0 to 65535", "'"));
  if (value == 0 && zero != PortZero::any_free_port)
    usage_error(tr("port 0 is not a port one can send to", "포트 0으로는 보낼 수 없습니다"));
  return static_cast<std::uint16_t>(value);
}

namespace {
std::atomic<bool> g_ctrl_c{false};  // lock-free: safe to set from a signal handler
#ifdef _WIN32
socket_t g_waiting_socket = invalid_socket;

// Windows runs this on a thread of its own, and Ctrl-C does not interrupt the main thread's
// blocked recvfrom(): an empty datagram to the socket's own address (127.0.0.1) wakes it.
BOOL WINAPI on_ctrl_c(DWORD event) {
  if (event != CTRL_C_EVENT && event != CTRL_BREAK_EVENT) return FALSE;
  if (g_ctrl_c.exchange(true)) return FALSE;  // the second Ctrl-C: the default, exit now
  sockaddr_in self{};
  int length = sizeof self;
  if (getsockname(g_waiting_socket, reinterpret_cast<sockaddr*>(&self), &length) == 0) {
    const socket_t waker = socket(AF_INET, SOCK_DGRAM, 0);
    if (waker != invalid_socket) {
      sendto(waker, "", 0, 0, reinterpret_cast<sockaddr*>(&self), length);
      close_socket(waker);
    }
  }
  return TRUE;
}
#else
extern "C" void on_ctrl_c(int) {
  g_ctrl_c = true;
}
#endif
}  // namespace

void end_loop_at_ctrl_c([[maybe_unused]] socket_t waiting_socket) {
#ifdef _WIN32
  g_waiting_socket = waiting_socket;
  SetConsoleCtrlHandler(on_ctrl_c, TRUE);
#else
  // Without SA_RESTART a blocked recvfrom() returns -1 with EINTR when Ctrl-C comes; with
  // SA_RESETHAND a second Ctrl-C ends the program as it did before.
  struct sigaction action {};
  action.sa_handler = on_ctrl_c;
  action.sa_flags = SA_RESETHAND;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
#endif
}

bool ctrl_c_pressed() {
  return g_ctrl_c;
}

std::string endpoint_text(const sockaddr_in& address) {
  char host[INET_ADDRSTRLEN] = "?";
  inet_ntop(AF_INET, &address.sin_addr, host, sizeof host);
  return std::string(host) + ":" + std::to_string(ntohs(address.sin_port));
}

unsigned long process_id() {
#ifdef _WIN32
  return GetCurrentProcessId();
#else
  return static_cast<unsigned long>(getpid());
#endif
}

}  // namespace textbook_lab
