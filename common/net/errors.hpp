#pragma once
// Socket errors as one line a student can act on.
#include <cstdint>
#include <string>
#include <string_view>
#include <system_error>

#include <asio/ip/address.hpp>

#include "net/transport.hpp"

namespace lab {

// Bind errors (who holds a port) are bind/bind.hpp's; the names of errors, cli/error_names.hpp.

// A failed connect / send / receive: refused, reset, timed out, unreachable ... in one line.
// `call`, when given, leads the line the way the system call's name does in Asio's own errors:
// "connect: connection to 127.0.0.1:7000 refused: ...".
std::string connect_error_message(std::error_code ec, std::string_view peer,
                                  std::string_view call = {});

}  // namespace lab
