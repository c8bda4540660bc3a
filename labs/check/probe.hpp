#pragma once
// lab-check's own end of each conversation: a TCP client or server and a UDP socket on loopback,
// every call bounded by a time limit (a student's program that never answers must not hang the
// check). Blocking calls on the outside, Asio inside: each call runs the one event loop until
// its work is done or its time is up, then cancels what is left.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

#include <asio/ip/tcp.hpp>
#include <asio/ip/udp.hpp>

namespace check_lab {

// Thrown out of any wait when Ctrl-C (or SIGTERM) arrives: main unwinds, and every student
// program started so far is ended on the way out.
struct Interrupted {};

// What came back from one exchange on a TCP connection.
struct Exchange {
  std::string received;
  bool peer_closed = false;  // it sent FIN (read returned 0)
  bool reset = false;        // it sent RST (ECONNRESET)
  bool timed_out = false;    // the time ran out first
  std::error_code error;     // any other error (a refused connect, a write that failed ...)
};

class TcpConnection {
 public:
  TcpConnection();
  explicit TcpConnection(asio::ip::tcp::socket&& accepted);
  ~TcpConnection();
  TcpConnection(TcpConnection&&) noexcept;
  TcpConnection& operator=(TcpConnection&&) noexcept;

  // `receive_buffer` (bytes, 0: the OS's default) is set before connecting, so that the window
  // this side offers stays that small.
  std::error_code connect(std::uint16_t port, int timeout_ms, int receive_buffer = 0);
  // Sends `bytes` (all at once, or one byte at a time with a short pause and TCP_NODELAY, so each
  // byte is a segment of its own) while reading what comes back, until `expect` bytes came back,
  // the peer closed or reset, or `timeout_ms` passed.
  Exchange exchange(std::string_view bytes, std::size_t expect, int timeout_ms,
                    bool byte_at_a_time = false);
  // Sends without reading until the peer stops taking bytes (no write finished for `quiet_ms`:
  // its receive window is shut, so it is not reading), `limit` bytes, or `timeout_ms`. True when
  // the peer stopped taking bytes.
  bool send_until_stalled(int quiet_ms, std::size_t limit, int timeout_ms);
  // Reads until `expect` bytes, the end, or the time limit.
  Exchange read(std::size_t expect, int timeout_ms);
  // Sends in pieces with pauses between them (a reply split across reads).
  std::error_code send_in_pieces(std::string_view bytes, std::size_t pieces, int pause_ms);
  void shutdown_send();  // half-close: FIN from our side, still reading
  void reset();          // SO_LINGER {1, 0} then close: RST instead of FIN
  void close();
  bool is_open() const;
  std::uint16_t local_port() const;
  std::uint16_t remote_port() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// lab-check's own TCP server on 127.0.0.1 (for tcp-client): one connection at a time.
class TcpListener {
 public:
  TcpListener();  // a free port on 127.0.0.1
  std::uint16_t port() const;
  std::optional<TcpConnection> accept(int timeout_ms);

 private:
  asio::ip::tcp::acceptor acceptor_;
};

struct Datagram {
  std::string bytes;
  asio::ip::udp::endpoint from;
};

class UdpSocket {
 public:
  UdpSocket();  // bound to a free port on 127.0.0.1
  std::uint16_t port() const;
  std::error_code send_to(std::string_view bytes, std::uint16_t port);
  std::optional<Datagram> receive(int timeout_ms);

 private:
  asio::ip::udp::socket socket_;
};

// A port on 127.0.0.1 that nobody holds right now (bind port 0, read it, close).
std::uint16_t free_port(bool tcp);

// Sleeps, ending early with Interrupted when Ctrl-C arrives.
void pause_ms(int ms);
void throw_if_interrupted();

using Clock = std::chrono::steady_clock;
int remaining_ms(Clock::time_point deadline);

}  // namespace check_lab
