// udp-receiver and udp-sender: datagrams keep their boundaries, carry their sender's address,
// may be empty or 65,507 bytes long, and a send "succeeds" with nobody listening.
#include <algorithm>

#include <fmt/format.h>

#include "checks.hpp"
#include "cli/lang.hpp"
#include "probe.hpp"

namespace check_lab {
namespace {

using lab::sockets::Protocol;

constexpr std::size_t largest_datagram = 65507;  // 65,535 - 20 (IPv4 header) - 8 (UDP header)

// A fresh receiver (or the running one) and lab-check's sending socket; nullopt and a – when it
// is not bound.
std::optional<Started> receiver_for(const Options& options, Report& report, const char* id,
                                    const std::string& title) {
  Started started = start_server(options, Protocol::udp);
  if (started.row) return started;
  report.skip(id, title, lab::trf("not judged: {}", "판단하지 않음: {}", started.problem));
  return std::nullopt;
}

bool needs_output(const Options& options, Report& report, const char* id,
                  const std::string& title) {
  if (!options.command.empty()) return true;
  report.skip(id, title,
              lab::tr("not judged: needs the COMMAND (lab-check must see what it prints)",
                      "판단하지 않음: COMMAND가 필요하다 (lab-check가 출력을 봐야 한다)"));
  return false;
}

// The longest run of `c` in `text` (how much of a datagram of c's a receiver printed).
std::size_t longest_run(const std::string& text, char c) {
  std::size_t best = 0, run = 0;
  for (char x : text) {
    run = x == c ? run + 1 : 0;
    best = std::max(best, run);
  }
  return best;
}

void bound(const Options& options, Report& report) {
  const std::string title = lab::tr("is bound to its port", "자기 포트에 바인드되어 있다");
  Started started = start_server(options, Protocol::udp, true);
  if (!started.row)
    return report.fail("bound", title, started.problem,
                       lab::trf("a receiver calls socket(AF_INET, SOCK_DGRAM) and bind()s the port "
                                "it is given, checking the result, as the start of main in {}",
                                "수신기는 socket(AF_INET, SOCK_DGRAM)을 부르고 주어진 포트로 "
                                "bind()하며 결과를 확인한다 ({}의 main 앞부분처럼)",
                                textbook_udp_receiver));
  report.pass("bound", title,
              fmt::format("{}; {}", row_text(*started.row),
                          lab::trf("bound to {}", "바인드 주소 {}",
                                   address_in_words(started.row->local.address))));
}

void boundaries_and_sender(const Options& options, Report& report) {
  const std::string title =
      lab::tr("three datagrams are printed as three", "데이터그램 세 개를 세 번 출력한다");
  const std::string sender_title =
      lab::tr("shows the sender's address", "보낸 쪽 주소를 보여 준다");
  if (!needs_output(options, report, "boundaries", title)) {
    report.skip("sender-address", sender_title,
                lab::tr("not judged: needs the COMMAND", "판단하지 않음: COMMAND가 필요하다"));
    return;
  }
  auto receiver = receiver_for(options, report, "boundaries", title);
  if (!receiver)
    return report.skip("sender-address", sender_title, lab::tr("not judged", "판단하지 않음"));
  UdpSocket socket;
  const std::vector<std::string> words{"udp-one", "udp-two", "udp-three"};
  for (const auto& word : words) {
    socket.send_to(word, receiver->port);
    pause_ms(50);
  }
  receiver->program->wait_for_output(words.back(), answer_ms);
  pause_ms(100);
  const std::string output = receiver->program->output();
  // Three datagrams, three prints: each word somewhere, and no line holding two of them.
  bool all_there = true, glued = false;
  for (const auto& word : words)
    all_there = all_there && output.find(word) != std::string::npos;
  std::size_t start = 0;
  while (start < output.size()) {
    const auto end = std::min(output.find('\n', start), output.size());
    const std::string_view printed_line(output.data() + start, end - start);
    glued = glued || std::count_if(words.begin(), words.end(), [&](const std::string& word) {
                       return printed_line.find(word) != std::string_view::npos;
                     }) > 1;
    start = end + 1;
  }
  const std::string sent =
      lab::tr("sent \"udp-one\", \"udp-two\", \"udp-three\" as three datagrams",
              "\"udp-one\", \"udp-two\", \"udp-three\"를 데이터그램 세 개로 보냄");
  if (all_there && !glued)
    report.pass("boundaries", title, lab::trf("{}: three lines", "{}: 세 줄로 출력", sent));
  else
    report.fail("boundaries", title,
                lab::trf("{}: it printed {}", "{}: 출력 {}", sent,
                         output.empty() ? lab::tr("nothing", "없음") : shown(output, 100)),
                lab::trf("each recvfrom() returns one datagram, whole (three sendto() are three "
                         "datagrams, worksheet 3): print each as it comes, on a line of its own, "
                         "and don't join them in one buffer, as the recvfrom() loop in {}",
                         "recvfrom() 한 번은 데이터그램 하나를 통째로 돌려준다 (sendto() 세 번은 "
                         "데이터그램 세 개, 실습지 3): 받을 때마다 한 줄로 출력하고 한 버퍼에 "
                         "이어 붙이지 않는다 ({}의 recvfrom() 반복문처럼)",
                         textbook_udp_receiver));
  const std::string port = std::to_string(socket.port());
  bool has_port = false;
  for (auto at = output.find(port); at != std::string::npos && !has_port;
       at = output.find(port, at + 1)) {
    const bool digit_before = at > 0 && std::isdigit(static_cast<unsigned char>(output[at - 1]));
    const bool digit_after = at + port.size() < output.size() &&
                             std::isdigit(static_cast<unsigned char>(output[at + port.size()]));
    has_port = !digit_before && !digit_after;
  }
  if (has_port)
    report.pass("sender-address", sender_title,
                lab::trf("lab-check sent from 127.0.0.1:{}, and it printed that port",
                         "lab-check가 127.0.0.1:{}에서 보냈고 그 포트를 출력했다", port));
  else
    report.fail(
        "sender-address", sender_title,
        lab::trf("lab-check sent from 127.0.0.1:{}; that port is nowhere in what it printed",
                 "lab-check가 127.0.0.1:{}에서 보냈는데 출력 어디에도 그 포트가 없다", port),
        lab::trf("recvfrom() fills in who sent the datagram (address and port; in Python "
                 "the second value of recvfrom()): print it, as endpoint_text(sender) in {}",
                 "recvfrom()은 누가 보냈는지 (주소와 포트, Python에서는 recvfrom()의 두 "
                 "번째 값) 알려 준다: 출력하라 ({}의 endpoint_text(sender)처럼)",
                 textbook_udp_receiver));
}

// Sends `datagram` and then a marker; true when the receiver printed the marker and still runs.
bool survives(Started& receiver, UdpSocket& socket, const std::string& datagram,
              const std::string& marker) {
  socket.send_to(datagram, receiver.port);
  pause_ms(100);
  socket.send_to(marker, receiver.port);
  return receiver.program->wait_for_output(marker, answer_ms) && receiver.program->running();
}

void empty_datagram(const Options& options, Report& report) {
  const std::string title =
      lab::tr("an empty datagram does not stop it", "빈 데이터그램에 멈추지 않는다");
  if (!needs_output(options, report, "empty-datagram", title)) return;
  auto receiver = receiver_for(options, report, "empty-datagram", title);
  if (!receiver) return;
  UdpSocket socket;
  if (survives(*receiver, socket, "", "udp-after-empty"))
    return report.pass("empty-datagram", title,
                       lab::tr("after an empty datagram it printed the next one",
                               "빈 데이터그램 다음 것도 출력했다"));
  const bool ended = !receiver->program->running();
  report.fail("empty-datagram", title,
              ended
                  ? lab::trf("after an empty datagram it ended ({})",
                             "빈 데이터그램을 받고 끝났다 ({})", receiver->program->how_it_ended())
                  : lab::tr("after an empty datagram it did not print the next one",
                            "빈 데이터그램 다음 것을 출력하지 않았다"),
              lab::trf("an empty datagram is a datagram: recvfrom() returns 0 for it, which is not "
                       "\"the end\" as in TCP (UDP has no connection to end, worksheet 3): keep "
                       "receiving, as the while (true) around recvfrom() in {}",
                       "빈 데이터그램도 데이터그램이다: recvfrom()은 0을 돌려주지만 TCP처럼 "
                       "\"끝\"이 아니다 (UDP에는 끝낼 연결이 없다, 실습지 3): 계속 받으라 ({}에서 "
                       "recvfrom()을 감싼 while (true))",
                       textbook_udp_receiver));
}

void largest_datagram_checks(const Options& options, Report& report) {
  const std::string title =
      lab::tr("a 65,507-byte datagram does not stop it", "65,507바이트 데이터그램에 멈추지 않는다");
  const std::string noticed =
      lab::tr("a datagram larger than its buffer is noticed", "버퍼보다 큰 데이터그램을 알아챈다");
  if (!needs_output(options, report, "largest-datagram", title)) {
    report.skip("truncation-noticed", noticed,
                lab::tr("not judged: needs the COMMAND", "판단하지 않음: COMMAND가 필요하다"));
    return;
  }
  auto receiver = receiver_for(options, report, "largest-datagram", title);
  if (!receiver)
    return report.skip("truncation-noticed", noticed, lab::tr("not judged", "판단하지 않음"));
  UdpSocket socket;
  const std::size_t before = receiver->program->output_size();
  if (!survives(*receiver, socket, std::string(largest_datagram, 'L'), "udp-after-largest")) {
    const bool ended = !receiver->program->running();
    const std::string last = receiver->program->last_line();
    report.fail("largest-datagram", title,
                ended ? lab::trf("after a 65,507-byte datagram it ended ({}){}",
                                 "65,507바이트 데이터그램을 받고 끝났다 ({}){}",
                                 receiver->program->how_it_ended(),
                                 last.empty() ? "" : ": " + shown(last, 160))
                      : lab::tr("after a 65,507-byte datagram it did not print the next one",
                                "65,507바이트 데이터그램 다음 것을 출력하지 않았다"),
                lab::trf("a datagram may be as long as 65,507 bytes over IPv4. A receive buffer "
                         "smaller than that loses the rest (Linux) or fails with WSAEMSGSIZE "
                         "10040 (Windows): report the error and keep receiving, with a buffer of "
                         "65,536 bytes, as the recvfrom() loop in {}",
                         "데이터그램은 IPv4에서 65,507바이트까지 될 수 있다. 그보다 작은 수신 "
                         "버퍼는 나머지를 잃거나 (Linux) WSAEMSGSIZE 10040으로 실패한다 "
                         "(Windows): 오류를 알리고 계속 받으라. 버퍼는 65,536바이트로 ({}의 "
                         "recvfrom() 반복문처럼)",
                         textbook_udp_receiver));
    report.skip(
        "truncation-noticed", noticed,
        lab::tr("not judged: see largest-datagram", "판단하지 않음: largest-datagram 참고"));
    return;
  }
  report.pass("largest-datagram", title,
              lab::tr("after a 65,507-byte datagram it printed the next one",
                      "65,507바이트 데이터그램 다음 것도 출력했다"));
  std::string printed = receiver->program->output().substr(before);
  printed = printed.substr(0, printed.find("udp-after-largest"));
  const std::size_t shown_bytes = longest_run(printed, 'L');
  std::string lowered = printed;
  std::transform(lowered.begin(), lowered.end(), lowered.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  const bool says_length =
      lowered.find("65507") != std::string::npos || lowered.find("65,507") != std::string::npos;
  const bool says_cut =
      lowered.find("trunc") != std::string::npos || lowered.find("잘") != std::string::npos ||
      lowered.find("larger") != std::string::npos ||
      lowered.find("too long") != std::string::npos || lowered.find("10040") != std::string::npos;
  if (shown_bytes >= largest_datagram || says_length || says_cut)
    return report.pass(
        "truncation-noticed", noticed,
        shown_bytes >= largest_datagram
            ? lab::tr("its buffer holds the largest datagram: it printed all 65,507 bytes",
                      "버퍼가 가장 큰 데이터그램도 담는다: 65,507바이트를 모두 출력했다")
            : lab::trf("it said {}", "출력: {}", shown(printed, 80)));
  report.fail("truncation-noticed", noticed,
              lab::trf("sent 65,507 bytes; it printed {} of them and said nothing about the "
                       "other {}: lost without a word",
                       "65,507바이트를 보냈는데 {}바이트만 출력하고 나머지 {}바이트는 말없이 "
                       "사라졌다",
                       with_commas(shown_bytes), with_commas(largest_datagram - shown_bytes)),
              lab::trf("recvfrom() into a buffer smaller than the datagram keeps what fits and "
                       "drops the rest without an error on Linux (worksheet 3): receive into "
                       "65,536 bytes, as char buffer[65536] in {}, or ask with MSG_TRUNC how long "
                       "the datagram was",
                       "데이터그램보다 작은 버퍼로 recvfrom()하면 Linux에서는 들어가는 만큼만 "
                       "남기고 나머지를 오류 없이 버린다 (실습지 3): {}의 char buffer[65536]처럼 "
                       "65,536바이트로 받거나, MSG_TRUNC로 원래 길이를 물어보라",
                       textbook_udp_receiver));
}

// ---- udp-sender -------------------------------------------------------------------------------

const std::vector<std::string> our_messages{"one", "two", "안녕"};

// The messages this run sends: the words after {port} in COMMAND if the student wrote some,
// else ours (through {messages}, or typed into its stdin).
struct SenderPlan {
  std::vector<std::string> messages;
  bool typed = false;
};

SenderPlan plan_for(const Options& options) {
  SenderPlan plan;
  const auto& command = options.command;
  const auto has = [&](const char* word) {
    return std::find(command.begin(), command.end(), word) != command.end();
  };
  if (has("{messages}")) {
    plan.messages = our_messages;
    return plan;
  }
  auto port = std::find_if(command.begin(), command.end(), [](const std::string& word) {
    return word.find("{port}") != std::string::npos;
  });
  if (port != command.end() && port + 1 != command.end()) {
    plan.messages.assign(port + 1, command.end());
    return plan;
  }
  plan.messages = our_messages;
  plan.typed = true;
  return plan;
}

std::unique_ptr<StudentProgram> start_sender(const Options& options, const SenderPlan& plan,
                                             std::uint16_t port) {
  auto sender =
      std::make_unique<StudentProgram>(fill_in(options.command, port, plan.messages), true);
  if (plan.typed) {
    for (const auto& message : plan.messages)
      sender->type(message + "\n");
    sender->end_input();
  }
  return sender;
}

// What the sender sends to our socket: until it ends and 300 ms pass in silence, or it sent as
// many as expected and 300 ms pass, or the time to start and send runs out.
std::vector<std::string> collect_datagrams(const Options& options, const SenderPlan& plan) {
  UdpSocket receiver;
  auto sender = start_sender(options, plan, receiver.port());
  std::vector<std::string> datagrams;
  const auto deadline = Clock::now() + std::chrono::milliseconds(start_ms);
  while (Clock::now() < deadline) {
    auto datagram =
        receiver.receive(sender->running() ? std::min(300, remaining_ms(deadline)) : 300);
    if (datagram) {
      datagrams.push_back(datagram->bytes);
      continue;
    }
    if (!sender->running() || datagrams.size() >= plan.messages.size()) break;
  }
  return datagrams;
}

// Why a datagram is not its message's bytes, as a hint naming the usual mistake.
std::string wrong_bytes_hint(const std::string& got, const std::string& message) {
  if (got == message + std::string(1, '\0'))
    return lab::tr(
        "strlen(message) + 1 sends the C string's NUL terminator too: send "
        "strlen(message) bytes (message.size() in the textbook)",
        "strlen(message) + 1은 C 문자열의 NUL 종료 문자까지 보낸다: strlen(message) "
        "바이트만 보내라 (교과서의 message.size())");
  if (got == message + "\n" || got == message + "\r\n")
    return lab::trf(
        "the newline of the typed line (the Enter key) went too: strip it before "
        "sending (getline() in {} drops it; rstrip(\"\\n\") in Python)",
        "입력한 줄의 줄바꿈(Enter 키)까지 보냈다: 보내기 전에 떼어 내라 ({}의 "
        "getline()은 떼어 낸다. Python에서는 rstrip(\"\\n\"))",
        textbook_udp_sender);
  return lab::trf(
      "send the message's bytes as they are (UTF-8 for Korean, no padding to a "
      "fixed size), as sendto(sender, message.data(), message.size(), ...) in {}",
      "메시지의 바이트를 그대로 보내라 (한글은 UTF-8, 고정 크기로 채우지 말고): "
      "{}의 sendto(sender, message.data(), message.size(), ...)처럼",
      textbook_udp_sender);
}

void sender_datagrams(const Options& options, Report& report) {
  const std::string title = lab::tr("one datagram per message", "메시지 하나에 데이터그램 하나");
  const std::string exact = lab::tr("each datagram holds its message's bytes exactly",
                                    "데이터그램마다 메시지의 바이트를 정확히 담는다");
  const SenderPlan plan = plan_for(options);
  const std::vector<std::string> datagrams = collect_datagrams(options, plan);
  std::string sent_text;
  for (const auto& message : plan.messages)
    sent_text += (sent_text.empty() ? "" : ", ") + shown(message);
  const std::string how = plan.typed ? lab::tr("typed", "입력") : lab::tr("given", "인자로 줌");
  if (datagrams.size() == plan.messages.size()) {
    report.pass("one-per-message", title,
                lab::trf("{} messages {} ({}): {} datagrams came",
                         "메시지 {}개({}: {}): 데이터그램 {}개가 왔다", plan.messages.size(), how,
                         sent_text, datagrams.size()));
  } else {
    std::string came;
    for (const auto& datagram : datagrams)
      came += (came.empty() ? "" : ", ") + shown(datagram, 40);
    report.fail("one-per-message", title,
                lab::trf("{} messages {} ({}): {} datagrams came{}",
                         "메시지 {}개({}: {}): 데이터그램 {}개가 왔다{}", plan.messages.size(), how,
                         sent_text, datagrams.size(), came.empty() ? "" : " (" + came + ")"),
                lab::trf("each sendto() is one datagram, and UDP never joins or splits them "
                         "(worksheet 3): call sendto() once per message, to the host and port it "
                         "is given, as the loop in {}",
                         "sendto() 한 번이 데이터그램 하나이고 UDP는 그것을 합치거나 나누지 않는다 "
                         "(실습지 3): 메시지마다 주어진 호스트와 포트로 sendto()를 한 번 부른다 "
                         "({}의 반복문처럼)",
                         textbook_udp_sender));
    report.skip("exact-bytes", exact,
                lab::tr("not judged: see one-per-message", "판단하지 않음: one-per-message 참고"));
    return;
  }
  // A typed line may keep its newline (nc sends it so, and so does lab-udp-sender): the Enter
  // key is part of what was typed.
  bool kept_newlines = false;
  for (std::size_t i = 0; i < datagrams.size(); ++i) {
    if (datagrams[i] == plan.messages[i]) continue;
    if (plan.typed &&
        (datagrams[i] == plan.messages[i] + "\n" || datagrams[i] == plan.messages[i] + "\r\n")) {
      kept_newlines = true;
      continue;
    }
    const std::string& got = datagrams[i];
    const std::string hint = wrong_bytes_hint(got, plan.messages[i]);
    return report.fail(
        "exact-bytes", exact,
        lab::trf("message {} was {}, its datagram {}", "{}번째 메시지: {}, 그 데이터그램: {}",
                 i + 1, shown(plan.messages[i]), shown(got)),
        hint);
  }
  report.pass("exact-bytes", exact,
              kept_newlines
                  ? lab::tr("every datagram held exactly its typed line, with the newline (as nc "
                            "sends it; Korean in UTF-8 too)",
                            "데이터그램마다 입력한 줄이 줄바꿈까지 정확히 들어 있었다 (nc처럼, "
                            "한글 UTF-8도)")
                  : lab::tr("every datagram held exactly its message's bytes (Korean in UTF-8 too)",
                            "데이터그램마다 메시지의 바이트가 정확히 들어 있었다 (한글 UTF-8도)"));
}

void nobody_listening(const Options& options, Report& report) {
  const std::string title = lab::tr("\"succeeds\" (exit status 0) with nobody listening",
                                    "아무도 듣지 않아도 \"성공\"한다 (종료 상태 0)");
  const SenderPlan plan = plan_for(options);
  const std::uint16_t closed_port = free_port(false);
  auto sender = start_sender(options, plan, closed_port);
  const bool ended = sender->wait_exit(exit_ms);
  const std::string last = sender->last_line();
  if (ended && sender->exit_code() == 0)
    return report.pass("nobody-listening", title,
                       lab::trf("nobody holds UDP port {}; it sent and ended with exit status 0: "
                                "UDP cannot know",
                                "UDP 포트 {}: 아무도 잡고 있지 않다. 보내고 종료 상태 0으로 "
                                "끝났다: UDP는 알 수 없다",
                                closed_port));
  report.fail("nobody-listening", title,
              ended ? lab::trf("nobody holds UDP port {}; it ended ({}){}",
                               "UDP 포트 {}: 아무도 잡고 있지 않다. 끝났다 ({}){}", closed_port,
                               sender->how_it_ended(), last.empty() ? "" : ": " + shown(last, 160))
                    : lab::trf("nobody holds UDP port {}; {} s later it is still running (waiting "
                               "for a reply?)",
                               "UDP 포트 {}: 아무도 잡고 있지 않다. {}초가 지나도 실행 중이다 "
                               "(답을 기다리나?)",
                               closed_port, exit_ms / 1000),
              lab::trf("sendto() hands the datagram over and returns; whether anyone hears it, "
                       "UDP never says. Don't wait for a reply nobody promised, and don't "
                       "connect() the socket (then the next call fails with ECONNREFUSED, "
                       "worksheet 3): sendto() and close(), as {}",
                       "sendto()는 데이터그램을 넘기고 돌아온다. 누가 들었는지 UDP는 말하지 "
                       "않는다. 아무도 약속하지 않은 답을 기다리지 말고 소켓을 connect()하지도 "
                       "말라 (그러면 다음 호출이 ECONNREFUSED로 실패한다, 실습지 3): {}처럼 "
                       "sendto()와 close()",
                       textbook_udp_sender));
}

}  // namespace

void check_udp_receiver(const Options& options, Report& report) {
  bound(options, report);
  boundaries_and_sender(options, report);
  empty_datagram(options, report);
  largest_datagram_checks(options, report);
}

void check_udp_sender(const Options& options, Report& report) {
  sender_datagrams(options, report);
  nobody_listening(options, report);
}

}  // namespace check_lab
