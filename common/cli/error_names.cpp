#include "cli/error_names.hpp"

#include <cerrno>

#include <fmt/format.h>

#ifdef _WIN32
#include <winsock2.h>
#endif

namespace lab {
namespace {

struct SocketError {
  std::string_view linux_name;
  int linux_value;
  std::string_view windows_name;  // empty: Winsock has no such error
  int windows_value;
};

// Linux's values are x86-64's and arm64's (asm-generic/errno.h); Winsock's are winsock2.h's.
// Each build checks the values of its own OS below.
constexpr SocketError socket_errors[] = {
    {"EADDRINUSE", 98, "WSAEADDRINUSE", 10048},
    {"EADDRNOTAVAIL", 99, "WSAEADDRNOTAVAIL", 10049},
    {"EACCES", 13, "WSAEACCES", 10013},
    {"EINVAL", 22, "WSAEINVAL", 10022},
    {"EOPNOTSUPP", 95, "WSAEOPNOTSUPP", 10045},
    {"ENOPROTOOPT", 92, "WSAENOPROTOOPT", 10042},
    {"ECONNREFUSED", 111, "WSAECONNREFUSED", 10061},
    {"ECONNRESET", 104, "WSAECONNRESET", 10054},
    {"ETIMEDOUT", 110, "WSAETIMEDOUT", 10060},
    {"EHOSTUNREACH", 113, "WSAEHOSTUNREACH", 10065},
    {"ENETUNREACH", 101, "WSAENETUNREACH", 10051},
    {"EMSGSIZE", 90, "WSAEMSGSIZE", 10040},
    {"EAGAIN", 11, "WSAEWOULDBLOCK", 10035},
    {"EINTR", 4, "WSAEINTR", 10004},
    {"EPIPE", 32, "", 0},
    {"EPERM", 1, "", 0},
};

#ifdef _WIN32
static_assert(WSAEADDRINUSE == 10048 && WSAEADDRNOTAVAIL == 10049 && WSAEACCES == 10013 &&
              WSAEINVAL == 10022 && WSAEOPNOTSUPP == 10045 && WSAENOPROTOOPT == 10042 &&
              WSAECONNREFUSED == 10061 && WSAECONNRESET == 10054 && WSAETIMEDOUT == 10060 &&
              WSAEHOSTUNREACH == 10065 && WSAENETUNREACH == 10051 && WSAEMSGSIZE == 10040 &&
              WSAEWOULDBLOCK == 10035 && WSAEINTR == 10004);
constexpr bool on_windows = true;
#else
static_assert(EADDRINUSE == 98 && EADDRNOTAVAIL == 99 && EACCES == 13 && EINVAL == 22 &&
              EOPNOTSUPP == 95 && ENOPROTOOPT == 92 && ECONNREFUSED == 111 && ECONNRESET == 104 &&
              ETIMEDOUT == 110 && EHOSTUNREACH == 113 && ENETUNREACH == 101 && EMSGSIZE == 90 &&
              EAGAIN == 11 && EINTR == 4 && EPIPE == 32 && EPERM == 1);
constexpr bool on_windows = false;
#endif

// The entry whose value on this OS is `value`.
const SocketError* find(int value) {
  for (const auto& error : socket_errors)
    if ((on_windows ? error.windows_value : error.linux_value) == value &&
        !(on_windows && error.windows_name.empty()))
      return &error;
  return nullptr;
}

std::string label(const SocketError& error) {
  if (!on_windows) return std::string(error.linux_name);
  if (error.windows_name.empty()) return std::string(error.linux_name);
  return fmt::format("{} {}", error.windows_name, error.windows_value);
}

}  // namespace

std::string_view error_name(int value) {
  const auto* error = find(value);
  if (!error) return {};
  return on_windows ? error->windows_name : error->linux_name;
}

std::string error_name_and_number(int value) {
  const auto name = error_name(value);
  return name.empty() ? std::to_string(value) : fmt::format("{} {}", name, value);
}

std::string error_label(int value) {
  const auto* error = find(value);
  return error ? label(*error) : std::string();
}

std::string error_label(std::string_view linux_name) {
  for (const auto& error : socket_errors)
    if (error.linux_name == linux_name) return label(error);
  return std::string(linux_name);
}

std::string windows_error_text(int value) {
  const auto* error = find(value);
  if (!error || error->windows_name.empty()) return {};
  return fmt::format("{} {}", error->windows_name, error->windows_value);
}

std::string linux_error_text(int value) {
  const auto* error = find(value);
  return error ? fmt::format("{} {}", error->linux_name, error->linux_value) : std::string();
}

}  // namespace lab
