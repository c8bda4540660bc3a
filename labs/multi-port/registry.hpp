#pragma once
// lab-multi-port's bookkeeping: the ports it holds, and every connection grouped by the local
// port it came in on (a connection is its 4-tuple), printed on request.
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <asio/ip/tcp.hpp>

#include "net/errors.hpp"
#include "options.hpp"
#include "udp/answer_guard.hpp"

namespace multi_port_lab {

class Registry {
 public:
  Registry(const Options& options);

  // Start-up: each port taken, or skipped with the reason (naming the holder).
  void holding(lab::Transport transport, std::uint16_t port);
  void skipped(lab::Transport transport, std::uint16_t port, const std::string& reason);
  // After all binds: "PID 4312 holds 5 of 6 ports"; fails (exit 1) when it holds none.
  void announce_all(std::size_t wanted) const;

  bool full() const { return open_ + reserved_ >= max_connections_; }
  void reserve() { ++reserved_; }  // accepted, opened() follows
  // A connection accepted on `listener`'s port from `peer` (the address accept() returned: a
  // client that reset at once has none left to ask for). The socket stays the caller's.
  std::uint64_t opened(asio::ip::tcp::socket& socket, const asio::ip::tcp::endpoint& listener,
                       const asio::ip::tcp::endpoint& peer);
  // Beyond --max-connections: counted and logged; the caller sends the "server full" line.
  void refused(const asio::ip::tcp::endpoint& listener, const asio::ip::tcp::endpoint& peer);
  unsigned max_connections() const { return max_connections_; }
  void closed(std::uint64_t id);
  void datagram(std::uint16_t port);  // one answered
  // Decides which datagrams are answered, for every UDP port together (one table of senders).
  lab::udp::AnswerGuard& guard() { return guard_; }
  void close_all();  // Ctrl-C: every connection's socket is closed

  void print_listing() const;
  void print_summary() const;

 private:
  struct Connection {
    asio::ip::tcp::socket* socket;
    std::string local;
    std::string remote;
  };
  struct Port {
    lab::Transport transport;
    std::uint16_t port;
    std::map<std::uint64_t, Connection> connections;  // TCP only
    std::uint64_t datagrams = 0;                      // UDP only
    std::uint64_t connections_total = 0;
  };
  Port* find(lab::Transport transport, std::uint16_t port);

  std::string address_;
  bool json_;
  unsigned max_connections_;
  std::vector<Port> ports_;  // in the order they were taken
  std::size_t skipped_ = 0;
  std::size_t open_ = 0;
  std::size_t reserved_ = 0;
  std::uint64_t refused_ = 0;
  std::uint64_t next_id_ = 1;
  lab::udp::AnswerGuard guard_;
};

}  // namespace multi_port_lab
