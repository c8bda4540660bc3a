// tcp-client: the checks of a student's echo client against lab-check's own server on loopback:
// it connects, sends what was typed, prints the echo, copes with an echo split across reads,
// closes with FIN, and says so (exit status not 0) when nobody listens or the server leaves.
#include <fmt/format.h>

#include "checks.hpp"
#include "cli/input.hpp"
#include "cli/lang.hpp"
#include "probe.hpp"
#include "sockets/socket_table.hpp"

namespace check_lab {
namespace {

// A client run: lab-check's server, the student's client started against it, the connection.
struct ClientRun {
  TcpListener listener;
  std::unique_ptr<StudentProgram> client;
  std::optional<TcpConnection> connection;
};

ClientRun start_client(const Options& options) {
  ClientRun run;
  run.client =
      std::make_unique<StudentProgram>(fill_in(options.command, run.listener.port()), true);
  run.connection = run.listener.accept(start_ms);
  return run;
}

// The PID holding the client's end (its local port), from the socket table.
std::string client_end(std::uint16_t port) {
  lab::sockets::TableQuery query;
  query.udp = false;
  query.with_processes = true;
  for (const auto& row : lab::sockets::read_socket_table(query).rows)
    if (row.local.port == port && row.pid && *row.pid > 0)
      return fmt::format("127.0.0.1:{}, PID {}{}", port, *row.pid,
                         row.program.empty() ? "" : " (" + row.program + ")");
  return fmt::format("127.0.0.1:{}", port);
}

// Reads one line the client sent (up to its newline, or what came within the time).
std::string read_typed_line(TcpConnection& connection) {
  std::string got;
  const auto deadline = Clock::now() + std::chrono::milliseconds(answer_ms);
  while (got.find('\n') == std::string::npos && remaining_ms(deadline) > 0) {
    auto exchange = connection.read(1, got.empty() ? remaining_ms(deadline) : 300);
    if (exchange.received.empty()) break;
    got += exchange.received;
  }
  return got;
}

bool same_line(std::string got, const std::string& typed) {
  while (!got.empty() && (got.back() == '\n' || got.back() == '\r'))
    got.pop_back();
  return got == typed;
}

const std::string not_started_hint() {
  return lab::trf(
      "getaddrinfo(), socket(), then connect() to the host and port it is given "
      "({{host}} {{port}} in COMMAND), as the start of main in {}",
      "getaddrinfo(), socket(), 그리고 주어진 호스트와 포트로 connect()한다 "
      "(COMMAND의 {{host}} {{port}}), {}의 main 앞부분처럼",
      textbook_tcp_client);
}

// connects, sends-typed, prints-echo: one conversation, each step needing the one before.
bool prints_echo_passed = false;

void conversation(const Options& options, Report& report) {
  const std::string connects = lab::tr("connects", "연결한다");
  const std::string sends = lab::tr("sends the line typed", "입력한 줄을 보낸다");
  const std::string prints = lab::tr("prints the echo", "에코를 출력한다");
  const std::string typed = "hello from lab-check";
  ClientRun run = start_client(options);
  if (!run.connection) {
    const std::string last = run.client->last_line();
    report.fail(
        "connects", connects,
        run.client->running()
            ? lab::trf("no connection within {} s", "{}초 안에 연결이 오지 않았다", start_ms / 1000)
            : lab::trf("it ended ({}) without connecting{}", "연결하지 않고 끝났다 ({}){}",
                       run.client->how_it_ended(), last.empty() ? "" : ": " + shown(last, 160)),
        not_started_hint());
    report.skip("sends-typed", sends,
                lab::tr("not judged: no connection", "판단하지 않음: 연결 없음"));
    report.skip("prints-echo", prints,
                lab::tr("not judged: no connection", "판단하지 않음: 연결 없음"));
    return;
  }
  report.pass("connects", connects,
              lab::trf("a connection came from {}", "{}에서 연결이 왔다",
                       client_end(run.connection->remote_port())));

  run.client->type(typed + "\n");
  const std::string got = read_typed_line(*run.connection);
  if (!same_line(got, typed)) {
    report.fail(
        "sends-typed", sends,
        lab::trf("typed {}, the server got {}", "입력한 줄: {}, 서버가 받은 것: {}",
                 shown(typed + "\n"), got.empty() ? lab::tr("nothing", "없음") : shown(got)),
        lab::trf("read a line from the keyboard (stdin) and send() all of it, as the "
                 "getline() loop in {}",
                 "키보드(stdin)에서 한 줄을 읽고 모두 send()한다 ({}의 getline() 반복문처럼)",
                 textbook_tcp_client));
    report.skip("prints-echo", prints,
                lab::tr("not judged: the line did not arrive", "판단하지 않음: 줄이 오지 않았다"));
    return;
  }
  report.pass("sends-typed", sends,
              lab::trf("typed {}, the server got {}", "입력한 줄: {}, 서버가 받은 것: {}",
                       shown(typed + "\n"), shown(got)));

  const std::size_t before = run.client->output_size();
  run.connection->send_in_pieces(got, 1, 0);
  if (run.client->wait_for_output(typed, answer_ms, before)) {
    prints_echo_passed = true;
    return report.pass("prints-echo", prints,
                       lab::trf("it printed {}", "출력: {}", shown(run.client->last_line(), 80)));
  }
  const std::string printed = run.client->output().substr(before);
  report.fail(
      "prints-echo", prints,
      lab::trf("the server echoed {}; in {} s the client printed {}",
               "서버가 에코한 것: {}. 클라이언트가 {}초 동안 출력한 것: {}", shown(got),
               answer_ms / 1000, printed.empty() ? lab::tr("nothing", "없음") : shown(printed, 80)),
      lab::trf("after send(), recv() the echo and print it, as the recv() loop in {} does",
               "send() 다음에는 에코를 recv()해서 출력한다 ({}의 recv() 반복문처럼)",
               textbook_tcp_client));
}

void split_reply(const Options& options, Report& report) {
  const std::string title =
      lab::tr("prints an echo that arrives in three pieces", "세 조각으로 도착한 에코를 출력한다");
  if (!prints_echo_passed)
    return report.skip("split-reply", title,
                       lab::tr("not judged: it printed no echo at all (see prints-echo)",
                               "판단하지 않음: 에코를 전혀 출력하지 않았다 (prints-echo 참고)"));
  const std::string typed = "split reply check";
  ClientRun run = start_client(options);
  if (!run.connection)
    return report.skip("split-reply", title, lab::tr("no connection", "연결 없음"));
  run.client->type(typed + "\n");
  const std::string got = read_typed_line(*run.connection);
  const std::size_t before = run.client->output_size();
  run.connection->send_in_pieces(got, 3, 200);
  if (run.client->wait_for_output(typed, answer_ms, before))
    return report.pass("split-reply", title,
                       lab::trf("the echo came in 3 pieces, 200 ms apart; it printed {}",
                                "에코가 200ms 간격으로 세 조각으로 왔다. 출력: {}",
                                shown(run.client->last_line(), 80)));
  const std::string printed = run.client->output().substr(before);
  report.fail(
      "split-reply", title,
      lab::trf("the echo came in 3 pieces, 200 ms apart; it printed {}",
               "에코가 200ms 간격으로 세 조각으로 왔다. 출력: {}",
               printed.empty() ? lab::tr("nothing", "없음") : shown(printed, 80)),
      lab::trf("one recv() returns what has arrived so far, not one message (worksheet 2): "
               "keep calling recv() until the whole line is back, as while (echo.size() < "
               "line.size()) in {}",
               "recv() 한 번은 메시지 하나가 아니라 지금까지 도착한 만큼을 돌려준다 (실습지 "
               "2): 줄 전체가 돌아올 때까지 recv()를 계속 부른다 ({}의 while (echo.size() "
               "< line.size()))",
               textbook_tcp_client));
}

void closes_with_fin(const Options& options, Report& report) {
  const std::string title = lab::tr("closes with FIN (not RST) at the end of input",
                                    "입력이 끝나면 RST가 아닌 FIN으로 닫는다");
  if (!prints_echo_passed)
    return report.skip("closes-with-fin", title,
                       lab::tr("not judged: it never reads the echo (see prints-echo); closing "
                               "with unread bytes sends RST anyway",
                               "판단하지 않음: 에코를 읽지 않는다 (prints-echo 참고). 읽지 않은 "
                               "바이트가 남은 채로 닫으면 어차피 RST가 간다"));
  ClientRun run = start_client(options);
  if (!run.connection)
    return report.skip("closes-with-fin", title, lab::tr("no connection", "연결 없음"));
  const std::string typed = "goodbye";
  run.client->type(typed + "\n");
  const std::string got = read_typed_line(*run.connection);
  const std::size_t before = run.client->output_size();
  run.connection->send_in_pieces(got, 1, 0);
  run.client->wait_for_output(typed, answer_ms, before);
  run.client->end_input();  // Ctrl-D (Ctrl-Z Enter on Windows)
  auto exchange = run.connection->read(SIZE_MAX, answer_ms);
  if (exchange.peer_closed)
    return report.pass("closes-with-fin", title,
                       lab::tr("after the end of its input it closed the connection with FIN",
                               "입력이 끝나자 FIN으로 연결을 닫았다"));
  if (exchange.reset)
    return report.fail("closes-with-fin", title,
                       lab::tr("at the end of its input it reset the connection (RST)",
                               "입력이 끝나자 연결을 리셋했다 (RST)"),
                       lab::trf("close() sends FIN. RST comes from SO_LINGER {{1, 0}} (don't set "
                                "it to dodge TIME_WAIT: TIME_WAIT is the closer's duty) or from "
                                "closing with bytes still unread: close_socket() at the end of {}",
                                "close()는 FIN을 보낸다. RST는 SO_LINGER {{1, 0}}(TIME_WAIT를 "
                                "피하려고 켜지 말라: TIME_WAIT는 먼저 닫는 쪽의 몫이다)이나 읽지 "
                                "않은 바이트를 남기고 닫을 때 생긴다: {} 끝의 close_socket()",
                                textbook_tcp_client));
  report.fail("closes-with-fin", title,
              lab::trf("{} s after the end of its input the connection is still open ({})",
                       "입력이 끝나고 {}초가 지나도 연결이 열려 있다 ({})", answer_ms / 1000,
                       run.client->how_it_ended()),
              lab::trf("at the end of input (getline() fails: {}) close the socket and end, as "
                       "the end of main in {}",
                       "입력이 끝나면 (getline() 실패: {}) 소켓을 닫고 끝낸다 ({}의 main 끝처럼)",
                       lab::end_of_input_keys(), textbook_tcp_client));
}

void refused(const Options& options, Report& report) {
  const std::string title =
      lab::tr("says so and exits non-zero when nobody listens",
              "아무도 LISTEN 하지 않으면 그렇다고 말하고 0이 아닌 상태로 끝난다");
  const std::uint16_t closed_port = free_port(true);
  StudentProgram client(fill_in(options.command, closed_port), true);
  client.type("hello\n");
  const bool ended = client.wait_exit(exit_ms);
  const std::string last = client.last_line();
  const std::string hint = lab::trf(
      "connect() fails with ECONNREFUSED (Windows: WSAECONNREFUSED 10061) when nobody "
      "listens: check its result, print why and exit non-zero, as if (connect(...) == "
      "-1) fail(\"connect\") in {}",
      "아무도 LISTEN 하지 않으면 connect()가 ECONNREFUSED(Windows: WSAECONNREFUSED "
      "10061)로 실패한다: 결과를 확인하고 이유를 출력한 뒤 0이 아닌 상태로 끝낸다 ({}의 "
      "if (connect(...) == -1) fail(\"connect\")처럼)",
      textbook_tcp_client);
  if (!ended)
    return report.fail(
        "refused", title,
        lab::trf("port {} has no listener; {} s later it is still running{}",
                 "포트 {}에는 LISTEN 하는 소켓이 없다. {}초가 지나도 실행 중이다{}", closed_port,
                 exit_ms / 1000, last.empty() ? "" : ": " + shown(last, 160)),
        hint);
  if (client.exit_code() == 0 || last.empty())
    return report.fail("refused", title,
                       lab::trf("port {} has no listener; it ended ({}){}",
                                "포트 {}에는 LISTEN 하는 소켓이 없다. 끝났다 ({}){}", closed_port,
                                client.how_it_ended(),
                                last.empty() ? lab::tr(" and said nothing", ", 아무 말 없이")
                                             : ": " + shown(last, 160)),
                       hint);
  report.pass("refused", title,
              lab::trf("port {} has no listener; it ended ({}): {}",
                       "포트 {}에는 LISTEN 하는 소켓이 없다. 끝났다 ({}): {}", closed_port,
                       client.how_it_ended(), shown(last, 160)));
}

void server_closes_first(const Options& options, Report& report) {
  const std::string title = lab::tr("says so and exits non-zero when the server closes first",
                                    "서버가 먼저 닫으면 그렇다고 말하고 0이 아닌 상태로 끝난다");
  if (!prints_echo_passed)
    return report.skip("server-closes-first", title,
                       lab::tr("not judged: it never reads (see prints-echo), so it cannot see "
                               "the server's FIN",
                               "판단하지 않음: 읽지 않으므로 (prints-echo 참고) 서버의 FIN을 볼 수 "
                               "없다"));
  ClientRun run = start_client(options);
  if (!run.connection)
    return report.skip("server-closes-first", title, lab::tr("no connection", "연결 없음"));
  run.connection->close();  // FIN from the server's side first
  pause_ms(200);
  run.client->type("are you there?\n");
  const bool ended = run.client->wait_exit(exit_ms);
  const std::string last = run.client->last_line();
  if (ended && run.client->exit_code() != 0 && !last.empty())
    return report.pass("server-closes-first", title,
                       lab::trf("the server closed; after the next line it ended ({}): {}",
                                "서버가 닫았다. 다음 줄을 입력하자 끝났다 ({}): {}",
                                run.client->how_it_ended(), shown(last, 160)));
  report.fail("server-closes-first", title,
              ended ? lab::trf("the server closed; it ended ({}){}", "서버가 닫았다. 끝났다 ({}){}",
                               run.client->how_it_ended(),
                               last.empty() ? lab::tr(" and said nothing", ", 아무 말 없이")
                                            : ": " + shown(last, 160))
                    : lab::trf("the server closed; {} s after the next line it is still running{}",
                               "서버가 닫았다. 다음 줄을 입력하고 {}초가 지나도 실행 중이다{}",
                               exit_ms / 1000, last.empty() ? "" : ": " + shown(last, 160)),
              lab::trf("recv() returning 0 means the server closed the connection (its FIN): say "
                       "so and exit non-zero, as fail_runtime(\"recv: the server closed the "
                       "connection\") in {}",
                       "recv()가 0을 돌려주면 서버가 연결을 닫은 것이다 (FIN): 그렇다고 말하고 0이 "
                       "아닌 상태로 끝낸다 ({}의 fail_runtime(\"recv: the server closed the "
                       "connection\")처럼)",
                       textbook_tcp_client));
}

}  // namespace

void check_tcp_client(const Options& options, Report& report) {
  conversation(options, report);
  split_reply(options, report);
  closes_with_fin(options, report);
  refused(options, report);
  server_closes_first(options, report);
}

}  // namespace check_lab
