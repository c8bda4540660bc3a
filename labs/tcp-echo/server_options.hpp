#pragma once
// lab-tcp-server's command line: the options and the one function that reads them.
#include <chrono>
#include <cstddef>
#include <cstdint>

#include <asio/ip/address.hpp>

namespace tcp_echo_lab {

// What the server does once a client has closed its side (or after the first echo).
enum class CloseStyle {
  normal,      // close() back: the client gets FIN, the active closer ends in TIME_WAIT
  no_close,    // never close: this side sits in CLOSE_WAIT, the client in FIN_WAIT_2
  half_close,  // shutdown(SHUT_WR) after the first echo: FIN to the client, still reading
  reset,       // SO_LINGER {1, 0} + close() after the first echo: RST, no TIME_WAIT anywhere
};

struct ServerOptions {
  asio::ip::address bind_address;
  std::uint16_t port = 7000;
  int backlog = 128;
  std::size_t max_clients = 256;  // a room: 30 PCs with a few connections each, and room to spare
  std::chrono::seconds idle_timeout{300};  // 0 = none
  std::size_t read_size = 64 * 1024;       // the most one read() may take (see ReadBuffer)
  std::chrono::milliseconds read_delay{0};
  CloseStyle close_style = CloseStyle::normal;
  bool reuse_address = false;
  bool quiet = false;  // no per-connection log lines (benchmarks)
  bool json = false;   // JSON Lines events instead of text
};

// Parses the command line: --help and --version print and end the program (exit 0), a usage
// error is one line and exit 2 (through lab::run_main).
ServerOptions parse_options(int argc, char** argv);

}  // namespace tcp_echo_lab
