#include "client_options.hpp"

#include <algorithm>
#include <string>

#include "cli/app.hpp"
#include "cli/validators.hpp"
#include "net/endpoints.hpp"

namespace tcp_echo_lab {
namespace {

constexpr const char* examples =
    R"(  lab-tcp-client                          type lines, see them echoed (127.0.0.1:7000)
  lab-tcp-client --to 127.0.0.1:7001      another server
  lab-tcp-client --count 10 --size 64     10 messages, every byte checked, reads counted
  lab-tcp-client --bulk 1G                a 1 GiB stream echoed back: throughput
  lab-tcp-client --step                   pause at each step and look with lab-netstat
  lab-tcp-client --connections 50 --duration 10
                                          load: round trips per second, p50/p99 latency)";
constexpr const char* examples_ko =
    R"(  lab-tcp-client                          줄을 입력하면 에코를 보여 줌 (127.0.0.1:7000)
  lab-tcp-client --to 127.0.0.1:7001      다른 서버
  lab-tcp-client --count 10 --size 64     메시지 10개, 모든 바이트 확인, read 횟수 셈
  lab-tcp-client --bulk 1G                1 GiB 스트림을 에코로 돌려받음: 처리량
  lab-tcp-client --step                   단계마다 멈추고 lab-netstat으로 확인
  lab-tcp-client --connections 50 --duration 10
                                          부하: 초당 왕복 수, p50/p99 지연)";

}  // namespace

ClientOptions parse_options(int argc, char** argv) {
  ClientOptions options;
  auto app = lab::make_app(
      lab::help_text(
          "TCP echo client: connects to an echo server, sends, and checks what comes back.",
          "TCP 에코 클라이언트: 에코 서버에 연결해 보내고, 돌아온 것을 확인합니다."),
      lab::help_text(examples, examples_ko));
  std::string to = "127.0.0.1:7000";
  std::uint16_t port = 0;
  unsigned timeout_s = 10;
  bool step = false;

  auto* to_option =
      app->add_option("--to", to, lab::help_text("Server as HOST:PORT", "서버 주소 HOST:PORT"))
          ->capture_default_str();
  app->add_option("-p,--port", port,
                  lab::help_text("Server port on 127.0.0.1 (short for --to 127.0.0.1:PORT)",
                                 "127.0.0.1의 서버 포트 (--to 127.0.0.1:PORT의 줄임)"))
      ->check(lab::port_validator())
      ->excludes(to_option);
  auto* count =
      app->add_option("-n,--count", options.count,
                      lab::help_text("Scripted: send N messages", "스크립트: 메시지 N개 보내기"))
          ->check(lab::count_validator(1, 10'000'000));
  lab::add_size_option(*app, "-s,--size", options.size,
                       lab::help_text("Bytes per message", "메시지 하나의 바이트 수"), 1, 16 << 20);
  app->add_option(
         "--interval", options.interval_ms,
         lab::help_text("Scripted: milliseconds between messages", "스크립트: 메시지 사이 밀리초"))
      ->check(lab::count_validator(0, 60'000));
  auto* bulk =
      lab::add_size_option(*app, "--bulk", options.bulk,
                           lab::help_text("Scripted: stream this many bytes (64M, 1G) and time it",
                                          "스크립트: 이만큼(64M, 1G) 연속으로 보내고 시간 재기"),
                           1, std::uint64_t{64} << 30);
  bulk->excludes(count);
  auto* step_flag =
      app->add_flag("--step", step,
                    lab::help_text("Pause after connect, send, half-close and before close",
                                   "connect, 전송, 절반 닫기 뒤와 close 전에 멈춤"));
  auto* connections =
      app->add_option("-c,--connections", options.connections,
                      lab::help_text("Load: connections at once (each sends, waits, repeats)",
                                     "부하: 동시 연결 수 (각각 보내고, 기다리고, 반복)"))
          ->check(lab::count_validator(1, 10000));
  app->add_option("-d,--duration", options.duration_s,
                  lab::help_text("Load: seconds to run", "부하: 실행할 초"))
      ->check(lab::count_validator(1, 3600))
      ->capture_default_str();
  app->add_option(
         "--threads", options.threads,
         lab::help_text("Load: threads driving the connections", "부하: 연결을 돌릴 스레드 수"))
      ->check(lab::count_validator(1, 16))
      ->capture_default_str();
  app->add_option(
         "--timeout", timeout_s,
         lab::help_text("Seconds to wait for a connect or an echo (in load mode too: a connection "
                        "silent that long is an error)",
                        "connect나 에코를 기다릴 초 (부하 모드에서도 그동안 조용한 연결은 오류)"))
      ->check(lab::count_validator(1, 3600))
      ->capture_default_str();
  app->add_flag("--json", options.json,
                lab::help_text("Print the result as JSON (with --count, --bulk or --connections)",
                               "결과를 JSON으로 출력 (--count, --bulk, --connections와 함께)"));
  step_flag->excludes(count)->excludes(bulk)->excludes(connections);
  connections->excludes(count)->excludes(bulk);
  lab::parse(*app, argc, argv);

  if (port != 0) to = "127.0.0.1:" + std::to_string(port);
  auto target = lab::resolve_host_port(to, "--to");
  options.server = asio::ip::tcp::endpoint(target.address, target.port);
  options.server_text = lab::to_string(options.server);
  options.timeout = std::chrono::seconds(timeout_s);
  if (step)
    options.mode = ClientMode::step;
  else if (*connections)
    options.mode = ClientMode::load;
  else if (*count || *bulk)
    options.mode = ClientMode::scripted;
  // Typed lines and --step talk to a person at a terminal: their output is text only.
  if (options.json && (options.mode == ClientMode::interactive || options.mode == ClientMode::step))
    lab::usage_error(
        lab::tr("--json goes with --count, --bulk or --connections; typed lines and "
                "--step print text for a person",
                "--json은 --count, --bulk, --connections와 함께 씁니다. 입력한 줄과 "
                "--step은 사람이 읽는 글로 출력합니다"));
  if (options.bulk > 0) {  // one stream, cut into 256 KiB writes
    options.size = std::min<std::uint64_t>(options.bulk, 256 * 1024);
    options.count = (options.bulk + options.size - 1) / options.size;
  }
  return options;
}

}  // namespace tcp_echo_lab
