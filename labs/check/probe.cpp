#include "probe.hpp"

#include <algorithm>
#include <functional>

#include <asio.hpp>

#include "cli/interrupt.hpp"
#include "process/child_process.hpp"

namespace check_lab {
namespace {

using asio::ip::tcp;
using asio::ip::udp;

asio::io_context& io() {
  static asio::io_context context;
  return context;
}

const asio::ip::address_v4 loopback = asio::ip::address_v4::loopback();

// Runs the event loop until `done` or the deadline, in short slices so that Ctrl-C is seen at
// once; then cancels whatever is still pending and lets it finish.
void run_until(const bool& done, Clock::time_point deadline, const std::function<void()>& cancel) {
  io().restart();
  while (!done && Clock::now() < deadline && !lab::interrupted()) {
    const auto slice = std::min(deadline, Clock::now() + std::chrono::milliseconds(50));
    io().run_one_until(slice);
  }
  cancel();
  io().restart();
  io().run();  // every handler now runs, with operation_aborted for the cancelled ones
  throw_if_interrupted();
}

bool is_reset(const std::error_code& ec) {
  return ec == asio::error::connection_reset || ec == asio::error::broken_pipe ||
         ec == asio::error::connection_aborted;
}

}  // namespace

void throw_if_interrupted() {
  if (lab::interrupted()) throw Interrupted{};
}

void pause_ms(int ms) {
  throw_if_interrupted();
  lab::process::sleep_unless_interrupted(ms);
  throw_if_interrupted();
}

int remaining_ms(Clock::time_point deadline) {
  const auto left =
      std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return left < 0 ? 0 : static_cast<int>(left);
}

struct TcpConnection::Impl {
  tcp::socket socket{io()};
  asio::steady_timer timer{io()};
};

TcpConnection::TcpConnection() : impl_(std::make_unique<Impl>()) {}
TcpConnection::TcpConnection(tcp::socket&& accepted) : impl_(std::make_unique<Impl>()) {
  impl_->socket = std::move(accepted);
}
TcpConnection::~TcpConnection() {
  if (impl_) close();
}
TcpConnection::TcpConnection(TcpConnection&&) noexcept = default;
TcpConnection& TcpConnection::operator=(TcpConnection&&) noexcept = default;

std::error_code TcpConnection::connect(std::uint16_t port, int timeout_ms, int receive_buffer) {
  bool done = false;
  std::error_code result = asio::error::timed_out;
  if (receive_buffer > 0) {
    impl_->socket.open(tcp::v4(), result);
    if (result) return result;
    impl_->socket.set_option(asio::socket_base::receive_buffer_size(receive_buffer), result);
    result = asio::error::timed_out;
  }
  impl_->socket.async_connect(tcp::endpoint(loopback, port), [&](std::error_code ec) {
    result = ec;
    done = true;
  });
  run_until(done, Clock::now() + std::chrono::milliseconds(timeout_ms), [&] {
    std::error_code ignored;
    if (!done) impl_->socket.close(ignored);
  });
  return result;
}

Exchange TcpConnection::exchange(std::string_view bytes, std::size_t expect, int timeout_ms,
                                 bool byte_at_a_time) {
  Exchange result;
  bool reading_done = expect == 0, writing_done = bytes.empty();
  std::string outgoing(bytes);
  std::size_t sent = 0;
  std::array<char, 65536> chunk;
  auto& socket = impl_->socket;

  std::function<void()> read_more = [&] {
    socket.async_read_some(asio::buffer(chunk), [&](std::error_code ec, std::size_t n) {
      result.received.append(chunk.data(), n);
      if (ec) {
        if (ec == asio::error::eof)
          result.peer_closed = true;
        else if (is_reset(ec))
          result.reset = true;
        else if (ec != asio::error::operation_aborted)
          result.error = ec;
        reading_done = true;
      } else if (result.received.size() >= expect) {
        reading_done = true;
      } else {
        read_more();
      }
    });
  };
  std::function<void()> write_more = [&] {
    const std::size_t size = byte_at_a_time ? 1 : outgoing.size() - sent;
    asio::async_write(socket, asio::buffer(outgoing.data() + sent, size),
                      [&](std::error_code ec, std::size_t n) {
                        sent += n;
                        if (ec) {
                          if (is_reset(ec))
                            result.reset = true;
                          else if (ec != asio::error::operation_aborted)
                            result.error = ec;
                          writing_done = true;
                        } else if (sent == outgoing.size()) {
                          writing_done = true;
                        } else {
                          // A pause of a few ms: each byte leaves as a segment of its own.
                          impl_->timer.expires_after(std::chrono::milliseconds(3));
                          impl_->timer.async_wait([&](std::error_code wait_error) {
                            if (!wait_error)
                              write_more();
                            else
                              writing_done = true;
                          });
                        }
                      });
  };
  if (byte_at_a_time) {
    std::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);
  }
  if (!writing_done) write_more();
  if (!reading_done) read_more();
  bool both_done = false;
  // Done once the reading is (the writer may still be stuck against a server that stopped
  // reading: that is cancelled below).
  const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  io().restart();
  while (!reading_done && Clock::now() < deadline && !lab::interrupted()) {
    const auto slice = std::min(deadline, Clock::now() + std::chrono::milliseconds(50));
    io().run_one_until(slice);
  }
  if (!reading_done && !lab::interrupted()) result.timed_out = true;
  run_until(both_done, Clock::now(), [&] {
    std::error_code ignored;
    impl_->timer.cancel();
    socket.cancel(ignored);
  });
  return result;
}

bool TcpConnection::send_until_stalled(int quiet_ms, std::size_t limit, int timeout_ms) {
  const std::string chunk(64 * 1024, 'r');
  std::size_t sent = 0;
  bool writing = false;
  bool failed = false;
  bool stopping = false;  // once cancelled, a write that still completes starts no other
  auto last_progress = Clock::now();
  std::function<void()> write_more = [&] {
    writing = true;
    impl_->socket.async_write_some(asio::buffer(chunk), [&](std::error_code ec, std::size_t n) {
      writing = false;
      sent += n;
      if (ec) {
        failed = true;
        return;
      }
      last_progress = Clock::now();
      if (!stopping && sent < limit) write_more();
    });
  };
  write_more();
  const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  const auto quiet = std::chrono::milliseconds(quiet_ms);
  io().restart();
  while (!failed && sent < limit && Clock::now() < deadline && !lab::interrupted() &&
         Clock::now() - last_progress < quiet) {
    const auto slice =
        std::min({deadline, last_progress + quiet, Clock::now() + std::chrono::milliseconds(50)});
    io().run_one_until(slice);
  }
  const bool stalled = !failed && sent < limit && Clock::now() - last_progress >= quiet;
  bool finished = !writing;
  run_until(finished, Clock::now(), [&] {
    std::error_code ignored;
    stopping = true;
    impl_->socket.cancel(ignored);
  });
  return stalled;
}

Exchange TcpConnection::read(std::size_t expect, int timeout_ms) {
  return exchange({}, expect, timeout_ms);
}

std::error_code TcpConnection::send_in_pieces(std::string_view bytes, std::size_t pieces,
                                              int pause_ms_between) {
  std::error_code ignored;
  impl_->socket.set_option(tcp::no_delay(true), ignored);
  const std::size_t piece = (bytes.size() + pieces - 1) / pieces;
  for (std::size_t at = 0; at < bytes.size(); at += piece) {
    std::error_code ec;
    asio::write(impl_->socket, asio::buffer(bytes.substr(at, piece)), ec);
    if (ec) return ec;
    if (at + piece < bytes.size()) pause_ms(pause_ms_between);
  }
  return {};
}

void TcpConnection::shutdown_send() {
  std::error_code ignored;
  impl_->socket.shutdown(tcp::socket::shutdown_send, ignored);
}

void TcpConnection::reset() {
  std::error_code ignored;
  impl_->socket.set_option(asio::socket_base::linger(true, 0), ignored);
  impl_->socket.close(ignored);
}

void TcpConnection::close() {
  std::error_code ignored;
  impl_->socket.close(ignored);
}

bool TcpConnection::is_open() const {
  return impl_->socket.is_open();
}

std::uint16_t TcpConnection::local_port() const {
  std::error_code ec;
  const auto endpoint = impl_->socket.local_endpoint(ec);
  return ec ? 0 : endpoint.port();
}

std::uint16_t TcpConnection::remote_port() const {
  std::error_code ec;
  const auto endpoint = impl_->socket.remote_endpoint(ec);
  return ec ? 0 : endpoint.port();
}

TcpListener::TcpListener() : acceptor_(io()) {
  // Opened by hand, not with the constructor that takes an endpoint: that one turns
  // SO_REUSEADDR on, and this port must be ours alone.
  acceptor_.open(tcp::v4());
  acceptor_.bind(tcp::endpoint(loopback, 0));
  acceptor_.listen(8);
}

std::uint16_t TcpListener::port() const {
  return acceptor_.local_endpoint().port();
}

std::optional<TcpConnection> TcpListener::accept(int timeout_ms) {
  bool done = false;
  std::optional<TcpConnection> result;
  tcp::socket accepted(io());
  acceptor_.async_accept(accepted, [&](std::error_code ec) {
    if (!ec) result.emplace(std::move(accepted));
    done = true;
  });
  run_until(done, Clock::now() + std::chrono::milliseconds(timeout_ms), [&] {
    std::error_code ignored;
    acceptor_.cancel(ignored);
  });
  return result;
}

UdpSocket::UdpSocket() : socket_(io()) {
  socket_.open(udp::v4());
  socket_.bind(udp::endpoint(loopback, 0));
  // Room for the largest datagram and a few more: what a student's sender sends must all fit.
  std::error_code ignored;
  socket_.set_option(asio::socket_base::receive_buffer_size(1 << 20), ignored);
}

std::uint16_t UdpSocket::port() const {
  return socket_.local_endpoint().port();
}

std::error_code UdpSocket::send_to(std::string_view bytes, std::uint16_t port) {
  std::error_code ec;
  socket_.send_to(asio::buffer(bytes.data(), bytes.size()), udp::endpoint(loopback, port), 0, ec);
  return ec;
}

std::optional<Datagram> UdpSocket::receive(int timeout_ms) {
  static std::array<char, 65536> buffer;
  bool done = false;
  std::optional<Datagram> result;
  udp::endpoint from;
  socket_.async_receive_from(asio::buffer(buffer), from, [&](std::error_code ec, std::size_t n) {
    done = true;
    if (!ec) result = Datagram{std::string(buffer.data(), n), from};
  });
  run_until(done, Clock::now() + std::chrono::milliseconds(timeout_ms), [&] {
    std::error_code ignored;
    socket_.cancel(ignored);
  });
  return result;
}

std::uint16_t free_port(bool tcp_port) {
  if (tcp_port) {
    tcp::acceptor probe(io());
    probe.open(tcp::v4());
    probe.bind(tcp::endpoint(loopback, 0));
    return probe.local_endpoint().port();
  }
  udp::socket probe(io());
  probe.open(udp::v4());
  probe.bind(udp::endpoint(loopback, 0));
  return probe.local_endpoint().port();
}

}  // namespace check_lab
