#pragma once
// The socket errors a student meets, by the names each OS gives them: one table for every
// program (bind's "port in use", a refused connect, a UDP port unreachable ...). A value is
// this OS's: an errno on Linux, a Winsock code on Windows (what Asio's error codes hold).
//   error_name(98)               "EADDRINUSE"          Windows: error_name(10048) "WSAEADDRINUSE"
//   error_name_and_number(98)    "EADDRINUSE 98"       "WSAEADDRINUSE 10048"
//   error_label(111)             "ECONNREFUSED"        "WSAECONNREFUSED 10061" (what Microsoft's
//                                                       pages list: the name and the number)
//   windows_error_text(98)       "WSAEADDRINUSE 10048" (the counterpart, on either OS)
//   linux_error_text(98)         "EADDRINUSE 98"
// An error the table does not hold has no name (""); error_name_and_number is then the number.
#include <string>
#include <string_view>

namespace lab {

std::string_view error_name(int value);
std::string error_name_and_number(int value);
std::string error_label(int value);
// The same label for an error known by its Linux name: "ECONNREFUSED" on Linux, "WSAECONNREFUSED
// 10061" on Windows. For code that matched an error by its portable condition.
std::string error_label(std::string_view linux_name);
std::string windows_error_text(int value);
std::string linux_error_text(int value);

}  // namespace lab
