#pragma once
// Everything lab-tcp-server needs that is not the socket lesson itself: options, the
// connection log (text or JSON Lines), counters and the Ctrl-C summary.
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <asio/awaitable.hpp>
#include <asio/buffer.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/steady_timer.hpp>

#include "server_options.hpp"

namespace tcp_echo_lab {

struct ServerTotals {
  std::uint64_t clients_served = 0;
  std::uint64_t clients_refused = 0;
  std::uint64_t bytes_echoed = 0;
  std::uint64_t reads = 0;
};

// Who closed first decides who ends in TIME_WAIT; the log says it in words.
enum class Closer { client, server_idle, server_half_close, server_reset, server_stop, error };

// Where a connection is in its life, in the order it goes through them (any may be skipped).
enum class ConnectionState {
  echoing,       // from accept(): every read is echoed back
  half_closed,   // --half-close sent our FIN after the first echo: reads go on, echoes do not
  idle_expired,  // --idle-timeout: silent too long, the pending read is cancelled, then close()
  finished,      // the echo loop is over: close() now, or hold CLOSE_WAIT first (--no-close)
  closed,        // the socket is closed and its line is logged (once)
};

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

// All read buffers of the server together never hold more than this, whatever --read-size and
// --max-clients say: a peer cannot make the server's memory grow past a fixed budget.
inline constexpr std::size_t read_buffer_budget = 64u << 20;
// A connection's buffer starts this small and grows only while reads keep filling it.
inline constexpr std::size_t first_read_buffer = 4096;

// The bytes the read buffers have taken beyond their first few KiB, against the budget.
class ReadBudget {
 public:
  bool take(std::size_t bytes);
  void give_back(std::size_t bytes) { used_ -= bytes; }
  std::size_t used() const { return used_; }

 private:
  std::size_t used_ = 0;
};

// One connection's read buffer: min(--read-size, 4 KiB) at accept; when a read fills it, it
// doubles (up to --read-size) if the budget allows. A client that sends one byte and goes
// idle costs 4 KiB, not --read-size.
class ReadBuffer {
 public:
  ReadBuffer(ReadBudget& budget, std::size_t max_size);
  ~ReadBuffer();
  ReadBuffer(const ReadBuffer&) = delete;
  ReadBuffer& operator=(const ReadBuffer&) = delete;

  asio::mutable_buffer space() { return asio::buffer(bytes_); }
  asio::const_buffer data(std::size_t n) const { return asio::buffer(bytes_.data(), n); }
  std::size_t size() const { return bytes_.size(); }
  // After a read of `n` bytes has been echoed: grow when that read filled the buffer.
  void grow_if_filled(std::size_t n);

 private:
  ReadBudget& budget_;
  std::size_t max_size_;
  std::size_t charged_ = 0;  // bytes taken from the budget
  std::vector<std::uint8_t> bytes_;
};

struct Server;

// One client's connection: its socket, its 4-tuple (from accept), its buffer, and a timer that
// closes it when it stays silent.
struct Connection {
  using Clock = std::chrono::steady_clock;
  Connection(asio::ip::tcp::socket s, std::uint64_t id, const asio::ip::tcp::endpoint& local,
             const asio::ip::tcp::endpoint& remote, Server& server);

  asio::ip::tcp::socket socket;
  asio::steady_timer idle_timer;
  ReadBuffer buffer;
  const std::uint64_t id;
  const asio::ip::tcp::endpoint local, remote;
  const Clock::time_point started = Clock::now();
  Clock::time_point last_heard = started;
  std::uint64_t bytes = 0;
  std::uint64_t reads = 0;
  ConnectionState state = ConnectionState::echoing;
  Closer closer = Closer::client;  // who closed first, as the log line says it
  std::string detail;              // the error behind Closer::error

  // The one place the state changes: forward only, so a late event (a read that fails after
  // Ctrl-C has closed the socket) cannot undo an earlier one. False when the connection is
  // already at `next` or past it.
  bool move_to(ConnectionState next);
  // Who closed first, and the error text when it was an error.
  void closed_by(Closer who, std::string error_text = {});
  // Who closed, judged from the error that ended a read (EOF, our idle timer, a reset ...).
  void closer_after_read_error(const asio::error_code& error);
  void counted_read(Server& server, std::size_t n);
};

struct Server {
  explicit Server(ServerOptions o) : options(std::move(o)) {}
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  ServerOptions options;
  ConnectionLog log{options};
  ServerTotals totals;
  ReadBudget read_budget;
  std::map<std::uint64_t, std::weak_ptr<Connection>> open_connections;
  std::uint64_t next_id = 1;

  bool full() const { return open_connections.size() >= options.max_clients; }
  // A newly accepted client: counted, logged with the 4-tuple, remembered until it closes.
  std::shared_ptr<Connection> open_connection(asio::ip::tcp::socket socket,
                                              const asio::ip::tcp::acceptor& acceptor,
                                              const asio::ip::tcp::endpoint& peer);
  // The connection's socket is closed: log it (once) and forget it.
  void connection_closed(Connection& connection);
  // Ctrl-C: close every open connection, each logged as closed by the server.
  void stop_all_connections();
};

// What echo() does after an echo: carry on, or close now (--reset after the first echo).
enum class EchoNext { keep_reading, close };

// --idle-timeout: starts a timer that cancels the connection's read when it stays silent.
void watch_idle_time(Server& server, const std::shared_ptr<Connection>& connection);
// --read-delay: a slow reader waits before each read.
asio::awaitable<void> pause_before_read(Server& server, asio::ip::tcp::socket& socket);
// write(): the n bytes just read go back. With --half-close the first echo and our FIN leave
// together (no turn of the event loop between them), so the FIN is on its way before the
// client could have read the echo and closed first.
asio::awaitable<asio::error_code> write_echo(Server& server, Connection& connection, std::size_t n);
// --half-close / --reset: what happens after the first echo.
EchoNext after_first_echo(Server& server, Connection& connection);
// --no-close: the client closed, we never do: CLOSE_WAIT here until the server stops.
asio::awaitable<void> hold_close_wait(Server& server, Connection& connection);
// Beyond --max-clients: the "server full" line, then close.
asio::awaitable<void> refuse(Server& server, asio::ip::tcp::socket socket,
                             asio::ip::tcp::endpoint peer);

}  // namespace tcp_echo_lab
