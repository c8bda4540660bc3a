#include "server_support.hpp"

#include <unistd.h>

#include <algorithm>
#include <ctime>

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/use_awaitable.hpp>
#include <asio/write.hpp>

#include "cli/app.hpp"
#include "cli/color.hpp"
#include "cli/os_words.hpp"
#include "cli/validators.hpp"
#include "cli/wording.hpp"
#include "net/await.hpp"
#include "net/endpoints.hpp"
#include "render/json.hpp"
#include "render/output.hpp"
#include "wire/refusal.hpp"

namespace tcp_echo_lab {
namespace {

std::string timestamp() {
  auto now = std::chrono::system_clock::now();
  std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()) % 1000;
  const std::tm local = fmt::localtime(seconds);  // localtime_r, or localtime_s on Windows
  return fmt::format("{:02}:{:02}:{:02}.{:03}", local.tm_hour, local.tm_min, local.tm_sec,
                     millis.count());
}

std::string closer_text(Closer closer) {
  switch (closer) {
    case Closer::client:
      return lab::tr("client closed first (FIN from the client; it will sit in TIME_WAIT)",
                     "클라이언트가 먼저 닫음 (클라이언트의 FIN; 클라이언트 쪽이 TIME_WAIT)");
    case Closer::server_idle:
      return lab::tr("server closed first: idle timeout (TIME_WAIT is on this side)",
                     "서버가 먼저 닫음: 유휴 시간 초과 (TIME_WAIT는 서버 쪽)");
    case Closer::server_half_close:
      return lab::trf("server half-closed first ({}), then the client closed",
                      "서버가 먼저 보내는 방향만 닫음 ({}), 그 뒤 클라이언트가 닫음",
                      lab::os_words::half_close_call());
    case Closer::server_reset:
      return lab::tr("server reset the connection (RST: no TIME_WAIT on either side)",
                     "서버가 연결을 리셋함 (RST: 양쪽 모두 TIME_WAIT 없음)");
    case Closer::server_stop:
      return lab::tr("server stopped (Ctrl-C)", "서버 종료 (Ctrl-C)");
    case Closer::error:
      return lab::tr("connection error", "연결 오류");
  }
  return {};
}

std::string_view closer_key(Closer closer) {
  switch (closer) {
    case Closer::client:
      return "client";
    case Closer::server_idle:
      return "server-idle";
    case Closer::server_half_close:
      return "server-half-close";
    case Closer::server_reset:
      return "server-reset";
    case Closer::server_stop:
      return "server-stop";
    case Closer::error:
      return "error";
  }
  return "";
}

}  // namespace

void ConnectionLog::listening(const asio::ip::tcp::endpoint& local) const {
  lab::out::keep_running_without_reader();  // a log reader that leaves must not end the server
  if (options_.json) {
    lab::out::json({{"event", "listening"},
                    {"pid", getpid()},
                    {"protocol", "TCP"},
                    {"local", lab::to_string(local)}});
    return;
  }
  lab::announce("TCP", lab::to_string(local), "LISTENING");
}

void ConnectionLog::accepted(std::uint64_t id, const asio::ip::tcp::endpoint& local,
                             const asio::ip::tcp::endpoint& remote, std::size_t active) const {
  if (options_.quiet) return;
  if (options_.json) {
    lab::out::json({{"event", "accept"},
                    {"id", id},
                    {"local", lab::to_string(local)},
                    {"remote", lab::to_string(remote)},
                    {"active", active}});
    return;
  }
  lab::out::print("[{}] {} #{} {} ← {}  {}\n", timestamp(), lab::paint(lab::Color::green, "accept"),
                  id, lab::to_string(local), lab::to_string(remote),
                  lab::trf("(clients: {}/{})", "(접속 중: {}/{})", active, options_.max_clients));
}

void ConnectionLog::refused(const asio::ip::tcp::endpoint& remote) const {
  if (options_.json) {
    lab::out::json(
        {{"event", "refused"}, {"remote", lab::to_string(remote)}, {"reason", "max-clients"}});
    return;
  }
  lab::out::print(
      "[{}] {} {} {}\n", timestamp(), lab::paint(lab::Color::yellow, "full"),
      lab::to_string(remote),
      lab::trf("told to try later (--max-clients {})",
               "나중에 다시 시도하라고 안내함 (--max-clients {})", options_.max_clients));
}

void ConnectionLog::note(std::uint64_t id, const std::string& text) const {
  if (options_.quiet) return;
  if (options_.json) {
    lab::out::json({{"event", "note"}, {"id", id}, {"text", text}});
    return;
  }
  lab::out::print("[{}] {} #{} {}\n", timestamp(), lab::paint(lab::Color::cyan, "note  "), id,
                  text);
}

void ConnectionLog::closed(std::uint64_t id, const asio::ip::tcp::endpoint& local,
                           const asio::ip::tcp::endpoint& remote, Closer closer,
                           const std::string& detail, std::uint64_t bytes, std::uint64_t reads,
                           std::chrono::steady_clock::duration lifetime) const {
  if (options_.quiet) return;
  const double seconds = std::chrono::duration<double>(lifetime).count();
  if (options_.json) {
    lab::out::json({{"event", "close"},
                    {"id", id},
                    {"local", lab::to_string(local)},
                    {"remote", lab::to_string(remote)},
                    {"closed_by", closer_key(closer)},
                    {"detail", detail},
                    {"bytes", bytes},
                    {"reads", reads},
                    {"seconds", seconds}});
    return;
  }
  std::string why = closer_text(closer);
  if (!detail.empty()) why += ": " + detail;
  lab::out::print("[{}] {} #{} {} ← {}  {} · {}\n", timestamp(),
                  lab::paint(lab::Color::red, "close "), id, lab::to_string(local),
                  lab::to_string(remote), why,
                  lab::trf("{} byte{} in {} read{}, {:.1f} s", "{}바이트{}, 읽기 {}번{}, {:.1f}초",
                           bytes, lab::plural_s(bytes), reads, lab::plural_s(reads), seconds));
}

void ConnectionLog::summary(const ServerTotals& totals) const {
  if (options_.json) {
    lab::out::json({{"event", "summary"},
                    {"clients_served", totals.clients_served},
                    {"clients_refused", totals.clients_refused},
                    {"bytes_echoed", totals.bytes_echoed},
                    {"reads", totals.reads}});
    return;
  }
  lab::out::summary(fmt::format(
      "{}: {}", lab::program_name(),
      lab::trf("stopped · {} client{} served, {} refused, {} byte{} echoed in {} read{}",
               "종료 · 클라이언트 {}명{} 처리, {}명 거절, {}바이트{}를 읽기 {}번{}으로 되돌려 보냄",
               totals.clients_served, lab::plural_s(totals.clients_served), totals.clients_refused,
               totals.bytes_echoed, lab::plural_s(totals.bytes_echoed), totals.reads,
               lab::plural_s(totals.reads))));
}

using asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using lab::use_tuple;

bool ReadBudget::take(std::size_t bytes) {
  if (bytes > read_buffer_budget - used_) return false;
  used_ += bytes;
  return true;
}

ReadBuffer::ReadBuffer(ReadBudget& budget, std::size_t max_size)
    : budget_(budget), max_size_(max_size), bytes_(std::min(max_size, first_read_buffer)) {}

ReadBuffer::~ReadBuffer() {
  budget_.give_back(charged_);
}

void ReadBuffer::grow_if_filled(std::size_t n) {
  if (n < bytes_.size() || bytes_.size() >= max_size_) return;
  const std::size_t bigger = std::min(max_size_, bytes_.size() * 2);
  if (!budget_.take(bigger - bytes_.size())) return;  // the budget is spent: stay this size
  charged_ += bigger - bytes_.size();
  bytes_.resize(bigger);
}

Connection::Connection(tcp::socket s, std::uint64_t id_, const tcp::endpoint& local_,
                       const tcp::endpoint& remote_, Server& server)
    : socket(std::move(s)),
      idle_timer(socket.get_executor()),
      buffer(server.read_budget, server.options.read_size),
      id(id_),
      local(local_),
      remote(remote_) {}

bool Connection::move_to(ConnectionState next) {
  if (next <= state) return false;
  state = next;
  return true;
}

void Connection::closed_by(Closer who, std::string error_text) {
  closer = who;
  detail = std::move(error_text);
}

void Connection::closer_after_read_error(const asio::error_code& error) {
  if (state == ConnectionState::idle_expired)
    closed_by(Closer::server_idle);
  else if (error == asio::error::eof)
    closed_by(state == ConnectionState::half_closed ? Closer::server_half_close : Closer::client);
  else
    closed_by(Closer::error, error.message());
}

void Connection::counted_read(Server& server, std::size_t n) {
  last_heard = Clock::now();
  ++reads;
  bytes += n;
  server.totals.reads += 1;
  server.totals.bytes_echoed += n;
}

std::shared_ptr<Connection> Server::open_connection(tcp::socket socket,
                                                    const tcp::acceptor& acceptor,
                                                    const tcp::endpoint& peer) {
  // Our end: a client that reset at once leaves a socket without a local port; the listener's
  // address and port are then the best we know.
  asio::error_code error;
  tcp::endpoint local = socket.local_endpoint(error);
  if (error || local.port() == 0) local = acceptor.local_endpoint(error);
  const std::uint64_t id = next_id++;
  auto connection = std::make_shared<Connection>(std::move(socket), id, local, peer, *this);
  open_connections.emplace(id, connection);
  totals.clients_served += 1;
  log.accepted(id, local, peer, open_connections.size());
  return connection;
}

void Server::connection_closed(Connection& connection) {
  if (!connection.move_to(ConnectionState::closed)) return;  // logged already
  open_connections.erase(connection.id);
  log.closed(connection.id, connection.local, connection.remote, connection.closer,
             connection.detail, connection.bytes, connection.reads,
             Clock::now() - connection.started);
}

void Server::stop_all_connections() {
  std::vector<std::shared_ptr<Connection>> still_open;
  for (auto& [id, weak] : open_connections)
    if (auto connection = weak.lock()) still_open.push_back(std::move(connection));
  for (auto& connection : still_open) {
    asio::error_code ignored;
    connection->move_to(ConnectionState::finished);
    connection->closed_by(Closer::server_stop);
    connection->idle_timer.cancel();
    connection->socket.close(ignored);
    connection_closed(*connection);
  }
  open_connections.clear();
}

void watch_idle_time(Server& server, const std::shared_ptr<Connection>& connection) {
  const auto limit = server.options.idle_timeout;
  if (limit.count() <= 0) return;
  auto watch = [](std::shared_ptr<Connection> c, Clock::duration limit) -> asio::awaitable<void> {
    while (c->state < ConnectionState::finished) {
      c->idle_timer.expires_at(c->last_heard + limit);
      co_await c->idle_timer.async_wait(use_tuple);
      if (c->state < ConnectionState::finished && Clock::now() >= c->last_heard + limit) {
        c->move_to(ConnectionState::idle_expired);
        asio::error_code ignored;
        c->socket.cancel(ignored);  // the pending read ends with operation_aborted
        co_return;
      }
    }
  };
  asio::co_spawn(connection->socket.get_executor(), watch(connection, limit), asio::detached);
}

asio::awaitable<void> pause_before_read(Server& server, tcp::socket& socket) {
  if (server.options.read_delay.count() <= 0) co_return;
  asio::steady_timer pause(socket.get_executor(), server.options.read_delay);
  co_await pause.async_wait(use_tuple);
}

asio::awaitable<asio::error_code> write_echo(Server& server, Connection& connection,
                                             std::size_t n) {
  // With --half-close, a connection still echoing has not echoed yet (the first echo ends it).
  if (server.options.close_style == CloseStyle::half_close &&
      connection.state == ConnectionState::echoing) {
    asio::error_code error;
    asio::write(connection.socket, connection.buffer.data(n), error);
    if (!error) after_first_echo(server, connection);  // shutdown(SHUT_WR) right behind it
    co_return error;
  }
  auto [error, written] =
      co_await asio::async_write(connection.socket, connection.buffer.data(n), use_tuple);
  co_return error;
}

EchoNext after_first_echo(Server& server, Connection& connection) {
  // Only --half-close and --reset act on the first echo; each leaves the echoing state for good
  // (half-closed, or out of the echo loop), so a later echo does nothing here.
  if (connection.state != ConnectionState::echoing) return EchoNext::keep_reading;
  if (server.options.close_style == CloseStyle::half_close) {
    asio::error_code ignored;
    connection.socket.shutdown(tcp::socket::shutdown_send, ignored);  // FIN; still reading
    connection.move_to(ConnectionState::half_closed);
    server.log.note(connection.id, lab::trf("sent FIN ({}): this side FIN_WAIT_2, the client "
                                            "CLOSE_WAIT until it closes",
                                            "FIN 보냄 ({}): 서버 FIN_WAIT_2, 클라이언트가 닫을 "
                                            "때까지 클라이언트 CLOSE_WAIT",
                                            lab::os_words::half_close_call()));
  } else if (server.options.close_style == CloseStyle::reset) {
    connection.closed_by(Closer::server_reset);
    return EchoNext::close;
  }
  return EchoNext::keep_reading;
}

asio::awaitable<void> hold_close_wait(Server& server, Connection& connection) {
  server.log.note(connection.id,
                  lab::tr("client closed; not closing back: this side CLOSE_WAIT, the client "
                          "FIN_WAIT_2 (until Ctrl-C)",
                          "클라이언트가 닫았지만 서버는 닫지 않음: 서버 CLOSE_WAIT, "
                          "클라이언트 FIN_WAIT_2 (Ctrl-C까지)"));
  asio::steady_timer forever(connection.socket.get_executor(), Clock::time_point::max());
  co_await forever.async_wait(use_tuple);
}

asio::awaitable<void> refuse(Server& server, tcp::socket socket, tcp::endpoint peer) {
  server.totals.clients_refused += 1;
  server.log.refused(peer);
  const std::string line = lab::wire::server_full_line(
      lab::trf("{} client{} at once; try again later",
               "동시 접속 {}명{}이 한도입니다. 나중에 다시 시도하세요", server.options.max_clients,
               lab::plural_s(server.options.max_clients)));
  co_await asio::async_write(socket, asio::buffer(line), use_tuple);
  asio::error_code ignored;
  socket.close(ignored);
}

}  // namespace tcp_echo_lab
