#include "client_modes.hpp"

#include <unistd.h>

#include <optional>
#include <vector>

#include <fmt/format.h>
#include <asio.hpp>

#include "cli/app.hpp"
#include "cli/color.hpp"
#include "cli/input.hpp"
#include "cli/interrupt.hpp"
#include "cli/os_words.hpp"
#include "cli/wording.hpp"
#include "net/await.hpp"
#include "net/endpoints.hpp"
#include "net/errors.hpp"
#include "render/json.hpp"
#include "render/output.hpp"
#include "render/visible.hpp"
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

double millis_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// What went wrong while waiting for an echo, as one line.
std::string echo_failure(const asio::error_code& error, const ClientOptions& options,
                         std::uint64_t got, std::uint64_t expected) {
  if (error == asio::error::eof)
    return lab::trf("the server closed the connection (FIN) after echoing {} of {} bytes",
                    "서버가 연결을 닫았습니다 (FIN): {1}바이트 중 {0}바이트만 되돌아옴", got,
                    expected);
  if (error == asio::error::operation_aborted)
    return lab::trf("no echo from {} within {} s ({} of {} bytes came back)",
                    "{0}에서 {1}초 동안 응답이 없습니다 ({3}바이트 중 {2}바이트 받음)",
                    options.server_text, options.timeout.count(), got, expected);
  return lab::connect_error_message(error, options.server_text);
}

}  // namespace

// One line's echo, checked byte for byte as it comes, in bounded memory. Bytes that come before
// the line's first byte comes back (lab-multi-port's greeting, a server's own line) are the
// server's own words: kept to be shown (up to a limit), never counted as the echo. Everything
// sent and not yet back waits in `unconfirmed` (the writer stops when it holds too much).
class EchoMatcher {
 public:
  static constexpr std::size_t max_unconfirmed = 1 << 20;
  static constexpr std::size_t max_kept = 4096;  // of the server's words and of the echo, shown

  void sent(std::string_view bytes) { unconfirmed_.append(bytes); }
  std::size_t unconfirmed() const { return unconfirmed_.size() - consumed_; }
  std::uint64_t echoed() const { return echoed_; }
  const std::string& server_words() const { return words_; }
  const std::string& echo_start() const { return echo_start_; }

  // False when the bytes cannot be our echo any more (the echo differs from what was sent).
  bool received(std::string_view bytes) {
    for (char c : bytes) {
      const std::size_t next = consumed_ + matched_;  // the sent byte this one would echo
      const bool as_sent = next < unconfirmed_.size() && unconfirmed_[next] == c;
      if (in_server_line_) {  // the rest of a line of the server's own
        keep(words_, c);
        in_server_line_ = c != '\n';
      } else if (echoed_ > 0) {  // the echo has begun: it must follow what was sent
        if (!as_sent) return false;
        confirm(1);
      } else if (as_sent) {
        // Maybe the echo's first bytes, maybe a server line that starts like ours: decided at
        // the end of the line, or when so much matched that it can only be the echo.
        if (++matched_ >= max_kept || c == '\n') confirm(matched_);
      } else {  // not ours: a line of the server's own, with what looked like ours before it
        for (std::size_t i = 0; i < matched_; ++i)
          keep(words_, unconfirmed_[consumed_ + i]);
        matched_ = 0;
        keep(words_, c);
        in_server_line_ = c != '\n';
      }
    }
    return true;
  }

 private:
  static void keep(std::string& into, char c) {
    if (into.size() < max_kept) into.push_back(c);
  }
  void confirm(std::size_t n) {
    for (std::size_t i = 0; i < n; ++i)
      keep(echo_start_, unconfirmed_[consumed_ + i]);
    consumed_ += n, echoed_ += n;
    matched_ = 0;
    if (consumed_ > 64 * 1024 && consumed_ * 2 > unconfirmed_.size()) {  // amortised: O(1) a byte
      unconfirmed_.erase(0, consumed_);
      consumed_ = 0;
    }
  }

  std::string unconfirmed_;  // sent; bytes before consumed_ have come back
  std::size_t consumed_ = 0;
  std::size_t matched_ = 0;  // tentatively matched from consumed_ on, before the echo began
  std::uint64_t echoed_ = 0;
  bool in_server_line_ = false;
  std::string words_, echo_start_;
};

namespace {

// Typed lines are read and sent in pieces of this size: a line of any length, bounded memory.
constexpr std::size_t typed_piece_size = 64 * 1024;

// One typed line's round trip: what came back, and how it ended.
struct LineRoundTrip {
  EchoMatcher echo;
  std::uint64_t line_size = 0;        // handed to the socket so far
  std::optional<std::uint64_t> owed;  // the whole line's size, once its last piece is known
  asio::error_code failure;
  bool differs = false;
};

// The line goes out piece by piece while its echo is read as it comes: a line longer than both
// sockets' buffers cannot deadlock, and memory stays bounded whatever its length.
LineRoundTrip send_line(asio::io_context& io, tcp::socket& socket, const ClientOptions& options,
                        std::optional<lab::LinePiece> first) {
  LineRoundTrip trip;
  auto& [echo, line_size, owed, failure, differs] = trip;
  Clock::time_point last_heard = Clock::now();
  asio::steady_timer room(io), silence(io);
  auto writer = [&]() -> awaitable<void> {
    std::optional<lab::LinePiece> piece = std::move(first);
    while (piece && !failure && !differs) {
      if (piece->ends_line) piece->bytes += '\n';
      echo.sent(piece->bytes);
      if (piece->ends_line) owed = line_size + piece->bytes.size();
      auto [error, n] = co_await asio::async_write(socket, asio::buffer(piece->bytes), use_tuple);
      if (error) {
        if (!failure) failure = error;
        co_return;
      }
      line_size += n;
      if (piece->ends_line) break;
      while (echo.unconfirmed() > EchoMatcher::max_unconfirmed && !failure && !differs) {
        room.expires_after(std::chrono::milliseconds(50));  // the reader makes room
        co_await room.async_wait(use_tuple);
      }
      if (failure || differs) break;
      piece = lab::read_stdin_piece(typed_piece_size);  // ends without '\n' at end of input
      if (!piece) piece = lab::LinePiece{"", true};
    }
  };
  auto all_back = [&] { return owed && echo.echoed() == *owed; };
  auto reader = [&]() -> awaitable<void> {
    std::vector<char> chunk(64 * 1024);
    while (!all_back() && !failure) {
      auto [error, n] = co_await socket.async_read_some(asio::buffer(chunk), use_tuple);
      if (error) {
        failure = error;
        co_return;
      }
      last_heard = Clock::now();
      if (!echo.received(std::string_view(chunk.data(), n))) {
        differs = true;
        co_return;
      }
    }
  };
  // Gives up when the server stays silent for --timeout while an echo is owed.
  auto watchdog = [&]() -> awaitable<void> {
    while (!failure && !differs && !all_back()) {
      silence.expires_at(last_heard + options.timeout);
      auto [cancelled] = co_await silence.async_wait(use_tuple);
      if (!cancelled && Clock::now() >= last_heard + options.timeout && !failure) {
        failure = asio::error::operation_aborted;
        asio::error_code ignored;
        socket.cancel(ignored);
      }
    }
  };
  asio::co_spawn(io, writer(), asio::detached);
  asio::co_spawn(io, reader(), [&](std::exception_ptr) {
    silence.cancel();
    room.cancel();
    asio::error_code ignored;
    if (!all_back()) socket.cancel(ignored);  // and a writer blocked on a dead connection
  });
  asio::co_spawn(io, watchdog(), asio::detached);
  io.restart();
  io.run();
  return trip;
}

// One error line (exit 1) unless the whole line came back as it was sent.
void fail_unless_line_back(const LineRoundTrip& trip, const ClientOptions& options) {
  fail_if_server_full(trip.echo.server_words(), "", options);
  const std::uint64_t expected = trip.owed.value_or(trip.line_size);
  if (trip.differs)
    lab::fail(
        lab::trf("what came back is not the line that was sent (it differs after {} of "
                 "{} bytes)",
                 "되돌아온 것이 보낸 줄과 다릅니다 ({1}바이트 중 {0}바이트 뒤부터)",
                 trip.echo.echoed(), expected));
  if (trip.failure) lab::fail(echo_failure(trip.failure, options, trip.echo.echoed(), expected));
}

// What came back, each line shown with its control characters escaped (render/visible.hpp).
std::string shown_echo(const EchoMatcher& echo) {
  std::string shown;
  for (std::string_view text :
       {std::string_view(echo.server_words()), std::string_view(echo.echo_start())}) {
    for (std::size_t end = 0; !text.empty();
         text.remove_prefix(end == text.npos ? text.size() : end + 1)) {
      end = text.find('\n');
      shown += lab::visible(text.substr(0, end)) + (end == text.npos ? "" : "\n");
    }
  }
  if (!shown.empty() && shown.back() == '\n') shown.pop_back();
  if (echo.echoed() > echo.echo_start().size())
    shown += lab::trf(" … ({} bytes in all, every one came back)",
                      " … (모두 {}바이트, 하나도 빠짐없이 돌아옴)", echo.echoed());
  return shown;
}

}  // namespace

int run_interactive(asio::io_context& io, tcp::socket& socket, const ClientOptions& options) {
  const bool terminal = lab::stdin_is_terminal();
  if (terminal)
    lab::out::print("{}\n", lab::trf("Type a line and press Enter; {} to close.",
                                     "한 줄을 입력하고 Enter를 누르세요. 끝내려면 {}.",
                                     lab::end_of_input_keys()));
  std::uint64_t lines_echoed = 0;
  while (true) {
    if (terminal) lab::out::write("> ");
    auto first = lab::read_stdin_piece(typed_piece_size);
    if (!first || lab::interrupted()) break;
    const auto start = Clock::now();
    const LineRoundTrip trip = send_line(io, socket, options, std::move(first));
    fail_unless_line_back(trip, options);
    ++lines_echoed;
    lab::out::print(
        "{} {}\n",
        lab::paint(lab::Color::dim,
                   lab::trf("echo ({:.3f} ms):", "에코 ({:.3f} ms):", millis_since(start))),
        shown_echo(trip.echo));
  }
  // End of input at the prompt: the closing line starts on a line of its own.
  if (terminal || lab::interrupted()) lab::out::print("\n");
  if (lab::interrupted())
    lab::out::print("{}", lab::tr("interrupted (Ctrl-C): ", "중단됨 (Ctrl-C): "));
  lab::out::print(
      "{}\n", lab::trf("{} line{} echoed; closing.", "{}줄{}을 되돌려 받았습니다. 연결을 닫습니다.",
                       lines_echoed, lab::plural_s(lines_echoed)));
  return lab::exit_ok;
}

namespace {

// Enough of the first bytes back to recognise a "server full" line (wire/refusal.hpp).
constexpr std::size_t first_bytes_kept = 64;

// What a scripted run counts, shared by its writer, reader and watchdog.
struct ScriptedRun {
  std::uint64_t total = 0;  // bytes that must come back (after Ctrl-C: only what went out)
  std::uint64_t writes = 0;
  std::uint64_t reads = 0;
  std::uint64_t received = 0;
  asio::error_code failure;  // the first error of any of the three
  lab::PatternChecker checker;
  Clock::time_point last_heard = Clock::now();
  std::string first_bytes;  // the first bytes back, to tell a "server full" line from a wrong echo
  double seconds = 0;
  std::optional<lab::TcpFigures> tcp_figures;
};

// write(): --count messages of --size bytes (or --bulk in pieces), every byte from the pattern.
awaitable<void> write_messages(tcp::socket& socket, const ClientOptions& options,
                               ScriptedRun& run) {
  std::vector<std::uint8_t> message(options.size);
  std::uint64_t sent = 0;
  for (std::uint64_t i = 0; i < options.count && !run.failure; ++i) {
    if (lab::interrupted()) {  // Ctrl-C: expect back only what went out
      run.total = sent;
      if (run.received >= run.total) socket.cancel();
      break;
    }
    const std::uint64_t length = std::min<std::uint64_t>(options.size, run.total - sent);
    lab::fill_pattern(std::span(message.data(), length), sent);
    auto [error, n] =
        co_await asio::async_write(socket, asio::buffer(message.data(), length), use_tuple);
    if (error) {
      if (!run.failure) run.failure = error;
      break;
    }
    sent += n;
    ++run.writes;
    if (options.interval_ms > 0) {
      asio::steady_timer pause(socket.get_executor(),
                               std::chrono::milliseconds(options.interval_ms));
      co_await pause.async_wait(use_tuple);
    }
  }
}

// read(): whatever pieces the echo comes back in, each byte checked against the pattern.
awaitable<void> read_echo(tcp::socket& socket, ScriptedRun& run) {
  std::vector<std::uint8_t> buffer(256 * 1024);
  while (run.received < run.total) {
    auto [error, n] = co_await socket.async_read_some(asio::buffer(buffer), use_tuple);
    if (error) {
      if (!run.failure) run.failure = error;
      co_return;
    }
    ++run.reads;
    run.received += n;
    run.last_heard = Clock::now();
    if (run.first_bytes.size() < first_bytes_kept)
      run.first_bytes.append(reinterpret_cast<const char*>(buffer.data()),
                             std::min<std::size_t>(n, first_bytes_kept - run.first_bytes.size()));
    if (!run.checker.check(std::span(buffer.data(), n))) co_return;
  }
}

// Gives up when the server stays silent for --timeout (not when the whole run is long).
awaitable<void> watch_silence(asio::steady_timer& silence, tcp::socket& socket,
                              const ClientOptions& options, ScriptedRun& run) {
  while (run.received < run.total && run.checker.ok() && !run.failure) {
    silence.expires_at(run.last_heard + options.timeout);
    auto [cancelled] = co_await silence.async_wait(use_tuple);
    if (!cancelled && Clock::now() >= run.last_heard + options.timeout &&
        run.received < run.total) {
      run.failure = asio::error::operation_aborted;
      asio::error_code ignored;
      socket.cancel(ignored);
    }
  }
}

// Writer and reader run side by side: the echo must be read while we still send, or both
// socket buffers fill up and the two programs wait for each other forever.
void exchange(asio::io_context& io, tcp::socket& socket, const ClientOptions& options,
              ScriptedRun& run) {
  asio::steady_timer silence(io);
  const auto start = Clock::now();
  auto ex = io.get_executor();
  asio::co_spawn(ex, write_messages(socket, options, run), asio::detached);
  asio::co_spawn(ex, read_echo(socket, run), [&](std::exception_ptr) {
    silence.cancel();  // the reader is done: so is the watchdog
    if (run.received < run.total) {
      asio::error_code ignored;
      socket.cancel(ignored);  // and a writer still blocked on a dead connection
    }
  });
  asio::co_spawn(ex, watch_silence(silence, socket, options, run), asio::detached);
  io.restart();
  io.run();
  run.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  // Retransmissions, RTT and RTO, read while the connection still exists (lab-badnet).
  run.tcp_figures = lab::read_tcp_info(socket.native_handle());
}

// One error line (exit 1) unless every byte came back as it was sent.
void fail_unless_echoed(const ScriptedRun& run, const ClientOptions& options) {
  if (!run.checker.ok() || run.received < run.total) {
    std::string first_sent(run.first_bytes.size(), '\0');
    lab::fill_pattern(
        std::span(reinterpret_cast<std::uint8_t*>(first_sent.data()), first_sent.size()), 0);
    fail_if_server_full(run.first_bytes, first_sent, options);
  }
  if (!run.checker.ok())
    lab::fail(lab::trf("the echo differs from what was sent at byte {}",
                       "되돌아온 데이터가 보낸 것과 {}번째 바이트에서 다릅니다",
                       run.checker.first_mismatch()));
  if (run.received < run.total)
    lab::fail(echo_failure(run.failure, options, run.received, run.total));
}

void print_scripted_json(const ScriptedRun& run, tcp::socket& socket, const ClientOptions& options,
                         double gbit) {
  asio::error_code ignored;
  lab::out::json({{"pid", getpid()},
                  {"local", lab::to_string(socket.local_endpoint(ignored))},
                  {"server", options.server_text},
                  {"messages", options.bulk > 0 ? run.writes : options.count},
                  {"size", options.size},
                  {"bytes_sent", run.total},
                  {"bytes_received", run.received},
                  {"writes", run.writes},
                  {"reads", run.reads},
                  {"verified", true},
                  {"seconds", run.seconds},
                  {"gbit_per_s", gbit},
                  {"tcp_info", lab::tcp_figures_json(run.tcp_figures)}});
}

void print_tcp_figures(const ScriptedRun& run) {
  lab::out::print("{}\n", run.tcp_figures ? lab::tcp_figures_line(*run.tcp_figures)
                                          : lab::tcp_figures_missing_line());
}

// Messages: how many went out, how many reads brought them back, and why those differ.
void print_messages(const ScriptedRun& run, const ClientOptions& options) {
  const std::uint64_t writes = run.writes;
  const std::uint64_t reads = run.reads;
  if (lab::interrupted())
    lab::out::print("{}\n", lab::trf("interrupted (Ctrl-C) after {} of {} messages",
                                     "중단됨 (Ctrl-C): 메시지 {1}개 중 {0}개를 보낸 뒤", writes,
                                     options.count));
  lab::out::print(
      "{}\n", lab::trf("sent {} message{} of {} byte{} ({} byte{}, {} write{})",
                       "{2}바이트{3} 메시지 {0}개{1}를 보냄 ({4}바이트{5}, 쓰기 {6}번{7})", writes,
                       lab::plural_s(writes), options.size, lab::plural_s(options.size), run.total,
                       lab::plural_s(run.total), writes, lab::plural_s(writes)));
  lab::out::print("{}\n",
                  lab::trf("received the echo: {} byte{} in {} read{} — every byte matched ✓",
                           "에코를 받음: {}바이트{}를 읽기 {}번{}으로 — 모든 바이트 일치 ✓",
                           run.received, lab::plural_s(run.received), reads, lab::plural_s(reads)));
  if (reads != writes)
    lab::out::print("{}\n",
                    lab::trf("{} message{} went out, {} read{} brought them back: TCP is a "
                             "byte stream and keeps no message boundaries.",
                             "메시지는 {0}개였지만{1} 읽기는 {2}번{3}: TCP는 바이트 스트림이라 "
                             "메시지 경계를 지키지 않습니다.",
                             writes, lab::plural_s(writes), reads, lab::plural_s(reads)));
  print_tcp_figures(run);
}

}  // namespace

int run_scripted(asio::io_context& io, tcp::socket& socket, const ClientOptions& options) {
  ScriptedRun run;
  run.total = options.bulk > 0 ? options.bulk : options.count * options.size;
  exchange(io, socket, options, run);
  fail_unless_echoed(run, options);

  const double gbit = run.seconds > 0 ? static_cast<double>(run.total) * 8 / run.seconds / 1e9 : 0;
  if (options.json) {
    print_scripted_json(run, socket, options, gbit);
  } else if (options.bulk > 0) {
    lab::out::print(
        "{}\n", lab::trf("streamed {} bytes and got every byte back ✓ in {:.2f} s: {:.2f} Gbit/s "
                         "each way ({} writes, {} reads)",
                         "{}바이트를 보내고 모두 그대로 돌려받음 ✓ {:.2f}초: 방향마다 "
                         "{:.2f} Gbit/s (쓰기 {}번, 읽기 {}번)",
                         run.total, run.seconds, gbit, run.writes, run.reads));
    print_tcp_figures(run);
  } else {
    print_messages(run, options);
  }
  return lab::exit_ok;
}

namespace {

struct StopSteps {};  // Ctrl-C at a pause: leave the remaining steps, close normally

// Our socket as the pauses show it: its two ends, and the lab-netstat command to look at it.
struct WatchedSocket {
  tcp::endpoint local;
  tcp::endpoint remote;
  std::string look;
};

// A pause after a step: what was done, the state the kernel reports, what lab-netstat should
// show; Enter goes on. A Ctrl-C here throws StopSteps.
void pause_at_step(const WatchedSocket& socket, int step, const std::string& done,
                   const std::string& expect) {
  lab::out::print("\n{} {}\n", lab::paint(lab::Color::bold, fmt::format("[{}/4]", step)), done);
  const std::string state = kernel_state(socket.local, socket.remote);
  lab::out::print("  {} {}\n",
                  lab::tr("the kernel says this socket is:", "커널이 본 이 소켓의 상태:"),
                  lab::paint(lab::Color::yellow, state.empty() ? "-" : state));
  lab::out::print("  {} {}\n", lab::tr("look in another terminal:", "다른 터미널에서 확인:"),
                  lab::paint(lab::Color::cyan, socket.look));
  lab::out::print("  {} {}\n", lab::tr("you should see:", "보여야 할 것:"), expect);
  lab::out::print("  {}", lab::tr("[Enter] to go on ", "[Enter]를 누르면 계속 "));
  lab::read_stdin_line();  // at end of input, go on without waiting
  lab::out::print("\n");
  if (lab::interrupted()) {
    lab::out::print("{}\n", lab::trf("interrupted (Ctrl-C) at step {}/4; closing.",
                                     "중단됨 (Ctrl-C): {}/4 단계에서 연결을 닫습니다.", step));
    throw StopSteps{};
  }
}

// Sends one line and reads until the whole line is back: a server that greets first
// (lab-multi-port) sends its own line before the echo, so the reply may be longer. Fails (exit 1)
// when the echo does not come.
std::string send_and_read_back(asio::io_context& io, tcp::socket& socket,
                               const ClientOptions& options, const std::string& message) {
  std::string reply;
  asio::error_code failure;
  auto round_trip = [&]() -> awaitable<void> {
    auto [write_error, written] =
        co_await asio::async_write(socket, asio::buffer(message), use_tuple);
    failure = write_error;
    if (write_error) co_return;
    char chunk[512];
    while (!reply.ends_with(message)) {
      auto [read_error, n] = co_await socket.async_read_some(asio::buffer(chunk), use_tuple);
      reply.append(chunk, n);
      failure = read_error;
      if (read_error) co_return;
    }
  };
  if (!run_with_deadline(io, socket, round_trip(), options.timeout))
    failure = asio::error::operation_aborted;
  fail_if_server_full(reply, message, options);
  if (failure) lab::fail(echo_failure(failure, options, reply.size(), message.size()));
  return reply;
}

// After our FIN: whatever the server still sends (the rest of an echo after a greeting) is read
// and dropped; what counts is whether its FIN follows within half a second.
bool server_closes_back(asio::io_context& io, tcp::socket& socket) {
  bool server_closed = false;
  auto wait_for_fin = [&]() -> awaitable<void> {
    char rest[512];
    for (;;) {
      auto [error, n] = co_await socket.async_read_some(asio::buffer(rest), use_tuple);
      if (!error) continue;
      server_closed = error == asio::error::eof;
      co_return;
    }
  };
  run_with_deadline(io, socket, wait_for_fin(), std::chrono::milliseconds(500));
  return server_closed;
}

}  // namespace

// The four steps; a Ctrl-C at a pause throws StopSteps out of them.
static int run_steps(asio::io_context& io, tcp::socket& socket, const ClientOptions& options) {
  asio::error_code ignored;
  const WatchedSocket watched{socket.local_endpoint(ignored), options.server,
                              fmt::format("lab-netstat -ano --port {}", options.server.port())};
  const auto& local = watched.local;
  const auto& remote = watched.remote;
  pause_at_step(
      watched, 1,
      lab::trf("connected: the three-way handshake is done; we are {} (port chosen by the kernel)",
               "연결됨: 3-way 핸드셰이크 완료; 우리 쪽은 {} (커널이 고른 포트)",
               lab::to_string(local)),
      lab::trf(
          "two ESTABLISHED rows: {} → {} with this PID ({}), and the server's row the other way",
          "ESTABLISHED 두 줄: {} → {} (이 PID {}), 그리고 반대 방향의 서버 줄",
          lab::to_string(local), lab::to_string(remote), getpid()));

  const std::string message = "hello from lab-tcp-client\n";
  const std::string reply = send_and_read_back(io, socket, options, message);
  // What the server said before the echo, if anything (lab-multi-port's greeting).
  std::string greeting = reply.substr(0, reply.size() - message.size());
  while (!greeting.empty() && (greeting.back() == '\n' || greeting.back() == '\r'))
    greeting.pop_back();
  // Bytes that arrived and are not read yet: what really waits in our receive queue (Recv-Q).
  const std::size_t waiting = socket.available(ignored);
  pause_at_step(
      watched, 2,
      greeting.empty()
          ? lab::trf("sent {} bytes and read them back", "{}바이트를 보내고 그대로 돌려받음",
                     message.size())
          : lab::trf("sent {} bytes; read {} back: the server's own line first ({}), then our "
                     "{} bytes echoed",
                     "{0}바이트를 보냈고 {1}바이트를 읽음. 서버가 먼저 자기 줄({2})을 보내고 "
                     "이어서 우리 {3}바이트를 에코함",
                     message.size(), reply.size(), greeting, message.size()),
      waiting == 0
          ? lab::tr("still ESTABLISHED on both rows; nothing is waiting in the queues",
                    "두 줄 모두 여전히 ESTABLISHED; 큐에 남은 데이터 없음")
          : lab::trf("still ESTABLISHED on both rows; {} byte{} arrived and wait unread in "
                     "our receive queue",
                     "두 줄 모두 여전히 ESTABLISHED이고, 도착했지만 읽지 않은 {0}바이트{1}가 "
                     "우리 수신 버퍼에 남아 있음",
                     waiting, lab::plural_s(waiting)));

  // Half-close: our FIN goes out, but we can still receive.
  socket.shutdown(tcp::socket::shutdown_send, ignored);
  const bool server_closed = server_closes_back(io, socket);
  pause_at_step(
      watched, 3,
      lab::trf("half-closed: we sent FIN with {}",
               "보내는 방향만 닫음 (half-close): {}로 FIN을 보냄",
               lab::os_words::half_close_call()),
      server_closed
          ? lab::tr("the server closed back at once: this side TIME_WAIT (we closed first), "
                    "the server's row is gone",
                    "서버도 바로 닫음: 이쪽은 TIME_WAIT (먼저 닫은 쪽), 서버 줄은 사라짐")
          : lab::tr("this side FIN_WAIT_2, the server CLOSE_WAIT: it got our FIN but has not "
                    "called close() (is it running with --no-close?)",
                    "이쪽 FIN_WAIT_2, 서버 CLOSE_WAIT: 서버가 FIN을 받았지만 close()를 "
                    "부르지 않음 (--no-close로 실행 중인가요?)"));

  pause_at_step(
      watched, 4, lab::tr("about to close() the socket", "이제 소켓을 close() 합니다"),
      lab::trf(
          "after close(): a TIME_WAIT row for our port with PID 0 — no process holds it, the "
          "kernel keeps it about {} s",
          "close() 뒤: 우리 포트의 TIME_WAIT 줄, PID 0 — 어떤 프로세스도 갖고 있지 않고 커널이 "
          "약 {}초 유지",
          lab::os_words::time_wait_seconds()));
  return lab::exit_ok;
}

int run_step(asio::io_context& io, tcp::socket& socket, const ClientOptions& options) {
  try {
    return run_steps(io, socket, options);
  } catch (const StopSteps&) {
    return lab::exit_ok;
  }
}

}  // namespace tcp_echo_lab
