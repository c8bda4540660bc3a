// tcp-server: the checks of a student's echo server, each on a fresh copy of it (so that one
// mistake fails one check), in the lesson's order: listen, echo, bytes, partial reads, the accept
// loop, half-close, a reset, one port one process, Ctrl-C; two clients at once as a bonus.
#include <fmt/format.h>

#include "checks.hpp"
#include "cli/lang.hpp"
#include "probe.hpp"

namespace check_lab {
namespace {

using lab::sockets::Protocol;

const std::string line = "hello from lab-check\n";

// What a check needs first: a copy that listens. nullopt (and a – in the report) otherwise.
std::optional<Started> server_for(const Options& options, Report& report, const char* id,
                                  const std::string& title, bool bonus = false) {
  Started started = start_server(options, Protocol::tcp);
  if (started.row) return started;
  report.skip(id, title, lab::trf("not judged: {}", "판단하지 않음: {}", started.problem), bonus);
  return std::nullopt;
}

// "nothing came back in 3 s", "12 of 21 bytes came back: "hello..."", "it closed ...".
std::string what_came_back(const Exchange& exchange, std::size_t expected) {
  std::string text;
  if (exchange.received.empty())
    text = lab::trf("nothing came back", "아무것도 돌아오지 않았다");
  else
    text = lab::trf("{} of {} bytes came back ({})", "{1}바이트 중 {0}바이트가 돌아왔다 ({2})",
                    with_commas(exchange.received.size()), with_commas(expected),
                    shown(exchange.received));
  if (exchange.reset)
    text += lab::tr(", then it reset the connection (RST)", ", 그다음 연결을 리셋했다 (RST)");
  else if (exchange.peer_closed)
    text += lab::tr(", then it closed the connection", ", 그다음 연결을 닫았다");
  else if (exchange.timed_out)
    text += lab::trf(", then nothing for {} s", ", 그 뒤 {}초 동안 아무것도 오지 않았다",
                     answer_ms / 1000);
  else if (exchange.error)
    text += ", " + exchange.error.message();
  return text;
}

// One line sent and its echo read back on `connection`.
bool echoes(TcpConnection& connection, const std::string& text, Exchange* seen = nullptr) {
  auto exchange = connection.exchange(text, text.size(), answer_ms);
  if (seen) *seen = exchange;
  return exchange.received == text;
}

void listens(const Options& options, Report& report) {
  const std::string title = lab::tr("listens on its port", "자기 포트에서 LISTEN 한다");
  Started started = start_server(options, Protocol::tcp, true);
  if (!started.row) {
    report.fail("listens", title, started.problem,
                lab::trf("a server calls socket(), bind() to the port it is given, then listen(), "
                         "and checks each call's result (the first calls of main in {})",
                         "서버는 socket(), 주어진 포트로 bind(), listen()을 차례로 부르고 호출마다 "
                         "결과를 확인한다 ({}의 main 앞부분)",
                         textbook_tcp_server));
    return;
  }
  report.pass("listens", title,
              fmt::format("{}; {}", row_text(*started.row),
                          lab::trf("bound to {}", "바인드 주소 {}",
                                   address_in_words(started.row->local.address))));
}

void echo_line(const Options& options, Report& report) {
  const std::string title = lab::tr("echoes a line", "한 줄을 에코한다");
  auto server = server_for(options, report, "echo-line", title);
  if (!server) return;
  TcpConnection connection;
  if (auto ec = connection.connect(server->port, answer_ms))
    return report.fail(
        "echo-line", title, "connect: " + ec.message(),
        lab::trf("it listens but does not accept(): the accept() in {}",
                 "LISTEN 하지만 accept()하지 않는다: {}의 accept()", textbook_tcp_server));
  Exchange exchange;
  if (echoes(connection, line, &exchange))
    return report.pass(
        "echo-line", title,
        lab::trf("sent {}, got it back", "보낸 것: {}, 그대로 돌아왔다", shown(line)));
  report.fail(
      "echo-line", title,
      lab::trf("sent {}: {}", "{} 보냄: {}", shown(line), what_came_back(exchange, line.size())),
      lab::trf("an echo server sends back every byte recv() returned, at once: the recv() "
               "and send() loop after accept() in {}",
               "에코 서버는 recv()가 돌려준 바이트를 곧바로 모두 send()로 돌려보낸다: {}에서 "
               "accept() 다음의 recv()/send() 반복문",
               textbook_tcp_server));
}

void exact_bytes(const Options& options, Report& report) {
  const std::string title =
      lab::tr("echoes bytes exactly (a NUL, bytes that are not UTF-8, Korean)",
              "바이트를 그대로 에코한다 (NUL, UTF-8이 아닌 바이트, 한글)");
  auto server = server_for(options, report, "exact-bytes", title);
  if (!server) return;
  using namespace std::string_literals;
  const std::string bytes = "NUL\0byte \xff\xfe not UTF-8, 한글 바이트\n"s;
  TcpConnection connection;
  Exchange exchange;
  if (!connection.connect(server->port, answer_ms) && echoes(connection, bytes, &exchange))
    return report.pass("exact-bytes", title,
                       lab::trf("all {} bytes came back unchanged",
                                "{}바이트가 모두 그대로 돌아왔다", bytes.size()));
  std::string hint;
  if (exchange.received == bytes.substr(0, 3) || exchange.received == bytes.substr(0, 4))
    hint = lab::trf(
        "it stopped at the NUL byte: strlen(), printf(\"%s\") or another C-string "
        "function measured the data. Send exactly the count recv() returned, as "
        "send(connection, buffer + sent, received - sent, 0) in {}",
        "NUL 바이트에서 멈췄다: strlen(), printf(\"%s\") 같은 C 문자열 함수가 데이터 "
        "길이를 쟀다. recv()가 돌려준 개수만큼 정확히 보내야 한다. {}의 "
        "send(connection, buffer + sent, received - sent, 0)처럼",
        textbook_tcp_server);
  else
    hint = lab::trf(
        "bytes were changed or lost: a server that decodes them as text (and encodes "
        "again) or treats them as a C string changes them. Echo the bytes as they "
        "came, as the recv()/send() loop in {}",
        "바이트가 바뀌거나 사라졌다: 받은 것을 문자열로 디코드했다가 다시 인코드하거나 "
        "C 문자열로 다루면 바뀐다. 받은 바이트를 그대로 돌려보내야 한다 ({}의 "
        "recv()/send() 반복문)",
        textbook_tcp_server);
  report.fail(
      "exact-bytes", title,
      lab::trf("sent {}: {}", "{} 보냄: {}", shown(bytes), what_came_back(exchange, bytes.size())),
      hint);
}

void partial_reads(const Options& options, Report& report) {
  const std::string title = lab::tr("echoes a line sent one byte at a time, and 1 MiB sent at once",
                                    "한 바이트씩 보낸 줄과 한 번에 보낸 1 MiB를 에코한다");
  auto server = server_for(options, report, "partial-reads", title);
  if (!server) return;
  const std::string hint = lab::trf(
      "TCP keeps no message boundaries: one recv() returns what has arrived, part of a message or "
      "several (worksheet 2). Keep calling recv() until it returns 0, and send every byte each "
      "recv() returned (send() may take fewer than asked: loop, or sendall() in Python), as the "
      "recv()/send() loop in {}",
      "TCP에는 메시지 경계가 없다: recv() 한 번은 도착한 만큼을 돌려주며, 메시지의 일부일 수도 "
      "여러 개일 수도 있다 (실습지 2). recv()가 0을 돌려줄 때까지 계속 부르고, 매번 받은 바이트를 "
      "모두 보내야 한다 (send()는 요청보다 적게 보낼 수 있으니 반복하거나 Python에서는 "
      "sendall()). {}의 recv()/send() 반복문처럼",
      textbook_tcp_server);
  TcpConnection connection;
  if (auto ec = connection.connect(server->port, answer_ms))
    return report.fail("partial-reads", title, "connect: " + ec.message(), hint);
  const std::string slow = "one byte at a time\n";
  auto exchange = connection.exchange(slow, slow.size(), answer_ms, true);
  if (exchange.received != slow)
    return report.fail(
        "partial-reads", title,
        lab::trf("{} sent one byte per segment: {}", "세그먼트마다 한 바이트씩 보냄 ({}): {}",
                 shown(slow), what_came_back(exchange, slow.size())),
        hint);
  std::string big(1u << 20, '\0');
  for (std::size_t i = 0; i < big.size(); ++i)
    big[i] = static_cast<char>('a' + (i * 7 + i / 251) % 26);
  exchange = connection.exchange(big, big.size(), 8000);
  if (exchange.received != big) {
    std::size_t same = 0;
    while (same < exchange.received.size() && exchange.received[same] == big[same])
      ++same;
    std::string seen = lab::trf("1 MiB sent at once: {}", "1 MiB를 한 번에 보냄: {}",
                                what_came_back(exchange, big.size()));
    if (same < exchange.received.size())
      seen += lab::trf("; the bytes differ from byte {} on", "; {}번째 바이트부터 다르다",
                       with_commas(same));
    return report.fail("partial-reads", title, seen, hint);
  }
  report.pass("partial-reads", title,
              lab::tr("a line sent one byte at a time came back whole; 1,048,576 bytes sent at "
                      "once came back, every byte in order",
                      "한 바이트씩 보낸 줄이 온전히 돌아왔고, 한 번에 보낸 1,048,576바이트도 "
                      "순서대로 모두 돌아왔다"));
}

// Result of accept_loop, which decides how a reset is judged (a server that serves one client
// and ends is not "killed" by a reset).
bool serves_second_client = true;

void accept_loop(const Options& options, Report& report) {
  const std::string title = lab::tr("serves a second client after the first leaves",
                                    "첫 클라이언트가 떠난 뒤 두 번째 클라이언트도 받는다");
  auto server = server_for(options, report, "accept-loop", title);
  if (!server) return;
  const std::string hint = lab::trf(
      "accept() belongs in a loop: when one client leaves, go back to accept() for the "
      "next (the while (true) around accept() in {})",
      "accept()는 반복문 안에 있어야 한다: 한 클라이언트가 떠나면 다음 클라이언트를 위해 "
      "다시 accept()로 돌아간다 ({}에서 accept()를 감싼 while (true))",
      textbook_tcp_server);
  {
    TcpConnection first;
    if (first.connect(server->port, answer_ms) || !echoes(first, line))
      return report.skip(
          "accept-loop", title,
          lab::tr("not judged: the first client got no echo (see echo-line)",
                  "판단하지 않음: 첫 클라이언트가 에코를 받지 못했다 (echo-line 참고)"));
  }
  pause_ms(100);
  TcpConnection second;
  const std::string second_line = "second client\n";
  Exchange exchange;
  if (auto ec = second.connect(server->port, answer_ms)) {
    serves_second_client = false;
    if (server->program) server->program->wait_exit(500);
    std::string seen = lab::trf("the second client's connect: {}",
                                "두 번째 클라이언트의 connect: {}", ec.message());
    if (server->program && !server->program->running())
      seen = lab::trf("it ended ({}) after the first client left",
                      "첫 클라이언트가 떠난 뒤 끝났다 ({})", server->program->how_it_ended());
    return report.fail("accept-loop", title, seen, hint);
  }
  if (echoes(second, second_line, &exchange))
    return report.pass(
        "accept-loop", title,
        lab::tr("the second client got its echo too", "두 번째 클라이언트도 에코를 받았다"));
  serves_second_client = false;
  if (server->program) server->program->wait_exit(500);  // ending after one client?
  std::string seen =
      lab::trf("the second client connected, but {}", "두 번째 클라이언트는 연결됐지만 {}",
               what_came_back(exchange, second_line.size()));
  if (server->program && !server->program->running())
    seen = lab::trf("it ended ({}) after the first client left",
                    "첫 클라이언트가 떠난 뒤 끝났다 ({})", server->program->how_it_ended());
  else if (exchange.received.empty() && exchange.timed_out)
    seen += lab::tr(" (it waits in the listen queue: nobody calls accept() again)",
                    " (LISTEN 큐에서 기다린다: 아무도 다시 accept()를 부르지 않는다)");
  report.fail("accept-loop", title, seen, hint);
}

void half_close(const Options& options, Report& report) {
  const std::string title =
      lab::tr("a client that half-closes gets every byte back, then the end",
              "절반만 닫은(half-close) 클라이언트도 모든 바이트를 받고 끝을 본다");
  auto server = server_for(options, report, "half-close", title);
  if (!server) return;
  TcpConnection connection;
  if (auto ec = connection.connect(server->port, answer_ms))
    return report.skip("half-close", title, "connect: " + ec.message());
  const std::string text = "half-close: send me everything back, then close\n";
  connection.send_in_pieces(text, 1, 0);
  connection.shutdown_send();  // FIN: "I have nothing more to send", still reading
  auto exchange = connection.read(SIZE_MAX, answer_ms);
  if (exchange.received == text && exchange.peer_closed)
    return report.pass("half-close", title,
                       lab::trf("sent {} bytes and FIN: all {} came back, then its FIN",
                                "{}바이트와 FIN을 보냄: {}바이트가 모두 돌아오고 그다음 FIN이 왔다",
                                text.size(), text.size()));
  std::string hint;
  if (exchange.received == text && exchange.timed_out)
    hint = lab::trf(
        "when recv() returns 0 the client has finished sending (its FIN): close() the "
        "connection then, as the textbook does after its recv() loop in {}. Until "
        "then the client waits, and the connection sits in CLOSE_WAIT on the server's "
        "side (lab-netstat shows it)",
        "recv()가 0을 돌려주면 클라이언트가 보내기를 마친 것이다 (FIN): 그때 연결을 "
        "close()한다 ({}에서 recv() 반복문 다음). 그러지 않으면 클라이언트는 계속 "
        "기다리고 서버 쪽 연결은 CLOSE_WAIT에 머문다 (lab-netstat으로 보인다)",
        textbook_tcp_server);
  else
    hint = lab::trf(
        "close only after recv() returned 0, and echo every byte before that: a client "
        "that has finished sending still reads (the recv() loop in {})",
        "recv()가 0을 돌려준 뒤에만 닫고, 그 전에 모든 바이트를 에코해야 한다: 보내기를 "
        "마친 클라이언트도 여전히 읽는다 ({}의 recv() 반복문)",
        textbook_tcp_server);
  std::string seen = lab::trf("sent {} bytes and FIN: {}", "{}바이트와 FIN을 보냄: {}", text.size(),
                              what_came_back(exchange, text.size()));
  if (exchange.received == text && exchange.timed_out)
    seen =
        lab::trf("sent {} bytes and FIN: all came back, but no FIN in {} s: it never closes",
                 "{}바이트와 FIN을 보냄: 모두 돌아왔지만 {}초 동안 FIN이 오지 않았다: 닫지 않는다",
                 text.size(), answer_ms / 1000);
  report.fail("half-close", title, seen, hint);
}

// The server ended after a client reset: what was seen, and the hint (SIGPIPE, or an error that
// ended the server instead of the client).
void fail_ended_by_reset(Report& report, const std::string& title, StudentProgram& program) {
  const bool sigpipe =
      program.ended_by_signal() && program.how_it_ended().find("SIGPIPE") != std::string::npos;
  const std::string last = program.last_line();
  const std::string seen = lab::trf(
      "a client sent until the server stopped reading, read none of the echo and reset the "
      "connection (RST): it ended "
      "({}){}",
      "클라이언트가 에코를 읽지 않은 채 서버가 더 받지 않을 때까지 보낸 뒤 연결을 리셋(RST)했다: "
      "서버가 끝났다 ({}){}",
      program.how_it_ended(), last.empty() ? "" : ": " + shown(last, 160));
  const std::string hint =
      sigpipe ? lab::tr(
                    "writing to a connection the client reset raises SIGPIPE, which ends a "
                    "program silently: ignore it (signal(SIGPIPE, SIG_IGN), as start() in "
                    "labs/textbook/lesson.cpp does) or send with MSG_NOSIGNAL, then treat "
                    "send()'s error as \"this client is gone\"",
                    "리셋된 연결에 쓰면 SIGPIPE가 와서 프로그램이 말없이 끝난다: "
                    "무시하거나 (labs/textbook/lesson.cpp의 start()처럼 signal(SIGPIPE, "
                    "SIG_IGN)) MSG_NOSIGNAL로 보내고, send()의 오류는 \"이 클라이언트는 "
                    "떠났다\"로 처리한다")
              : lab::trf(
                    "a reset makes recv() or send() fail (ECONNRESET, EPIPE; "
                    "ConnectionResetError in Python): that ends this client, not the server. "
                    "Report it and go back to accept(), as {} does (report(\"recv\"), then "
                    "the next client)",
                    "리셋되면 recv()나 send()가 실패한다 (ECONNRESET, EPIPE, Python에서는 "
                    "ConnectionResetError): 끝나는 것은 그 클라이언트이지 서버가 아니다. "
                    "알리고 accept()로 돌아간다 ({}의 report(\"recv\") 다음 클라이언트)",
                    textbook_tcp_server);
  report.fail("survives-reset", title, seen, hint);
}

void survives_reset(const Options& options, Report& report) {
  const std::string title = lab::tr("a client that resets does not stop it",
                                    "연결을 리셋하는 클라이언트가 서버를 멈추지 못한다");
  auto server = server_for(options, report, "survives-reset", title);
  if (!server) return;
  {
    // The RST must find the server in the middle of its echo with more of our bytes still
    // unread. We offer a small window and never read, and send until it stops taking bytes:
    // then its send() is stuck on us and its receive queue is full (a fixed amount is not
    // enough: on loopback its send buffer alone may hold megabytes). After the reset, its next
    // recv() still returns queued bytes, and the send() after that meets a connection that is
    // gone (EPIPE, and SIGPIPE unless that is ignored).
    TcpConnection rude;
    if (auto ec = rude.connect(server->port, answer_ms, 4096))
      return report.skip("survives-reset", title, "connect: " + ec.message());
    rude.send_until_stalled(300, std::size_t{64} << 20, 5000);
    rude.reset();
  }
  const auto& program = server->program;
  if (program)
    program->wait_exit(1000);  // a server that dies of it does so at once
  else
    pause_ms(300);
  const bool ended = program && !program->running();
  const bool crashed = ended && (program->ended_by_signal() || program->exit_code() != 0);
  if (ended && !crashed && !serves_second_client)
    return report.skip("survives-reset", title,
                       lab::trf("not judged: it ended ({}), as it does after any first client "
                                "(see accept-loop)",
                                "판단하지 않음: 끝났다 ({}). 첫 클라이언트 뒤에는 늘 그렇다 "
                                "(accept-loop 참고)",
                                program->how_it_ended()));
  if (ended) return fail_ended_by_reset(report, title, *program);
  TcpConnection next;
  if (!next.connect(server->port, answer_ms) && echoes(next, line))
    return report.pass(
        "survives-reset", title,
        lab::tr("a client sent until the server stopped reading, read none of the echo and "
                "reset the connection (RST); the next client got its echo",
                "클라이언트가 에코를 읽지 않은 채 서버가 더 받지 않을 때까지 보낸 뒤 연결을 "
                "리셋(RST)했다. "
                "다음 클라이언트도 에코를 받았다"));
  if (!serves_second_client)
    return report.skip("survives-reset", title,
                       lab::tr("not judged: it does not serve a second client anyway (see "
                               "accept-loop)",
                               "판단하지 않음: 어차피 두 번째 클라이언트를 받지 않는다 "
                               "(accept-loop 참고)"));
  report.fail("survives-reset", title,
              lab::tr("after a client reset the connection, the next client got no echo",
                      "한 클라이언트가 연결을 리셋한 뒤 다음 클라이언트가 에코를 받지 못했다"),
              lab::trf("a failed recv() or send() ends that client only: close its socket and "
                       "go back to accept(), as {} does",
                       "recv()나 send()가 실패하면 그 클라이언트만 끝낸다: 그 소켓을 닫고 "
                       "accept()로 돌아간다 ({}처럼)",
                       textbook_tcp_server));
}

void one_port_one_process(const Options& options, Report& report) {
  const std::string title =
      lab::tr("a second copy on the same port fails; the first keeps serving",
              "같은 포트의 두 번째 실행은 실패하고 첫 번째는 계속 서비스한다");
  if (options.command.empty())
    return report.skip("one-port-one-process", title,
                       lab::tr("not judged: needs the COMMAND, to start a second copy",
                               "판단하지 않음: 두 번째로 실행하려면 COMMAND가 필요하다"));
  auto first = server_for(options, report, "one-port-one-process", title);
  if (!first) return;
  StudentProgram second(fill_in(options.command, first->port), false);
  const bool ended = second.wait_exit(exit_ms);
  const std::string last = second.last_line();
  TcpConnection connection;
  const bool first_serves = !connection.connect(first->port, answer_ms) && echoes(connection, line);
  const std::string bind_hint = lab::trf(
      "bind() on a port another socket holds fails with EADDRINUSE (worksheet 4): check bind()'s "
      "result, say why and exit non-zero, as if (bind(...) == -1) fail(\"bind\") in {}. Don't set "
      "SO_REUSEPORT (Linux: two servers then share the port) and, on Windows, don't set "
      "SO_REUSEADDR (it takes a port in use)",
      "다른 소켓이 잡고 있는 포트에 bind()하면 EADDRINUSE로 실패한다 (실습지 4): bind()의 결과를 "
      "확인하고 이유를 출력한 뒤 0이 아닌 상태로 끝낸다 ({}의 if (bind(...) == -1) "
      "fail(\"bind\")처럼). SO_REUSEPORT를 켜지 말고 (Linux에서는 두 서버가 포트를 나눠 쓴다), "
      "Windows에서는 SO_REUSEADDR를 켜지 않는다 (쓰고 있는 포트를 가져간다)",
      textbook_tcp_server);
  if (!ended)
    return report.fail(
        "one-port-one-process", title,
        lab::trf("the second copy (PID {}) is still running {} s later{}",
                 "두 번째 실행(PID {})이 {}초가 지나도 아직 실행 중이다{}", second.pid(),
                 exit_ms / 1000, last.empty() ? "" : ": " + shown(last, 160)),
        bind_hint);
  if (second.exit_code() == 0 || last.empty())
    return report.fail(
        "one-port-one-process", title,
        lab::trf("the second copy ended ({}){}", "두 번째 실행이 끝났다 ({}){}",
                 second.how_it_ended(),
                 last.empty() ? lab::tr(" and said nothing", ", 아무 말 없이")
                              : ": " + shown(last, 160)),
        lab::trf("a program that failed says why on one line and exits non-zero (fail() in "
                 "labs/textbook/lesson.cpp: the call's name and the OS's words, exit 1). {}",
                 "실패한 프로그램은 이유를 한 줄로 말하고 0이 아닌 상태로 끝난다 "
                 "(labs/textbook/lesson.cpp의 fail(): 호출 이름과 OS의 설명, 종료 상태 1). {}",
                 bind_hint));
  if (!first_serves)
    return report.fail("one-port-one-process", title,
                       lab::tr("the second copy failed, but the first no longer echoes",
                               "두 번째 실행은 실패했지만 첫 번째가 더 이상 에코하지 않는다"),
                       bind_hint);
  report.pass("one-port-one-process", title,
              lab::trf("the second copy ended ({}): {}; the first still echoes",
                       "두 번째 실행이 끝났다 ({}): {}. 첫 번째는 계속 에코한다",
                       second.how_it_ended(), shown(last, 160)));
}

void stops_on_ctrl_c(const Options& options, Report& report) {
  const std::string title = lab::tr("stops on Ctrl-C", "Ctrl-C로 멈춘다");
  if (options.command.empty())
    return report.skip("ctrl-c", title,
                       lab::tr("not judged: needs the COMMAND (lab-check sends Ctrl-C only to "
                               "programs it started)",
                               "판단하지 않음: COMMAND가 필요하다 (lab-check는 자기가 실행한 "
                               "프로그램에만 Ctrl-C를 보낸다)"));
  auto server = server_for(options, report, "ctrl-c", title);
  if (!server) return;
  // Pressed as a student would, while the server waits for its next client: after one has come
  // and gone. Right after listen() the program may not have reached its loop yet (a Python server
  // still printing), and Ctrl-C there ends even a server whose loop would swallow it.
  {
    TcpConnection client;
    if (!client.connect(server->port, answer_ms)) echoes(client, line);
  }
  if (server->program->wait_exit(200))
    return report.skip("ctrl-c", title,
                       lab::trf("not judged: it ended by itself after one client ({})",
                                "판단하지 않음: 클라이언트 하나를 받고 스스로 끝났다 ({})",
                                server->program->how_it_ended()));
  if (!server->program->interrupt())
    return report.skip("ctrl-c", title,
                       lab::tr("not judged on Windows: a program lab-check starts has no console "
                               "of its own to press Ctrl-C in; try it in its own window",
                               "Windows에서는 판단하지 않음: lab-check가 실행한 프로그램에는 "
                               "Ctrl-C를 누를 콘솔이 없다. 직접 창에서 해 보라"));
  const auto pressed = Clock::now();
  if (server->program->wait_exit(exit_ms)) {
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - pressed);
    return report.pass("ctrl-c", title,
                       lab::trf("it ended {} ms after SIGINT ({})", "SIGINT {}ms 뒤에 끝났다 ({})",
                                ms.count(), server->program->how_it_ended()));
  }
  report.fail("ctrl-c", title,
              lab::trf("still running {} s after Ctrl-C (SIGINT)",
                       "Ctrl-C(SIGINT) 뒤 {}초가 지나도 실행 중이다", exit_ms / 1000),
              lab::tr("Ctrl-C must end a server: leave SIGINT's default action (the textbook "
                      "programs do), or let a handler end the loop. In Python a bare except: "
                      "catches KeyboardInterrupt too: catch OSError instead",
                      "Ctrl-C는 서버를 끝내야 한다: SIGINT의 기본 동작을 그대로 두거나 "
                      "(교과서 프로그램처럼) 처리기가 반복문을 끝내게 한다. Python의 맨 "
                      "except:는 KeyboardInterrupt도 잡는다: 대신 OSError를 잡으라"));
}

void two_clients_at_once(const Options& options, Report& report) {
  const std::string title = lab::tr("serves two clients at once", "두 클라이언트를 동시에 받는다");
  auto server = server_for(options, report, "two-clients", title, true);
  if (!server) return;
  TcpConnection first, second;
  if (first.connect(server->port, answer_ms) || !echoes(first, line))
    return report.skip("two-clients", title,
                       lab::tr("not judged: the first client got no echo",
                               "판단하지 않음: 첫 클라이언트가 에코를 받지 못했다"),
                       true);
  const std::string second_line = "meanwhile, a second client\n";
  Exchange exchange;
  if (!second.connect(server->port, answer_ms) && echoes(second, second_line, &exchange))
    return report.pass("two-clients", title,
                       lab::tr("a second client got its echo while the first stayed connected",
                               "첫 클라이언트가 연결된 채로 두 번째 클라이언트도 에코를 받았다"),
                       true);
  report.fail(
      "two-clients", title,
      lab::trf("while the first client stayed connected, the second: {}",
               "첫 클라이언트가 연결된 동안 두 번째는: {}",
               what_came_back(exchange, second_line.size())),
      lab::tr("the textbook server serves one client at a time. To serve several, give "
              "each connection a thread (or process) of its own, or watch them all with "
              "select()/poll(); lab-tcp-server does it with Asio (labs/tcp-echo/server.cpp)",
              "교과서 서버는 한 번에 한 클라이언트만 받는다. 여럿을 받으려면 연결마다 "
              "스레드(또는 프로세스)를 주거나 select()/poll()로 모두 지켜본다. "
              "lab-tcp-server는 Asio로 한다 (labs/tcp-echo/server.cpp)"),
      true);
}

}  // namespace

void check_tcp_server(const Options& options, Report& report) {
  listens(options, report);
  echo_line(options, report);
  exact_bytes(options, report);
  partial_reads(options, report);
  accept_loop(options, report);
  half_close(options, report);
  survives_reset(options, report);
  one_port_one_process(options, report);
  stops_on_ctrl_c(options, report);
  two_clients_at_once(options, report);
}

}  // namespace check_lab
