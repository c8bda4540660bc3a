#pragma once
// Everything lab-tcp-server needs that is not the socket lesson itself: options, the
// connection log (text or JSON Lines), counters and the Ctrl-C summary.
#include <chrono>
#include <cstdint>
#include <string>

#include <asio/ip/tcp.hpp>

namespace tcp_echo {

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
  std::size_t max_clients = 64;
  std::chrono::seconds idle_timeout{300};  // 0 = none
  std::size_t read_size = 64 * 1024;       // the most one read() may take: also the memory bound
  std::chrono::milliseconds read_delay{0};
  CloseStyle close_style = CloseStyle::normal;
  bool reuse_address = false;
  bool quiet = false;  // no per-connection log lines (benchmarks)
  bool json = false;   // JSON Lines events instead of text
};

// Parses the command line (exits on --help, --version, or a usage error).
ServerOptions parse_server_options(int argc, char** argv);

struct ServerTotals {
  std::uint64_t clients_served = 0;
  std::uint64_t clients_refused = 0;
  std::uint64_t bytes_echoed = 0;
  std::uint64_t reads = 0;
};

// Who closed first decides who ends in TIME_WAIT; the log says it in words.
enum class Closer { client, server_idle, server_half_close, server_reset, server_stop, error };

class ConnectionLog {
 public:
  explicit ConnectionLog(const ServerOptions& options) : options_(options) {}
  void listening(const asio::ip::tcp::endpoint& local) const;
  void accepted(std::uint64_t id, const asio::ip::tcp::endpoint& local,
                const asio::ip::tcp::endpoint& remote, std::size_t active) const;
  void refused(const asio::ip::tcp::endpoint& remote) const;
  void note(std::uint64_t id, const std::string& text) const;  // a state lesson's remark
  void closed(std::uint64_t id, const asio::ip::tcp::endpoint& local,
              const asio::ip::tcp::endpoint& remote, Closer closer, const std::string& detail,
              std::uint64_t bytes, std::uint64_t reads,
              std::chrono::steady_clock::duration lifetime) const;
  void summary(const ServerTotals& totals) const;

 private:
  const ServerOptions& options_;
};

}  // namespace tcp_echo
