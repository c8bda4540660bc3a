#include "server_support.hpp"

#include <unistd.h>

#include <ctime>

#include <fmt/format.h>

#include "cli/app.hpp"
#include "cli/color.hpp"
#include "cli/validators.hpp"
#include "net/endpoints.hpp"
#include "render/json.hpp"
#include "render/output.hpp"

namespace tcp_echo {
namespace {

constexpr const char* examples = R"(  lab-tcp-server                          echo on 127.0.0.1:7000
  lab-tcp-server --port 0                 any free port (printed on start)
  lab-tcp-server --bind 0.0.0.0           reachable from the classroom LAN
  lab-tcp-server --no-close               hold CLOSE_WAIT here, FIN_WAIT_2 at the client
  lab-tcp-server --half-close             FIN after the first echo (shutdown SHUT_WR)
  lab-tcp-server --reset                  RST after the first echo (SO_LINGER 0)
  lab-tcp-server --read-size 4 --read-delay 500
                                          slow, small reads: sends merge, TCP has no boundaries)";

std::string timestamp() {
  auto now = std::chrono::system_clock::now();
  std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()) % 1000;
  std::tm local{};
  localtime_r(&seconds, &local);
  return fmt::format("{:02}:{:02}:{:02}.{:03}", local.tm_hour, local.tm_min, local.tm_sec,
                     millis.count());
}

void emit(const lab::json::Writer& json) {
  lab::out::print("{}\n", json.str());
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
      return lab::tr("server half-closed first (shutdown SHUT_WR), then the client closed",
                     "서버가 먼저 절반 닫음 (shutdown SHUT_WR), 그 뒤 클라이언트가 닫음");
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

ServerOptions parse_server_options(int argc, char** argv) {
  ServerOptions options;
  auto app = lab::make_app(
      "TCP echo server: sends back every byte it receives and logs each connection's 4-tuple.",
      examples);
  std::string bind = "127.0.0.1";
  unsigned idle_seconds = 300;
  unsigned read_delay_ms = 0;
  std::uint64_t read_size = options.read_size;
  bool no_close = false, half_close = false, reset = false;

  app->add_option("-p,--port", options.port, "Port to listen on (0 = any free port)")
      ->check(lab::port_validator(lab::PortZero::any_free_port))
      ->capture_default_str();
  app->add_option("-b,--bind", bind, "Address to listen on (0.0.0.0 = every interface)")
      ->capture_default_str();
  app->add_option("--max-clients", options.max_clients,
                  "Clients served at once; more are told the server is full")
      ->check(CLI::Range(1, 10000))
      ->capture_default_str();
  app->add_option("--idle-timeout", idle_seconds,
                  "Close a connection silent for this many seconds (0 = never)")
      ->check(CLI::Range(0, 86400))
      ->capture_default_str();
  lab::add_size_option(*app, "--read-size", read_size,
                       "Bytes one read may take (and memory per connection)", 1, 16 << 20);
  app->add_option("--read-delay", read_delay_ms, "Milliseconds to wait before each read")
      ->check(CLI::Range(0, 60000))
      ->capture_default_str();
  auto* no_close_flag = app->add_flag(
      "--no-close", no_close, "Never close: this side stays CLOSE_WAIT, the client FIN_WAIT_2");
  auto* half_flag = app->add_flag("--half-close", half_close,
                                  "After the first echo, shutdown(SHUT_WR): FIN, still reading");
  auto* reset_flag =
      app->add_flag("--reset", reset, "After the first echo, close with SO_LINGER 0: RST");
  no_close_flag->excludes(half_flag)->excludes(reset_flag);
  half_flag->excludes(reset_flag);
  app->add_option("--backlog", options.backlog, "listen() backlog")
      ->check(CLI::Range(0, 65535))
      ->capture_default_str();
  app->add_flag("--reuse-address", options.reuse_address,
                "Set SO_REUSEADDR (off by default: see the port-conflict lab)");
  app->add_flag("-q,--quiet", options.quiet, "No line per connection, only the summary");
  app->add_flag("--json", options.json, "Log events as JSON Lines");
  lab::parse(*app, argc, argv);

  options.bind_address = lab::resolve_host(bind);
  options.idle_timeout = std::chrono::seconds(idle_seconds);
  options.read_delay = std::chrono::milliseconds(read_delay_ms);
  options.read_size = static_cast<std::size_t>(read_size);
  if (no_close) options.close_style = CloseStyle::no_close;
  if (half_close) options.close_style = CloseStyle::half_close;
  if (reset) options.close_style = CloseStyle::reset;
  return options;
}

void ConnectionLog::listening(const asio::ip::tcp::endpoint& local) const {
  lab::out::keep_running_without_reader();  // a log reader that leaves must not end the server
  if (options_.json) {
    lab::json::Writer out;
    out.begin_object().key("event").value("listening").key("pid").value(getpid());
    out.key("protocol").value("TCP").key("local").value(lab::to_string(local)).end_object();
    emit(out);
    return;
  }
  lab::announce("TCP", lab::to_string(local), "LISTENING");
}

void ConnectionLog::accepted(std::uint64_t id, const asio::ip::tcp::endpoint& local,
                             const asio::ip::tcp::endpoint& remote, std::size_t active) const {
  if (options_.quiet) return;
  if (options_.json) {
    lab::json::Writer out;
    out.begin_object().key("event").value("accept").key("id").value(id);
    out.key("local").value(lab::to_string(local)).key("remote").value(lab::to_string(remote));
    out.key("active").value(active).end_object();
    emit(out);
    return;
  }
  lab::out::print("[{}] {} #{} {} ← {}  {}\n", timestamp(), lab::paint(lab::Color::green, "accept"),
                  id, lab::to_string(local), lab::to_string(remote),
                  lab::trf("(clients: {}/{})", "(접속 중: {}/{})", active, options_.max_clients));
}

void ConnectionLog::refused(const asio::ip::tcp::endpoint& remote) const {
  if (options_.json) {
    lab::json::Writer out;
    out.begin_object().key("event").value("refused").key("remote").value(lab::to_string(remote));
    out.key("reason").value("max-clients").end_object();
    emit(out);
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
    lab::json::Writer out;
    out.begin_object().key("event").value("note").key("id").value(id).key("text").value(text);
    emit(out.end_object());
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
    lab::json::Writer out;
    out.begin_object().key("event").value("close").key("id").value(id);
    out.key("local").value(lab::to_string(local)).key("remote").value(lab::to_string(remote));
    out.key("closed_by").value(closer_key(closer)).key("detail").value(detail);
    out.key("bytes").value(bytes).key("reads").value(reads).key("seconds").value(seconds);
    emit(out.end_object());
    return;
  }
  std::string why = closer_text(closer);
  if (!detail.empty()) why += ": " + detail;
  lab::out::print("[{}] {} #{} {} ← {}  {} · {}\n", timestamp(),
                  lab::paint(lab::Color::red, "close "), id, lab::to_string(local),
                  lab::to_string(remote), why,
                  lab::trf("{} bytes in {} reads, {:.1f} s", "{}바이트, 읽기 {}번, {:.1f}초", bytes,
                           reads, seconds));
}

void ConnectionLog::summary(const ServerTotals& totals) const {
  if (options_.json) {
    lab::json::Writer out;
    out.begin_object().key("event").value("summary");
    out.key("clients_served").value(totals.clients_served);
    out.key("clients_refused").value(totals.clients_refused);
    out.key("bytes_echoed").value(totals.bytes_echoed).key("reads").value(totals.reads);
    emit(out.end_object());
    return;
  }
  lab::out::summary(fmt::format(
      "{}: {}", lab::program_name(),
      lab::trf("stopped · {} clients served, {} refused, {} bytes echoed in {} reads",
               "종료 · 클라이언트 {}명 처리, {}명 거절, {}바이트를 읽기 {}번으로 되돌려 보냄",
               totals.clients_served, totals.clients_refused, totals.bytes_echoed, totals.reads)));
}

}  // namespace tcp_echo
