#include "lesson.hpp"

#include <cctype>
#include <cerrno>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string_view>

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

void write_line(FILE* stream, std::string line) {
  line += '\n';
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
  std::fflush(stream);
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
  g_korean = lab::korean_by_default();  // LANG, else Windows' display language
#ifdef _WIN32
  SetConsoleOutputCP(CP_UTF8);
#endif
  // The arguments as UTF-8 on every OS (Windows gives main() its ANSI code page: 949 in Korea).
  const std::vector<std::string> args = lab::command_line_arguments(argc, argv);
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
        if (i + 1 == args.size()) usage_error("--lang needs ko or en");
        value = args[++i];
      } else {
        value = arg.substr(7);
      }
      if (value != "ko" && value != "en")
        usage_error("--lang: '" + std::string(value) + "' is not ko or en");
      g_korean = value == "ko";
    } else {
      usage_error("unknown option '" + std::string(arg) + "' (see --help)");
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
    usage_error(std::string("usage: ") + usage.program + " " + usage.arguments);
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

bool read_line(std::string& line) {
#ifdef _WIN32
  // A console is read as UTF-16 (ReadConsoleW) and turned into UTF-8: std::getline would get
  // the console's code page (949 on a Korean PC), not UTF-8. A pipe or a file gives its bytes.
  HANDLE input = GetStdHandle(STD_INPUT_HANDLE);
  DWORD mode = 0;
  if (GetConsoleMode(input, &mode)) {
    static std::wstring pending;  // what the console gave beyond the last whole line
    std::size_t end;
    while ((end = pending.find(L'\n')) == std::wstring::npos) {
      wchar_t typed[1024];
      DWORD got = 0;
      if (!ReadConsoleW(input, typed, 1024, &got, nullptr) || got == 0) break;  // closed
      pending.append(typed, got);
    }
    if (pending.empty()) return false;
    std::wstring wide = pending.substr(0, end);
    pending.erase(0, end == std::wstring::npos ? end : end + 1);
    if (!wide.empty() && wide.back() == L'\r') wide.pop_back();
    if (wide.starts_with(L'\x1a')) return false;  // Ctrl-Z then Enter: end of input
    const int size = WideCharToMultiByte(CP_UTF8, 0, wide.data(), static_cast<int>(wide.size()),
                                         nullptr, 0, nullptr, nullptr);
    line.assign(static_cast<std::size_t>(size), '\0');
    WideCharToMultiByte(CP_UTF8, 0, wide.data(), static_cast<int>(wide.size()), line.data(), size,
                        nullptr, nullptr);
    return true;
  }
#endif
  return static_cast<bool>(std::getline(std::cin, line));
}

void report(const char* call) {
  write_line(stderr, std::string(g_program) + ": error: " + call + ": " + last_socket_error_text());
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

std::uint16_t port_argument(const std::string& text, bool zero_means_any) {
  char* end = nullptr;
  errno = 0;
  const long value = std::strtol(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || errno != 0 || value < 0 || value > 65535 ||
      !std::isdigit(static_cast<unsigned char>(text[0])))
    usage_error("port '" + text + "' is not a number from 0 to 65535");
  if (value == 0 && !zero_means_any) usage_error("port 0 is not a port one can send to");
  return static_cast<std::uint16_t>(value);
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
