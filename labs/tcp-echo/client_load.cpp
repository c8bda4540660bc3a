#include "client_load.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <asio.hpp>

#include "cli/app.hpp"
#include "cli/interrupt.hpp"
#include "net/await.hpp"
#include "net/errors.hpp"
#include "render/json.hpp"
#include "render/output.hpp"
#include "stats/echo_pattern.hpp"
#include "stats/latency_histogram.hpp"
#include "tcp_info/tcp_info.hpp"
#include "wire/refusal.hpp"

namespace tcp_echo_lab {
namespace {

using asio::awaitable;
using asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using lab::use_tuple;

struct LoadTotals {
  std::atomic<std::uint64_t> errors{0};
  std::atomic<std::uint64_t> connected{0};
  std::atomic<std::uint64_t> echoing{0};  // connections that got at least one echo back
  std::atomic<std::uint64_t> refused{0};  // "server full"
  std::mutex mutex;
  lab::LatencyHistogram latency;
  asio::error_code first_error;
  std::string refusal_reason;
  lab::TcpFiguresSum tcp_info;  // retransmissions, RTT, RTO over the connections that echoed
};

// One connection's TCP_INFO (retransmissions, RTT, RTO), read while its socket is still open:
// by the connection itself when it ends after the deadline, or after the event loop stopped for
// one that was cut off (its coroutine, and so its socket, live until the loop is destroyed).
struct TcpInfoSlot {
  lab::NativeSocket open_fd = -1;  // the socket to read at the end; -1 once read or never echoing
  std::optional<lab::TcpFigures> figures;
};

void count_error(LoadTotals& totals, const asio::error_code& error) {
  std::lock_guard lock(totals.mutex);
  if (!totals.first_error) totals.first_error = error;
  totals.errors += 1;
}

awaitable<void> load_connection(const ClientOptions& options, Clock::time_point stop_at,
                                LoadTotals& totals, lab::LatencyHistogram& latency,
                                TcpInfoSlot& tcp_info) {
  auto executor = co_await asio::this_coro::executor;
  tcp::socket socket(executor);
  auto [connect_error] = co_await socket.async_connect(options.server, use_tuple);
  if (connect_error) {
    count_error(totals, connect_error);
    co_return;
  }
  totals.connected += 1;
  asio::error_code ignored;
  socket.set_option(tcp::no_delay(true), ignored);
  std::vector<std::uint8_t> message(options.size), echo(options.size);
  lab::fill_pattern(message, 0);
  // Round trips until the deadline; then the socket closes with nothing in flight (a normal FIN,
  // as a student would see in lab-trace). A round trip still unanswered at the deadline is cut
  // off by run_until_deadline() instead.
  // --timeout: a round trip with no echo for that long is an error, not a quiet connection.
  asio::steady_timer silence(executor);
  bool silent = false;
  for (bool first = true; Clock::now() < stop_at && !lab::interrupted(); first = false) {
    const auto start = Clock::now();
    silence.expires_after(options.timeout);
    silence.async_wait([&](asio::error_code ec) {
      if (ec) return;  // cancelled: the echo came
      silent = true;
      asio::error_code ignored;
      socket.cancel(ignored);
    });
    auto [write_error, written] =
        co_await asio::async_write(socket, asio::buffer(message), use_tuple);
    auto [read_error, n] = co_await asio::async_read(socket, asio::buffer(echo), use_tuple);
    silence.cancel();
    const std::string_view got(reinterpret_cast<const char*>(echo.data()), n);
    if (first && lab::wire::looks_like_server_full(got) &&
        !std::equal(echo.begin(), echo.begin() + static_cast<std::ptrdiff_t>(n), message.begin())) {
      std::lock_guard lock(totals.mutex);
      totals.refused += 1;
      if (totals.refusal_reason.empty())
        totals.refusal_reason = std::string(lab::wire::server_full_reason(got));
      co_return;
    }
    // An error ends this connection; one that echoed before still gives its TCP_INFO below.
    if (silent) {
      count_error(totals, asio::error::timed_out);
      break;
    }
    if (write_error || read_error) {
      count_error(totals, write_error ? write_error : read_error);
      break;
    }
    if (first) {
      totals.echoing += 1;
      tcp_info.open_fd = socket.native_handle();
    }
    latency.record(static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - start).count()));
  }
  if (tcp_info.open_fd >= 0) tcp_info.figures = lab::read_tcp_info(tcp_info.open_fd);
  tcp_info.open_fd = -1;
}

// Runs `io` until every connection has finished its last round trip after `stop_at`, or Ctrl-C.
// A round trip that is not answered within a short grace after the deadline is dropped: the
// duration is a promise, not a wish.
void run_until_deadline(asio::io_context& io, Clock::time_point stop_at) {
  const auto cut_off = stop_at + std::chrono::milliseconds(200);
  while (!lab::interrupted() && Clock::now() < cut_off && !io.stopped())
    io.run_until(std::min(cut_off, Clock::now() + std::chrono::milliseconds(50)));
  io.stop();
}

// The connections, spread over --threads threads, each thread with an event loop of its own;
// their figures are merged into `totals` when the loops have stopped.
void drive_connections(const ClientOptions& options, Clock::time_point stop_at,
                       LoadTotals& totals) {
  std::vector<std::thread> threads;
  for (unsigned t = 0; t < options.threads; ++t) {
    threads.emplace_back([&, t] {
      asio::io_context io(1);
      lab::LatencyHistogram latency;
      std::deque<TcpInfoSlot> tcp_info;  // one per connection; a deque keeps their addresses
      for (unsigned c = t; c < options.connections; c += options.threads)
        asio::co_spawn(io,
                       load_connection(options, stop_at, totals, latency, tcp_info.emplace_back()),
                       asio::detached);
      run_until_deadline(io, stop_at);
      std::lock_guard lock(totals.mutex);
      totals.latency.merge(latency);
      for (auto& slot : tcp_info) {
        if (slot.open_fd >= 0) slot.figures = lab::read_tcp_info(slot.open_fd);  // cut off
        if (slot.figures) totals.tcp_info.add(*slot.figures);
      }
    });
  }
  for (auto& thread : threads)
    thread.join();
}

// The figures: one JSON document, or three lines of text.
void print_load(const LoadTotals& totals, const ClientOptions& options, double seconds,
                bool interrupted) {
  const auto& latency = totals.latency;
  const double rate = seconds > 0 ? static_cast<double>(latency.count()) / seconds : 0.0;
  // Echoing means an echo came back: a connection that was accepted and then stayed silent, was
  // reset or turned away is counted by what happened to it, never as echoing.
  const std::uint64_t echoing = totals.echoing;
  auto micros = [](std::uint64_t ns) { return static_cast<double>(ns) / 1000.0; };
  if (options.json) {
    lab::out::json({{"pid", getpid()},
                    {"server", options.server_text},
                    {"connections", echoing},
                    {"connections_planned", options.connections},
                    {"refused", totals.refused.load()},
                    {"threads", options.threads},
                    {"duration_s", seconds},
                    {"duration_planned_s", options.duration_s},
                    {"interrupted", interrupted},
                    {"size", options.size},
                    {"round_trips", latency.count()},
                    {"round_trips_per_s", rate},
                    {"p50_us", micros(latency.percentile(0.50))},
                    {"p99_us", micros(latency.percentile(0.99))},
                    {"max_us", micros(latency.max())},
                    {"tcp_info", totals.tcp_info.connections > 0
                                     ? lab::tcp_figures_json(totals.tcp_info.average())
                                     : lab::json::Value(nullptr)},
                    {"errors", totals.errors.load()}});
  } else {
    if (interrupted)
      lab::out::print("{}\n", lab::trf("interrupted (Ctrl-C) after {:.1f} of {} s",
                                       "중단됨 (Ctrl-C): 계획한 {1}초 중 {0:.1f}초 실행", seconds,
                                       options.duration_s));
    lab::out::print(
        "{}\n",
        lab::trf("{} of {} connections echoing, {:.1f} s, {}-byte messages: {} round "
                 "trips, {:.0f}/s",
                 "연결 {1}개 중 {0}개가 에코함, {2:.1f}초, 메시지 {3}바이트: 왕복 {4}번, "
                 "초당 {5:.0f}번",
                 echoing, options.connections, seconds, options.size, latency.count(), rate));
    lab::out::print("{}\n",
                    lab::trf("latency p50 {:.1f} µs, p99 {:.1f} µs, max {:.1f} µs; errors {}",
                             "지연 p50 {:.1f} µs, p99 {:.1f} µs, 최대 {:.1f} µs; 오류 {}",
                             micros(latency.percentile(0.5)), micros(latency.percentile(0.99)),
                             micros(latency.max()), totals.errors.load()));
    lab::out::print("{}\n", lab::tcp_figures_sum_line(totals.tcp_info));
  }
}

// The exit status, with one error line when the run failed: the server turned connections away,
// connections failed, or none echoed.
int load_verdict(const LoadTotals& totals, const ClientOptions& options, double seconds) {
  const std::uint64_t echoing = totals.echoing;
  if (totals.refused > 0) {
    lab::print_error(lab::trf("the server is full: it turned {} of {} connections away: {}",
                              "서버가 가득 참: 연결 {1}개 중 {0}개를 거절했습니다: {2}",
                              totals.refused.load(), options.connections, totals.refusal_reason));
    return lab::exit_failure;
  }
  const std::string first_error =
      totals.first_error == asio::error::timed_out
          ? lab::trf("no echo from {} within {} s (--timeout)",
                     "{}에서 {}초 동안 에코가 없음 (--timeout)", options.server_text,
                     options.timeout.count())
          : lab::connect_error_message(totals.first_error, options.server_text);
  if (totals.errors > 0) {
    lab::print_error(lab::trf("{} connections failed; first: {}", "연결 {}개 실패; 첫 오류: {}",
                              totals.errors.load(), first_error));
    return lab::exit_failure;
  }
  if (echoing == 0) {  // connected, yet not one echo came back before the end
    lab::print_error(
        lab::trf("no connection echoed: {} connected, not one echo came back in {:.1f} s",
                 "에코한 연결이 없습니다: {}개가 연결됐지만 {:.1f}초 동안 에코가 하나도 오지 않음",
                 totals.connected.load(), seconds));
    return lab::exit_failure;
  }
  return lab::exit_ok;
}

}  // namespace

int run_load(const ClientOptions& options) {
  LoadTotals totals;
  const auto start = Clock::now();
  drive_connections(options, start + std::chrono::seconds(options.duration_s), totals);
  // What really happened: the seconds that passed (less than planned after Ctrl-C).
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  const bool interrupted = lab::interrupted();
  if (totals.connected == 0 && totals.errors > 0)
    lab::fail(lab::connect_error_message(totals.first_error, options.server_text));
  print_load(totals, options, seconds, interrupted);
  return load_verdict(totals, options, seconds);
}

}  // namespace tcp_echo_lab
