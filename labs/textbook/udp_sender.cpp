// lab-textbook-udp-sender HOST PORT [MESSAGE...] — the UDP sender of a first course, in one
// straight main: getaddrinfo → socket → sendto → close. Each word on the command line is one
// datagram; with no words, each typed line is one. The full-featured version is lab-udp-sender.
#include <string>

#include "lesson.hpp"
#include "socket_compat.hpp"

using namespace textbook_lab;

int main(int argc, char** argv) {
  const auto args = start(
      argc, argv,
      {.program = "lab-textbook-udp-sender",
       .arguments = "HOST PORT [MESSAGE...]",
       .summary_en =
           "UDP sender: one datagram per word, or per typed line when no words are given.",
       .summary_ko =
           "UDP 송신기: 단어마다 데이터그램 하나, 단어가 없으면 입력한 줄마다 하나를 보냅니다.",
       .examples = "  lab-textbook-udp-sender 127.0.0.1 9000 hello there\n"
                   "  lab-textbook-udp-sender 127.0.0.1 9000\n",
       .min_arguments = 2,
       .max_arguments = SIZE_MAX});
  const std::string port = std::to_string(port_argument(args[1]));

  // getaddrinfo(): turn the host name (or "127.0.0.1") into an address the socket calls take.
  addrinfo hints{}, *receiver = nullptr;
  hints.ai_family = AF_INET;
  hints.ai_socktype = SOCK_DGRAM;
  if (int code = getaddrinfo(args[0].c_str(), port.c_str(), &hints, &receiver); code != 0)
    fail_resolve(args[0], code);

  // socket(): a UDP endpoint. No connect() and no bind(): the first sendto() picks a free port.
  socket_t sender = socket(AF_INET, SOCK_DGRAM, 0);
  if (sender == invalid_socket) fail("socket");

  // The messages: the words given on the command line, or else each line typed (without its
  // newline). A datagram holds at most 65507 bytes: a longer line is skipped, never cut.
  const bool words_given = args.size() > 2;
  std::size_t next_word = 2;
  std::string message;
  while (true) {
    if (words_given) {
      if (next_word == args.size()) break;
      message = args[next_word++];
    } else {
      if (!read_piece(message, 65508)) break;  // end of input
      if (message.back() != '\n') {  // longer than a datagram: read it to its end and skip it
        std::string rest;
        while (read_piece(rest, 65536) && rest.back() != '\n') {
        }
        warn(tr("a line longer than 65507 bytes does not fit one datagram: not sent",
                "65507바이트보다 긴 줄은 데이터그램 하나에 담기지 않아 보내지 않았습니다"));
        continue;
      }
      message.pop_back();
    }

    // sendto(): one datagram to that address. It succeeds even when nobody listens there:
    // UDP does not know, and does not tell (that is the lesson).
    const auto sent = sendto(sender, message.data(), message.size(), 0, receiver->ai_addr,
                             static_cast<socklen_t>(receiver->ai_addrlen));
    if (sent == -1) fail("sendto");
    say(tr("sent ", "보냄 ") + std::to_string(sent) + tr(" bytes to ", " 바이트 → ") + args[0] +
        ":" + port);
  }

  // close(): give the port back. Nothing goes over the network: there is no connection to end.
  freeaddrinfo(receiver);
  close_socket(sender);
  return 0;
}
