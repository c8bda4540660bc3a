#include "server_options.hpp"

#include <string>

#include <fmt/format.h>

#include "cli/app.hpp"
#include "cli/os_words.hpp"
#include "cli/validators.hpp"
#include "net/endpoints.hpp"

namespace tcp_echo_lab {
namespace {

constexpr const char* examples = R"(  lab-tcp-server                          echo on 127.0.0.1:7000
  lab-tcp-server --port 0                 any free port (printed on start)
  lab-tcp-server --bind 0.0.0.0           reachable from the classroom LAN
  lab-tcp-server --no-close               hold CLOSE_WAIT here, FIN_WAIT_2 at the client
  lab-tcp-server --half-close             FIN after the first echo ({half_close})
  lab-tcp-server --reset                  RST after the first echo (SO_LINGER 0)
  lab-tcp-server --read-size 4 --read-delay 500
                                          slow, small reads: sends merge, TCP has no boundaries)";
constexpr const char* examples_ko =
    R"(  lab-tcp-server                          127.0.0.1:7000에서 에코
  lab-tcp-server --port 0                 아무 빈 포트 (시작할 때 출력)
  lab-tcp-server --bind 0.0.0.0           교실 LAN에서 접속 가능
  lab-tcp-server --no-close               서버는 CLOSE_WAIT, 클라이언트는 FIN_WAIT_2에 머묾
  lab-tcp-server --half-close             첫 에코 뒤 FIN ({half_close})
  lab-tcp-server --reset                  첫 에코 뒤 RST (SO_LINGER 0)
  lab-tcp-server --read-size 4 --read-delay 500
                                          느리고 작은 read: 보낸 것들이 합쳐짐, TCP에는 경계가 없음)";

}  // namespace

ServerOptions parse_options(int argc, char** argv) {
  ServerOptions options;
  auto app = lab::make_app(
      lab::help_text(
          "TCP echo server: sends back every byte it receives and logs each connection's 4-tuple.",
          "TCP 에코 서버: 받은 바이트를 모두 돌려보내고, 연결마다 4-튜플을 기록합니다."),
      lab::help_text(
          fmt::format(examples, fmt::arg("half_close", lab::os_words::half_close_call())),
          fmt::format(examples_ko, fmt::arg("half_close", lab::os_words::half_close_call()))));
  std::string bind = "127.0.0.1";
  unsigned idle_seconds = 300;
  unsigned read_delay_ms = 0;
  std::uint64_t read_size = options.read_size;
  bool no_close = false, half_close = false, reset = false;

  app->add_option("-p,--port", options.port,
                  lab::help_text("Port to listen on (0 = any free port)",
                                 "연결을 기다릴 포트 (0 = 아무 빈 포트)"))
      ->check(lab::port_validator(lab::PortZero::any_free_port))
      ->capture_default_str();
  app->add_option("-b,--bind", bind,
                  lab::help_text("Address to listen on (0.0.0.0 = every interface)",
                                 "연결을 기다릴 주소 (0.0.0.0 = 모든 인터페이스)"))
      ->capture_default_str();
  app->add_option("--max-clients", options.max_clients,
                  lab::help_text("Clients served at once (enough for a classroom of 30 PCs with "
                                 "a few connections each); more are told the server is full",
                                 "동시에 받을 클라이언트 수 (PC 30대의 교실이 몇 개씩 연결해도 "
                                 "충분함). 넘으면 서버가 가득 찼다고 알림"))
      ->check(lab::count_validator(1, 10000))
      ->capture_default_str();
  app->add_option("--idle-timeout", idle_seconds,
                  lab::help_text("Close a connection silent for this many seconds (0 = never)",
                                 "이 시간(초) 동안 조용한 연결은 닫음 (0 = 닫지 않음)"))
      ->check(lab::count_validator(0, 86400))
      ->capture_default_str();
  lab::add_size_option(
      *app, "--read-size", read_size,
      lab::help_text("Bytes one read may take (buffers grow to it only while reads fill them)",
                     "read 한 번에 받을 최대 바이트 (버퍼는 read가 가득 찰 때만 이만큼 커짐)"),
      1, 16 << 20);
  app->add_option(
         "--read-delay", read_delay_ms,
         lab::help_text("Milliseconds to wait before each read", "read 전마다 기다릴 밀리초"))
      ->check(lab::count_validator(0, 60000))
      ->capture_default_str();
  auto* no_close_flag =
      app->add_flag("--no-close", no_close,
                    lab::help_text("Never close: this side stays CLOSE_WAIT, the client FIN_WAIT_2",
                                   "닫지 않음: 서버는 CLOSE_WAIT, 클라이언트는 FIN_WAIT_2에 머묾"));
  auto* half_flag =
      app->add_flag("--half-close", half_close,
                    lab::help_text(fmt::format("After the first echo, {}: FIN, still reading",
                                               lab::os_words::half_close_call()),
                                   fmt::format("첫 에코 뒤 {}: FIN을 보내고 읽기는 계속",
                                               lab::os_words::half_close_call())));
  auto* reset_flag =
      app->add_flag("--reset", reset,
                    lab::help_text("After the first echo, close with SO_LINGER 0: RST",
                                   "첫 에코 뒤 SO_LINGER 0으로 닫음: RST"));
  no_close_flag->excludes(half_flag)->excludes(reset_flag);
  half_flag->excludes(reset_flag);
  app->add_option("--backlog", options.backlog,
                  lab::help_text("listen() backlog: handshakes the kernel completes and queues "
                                 "for accept() (a whole room connecting at once fits)",
                                 "listen() 대기열 길이(backlog): 커널이 핸드셰이크를 마치고 "
                                 "accept()를 기다리게 하는 연결 수 (교실 전체가 한꺼번에 접속해도 "
                                 "들어감)"))
      ->check(lab::count_validator(0, 65535))
      ->capture_default_str();
  app->add_flag("--reuse-address", options.reuse_address,
                lab::help_text("Set SO_REUSEADDR (off by default: see the port-conflict lab)",
                               "SO_REUSEADDR 켜기 (기본은 꺼짐: port-conflict 실습 참고)"));
  app->add_flag(
      "-q,--quiet", options.quiet,
      lab::help_text("No line per connection, only the summary", "연결마다 줄을 찍지 않고 요약만"));
  app->add_flag("--json", options.json,
                lab::help_text("Log events as JSON Lines", "이벤트를 JSON Lines로 기록"));
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

}  // namespace tcp_echo_lab
