// lab-textbook-udp-receiver PORT — the UDP receiver of a first course, in one straight main:
// socket → bind → recvfrom → close. It prints each datagram with the address it came from.
// The full-featured version (counting loss, reordering, kernel drops) is lab-udp-receiver.
#include <string>

#include "lesson.hpp"
#include "socket_compat.hpp"

using namespace textbook_lab;

int main(int argc, char** argv) {
  const auto args = start(
      argc, argv,
      {.program = "lab-textbook-udp-receiver",
       .arguments = "PORT",
       .summary_en = "UDP receiver: prints each datagram and who sent it (port 0: any free port).",
       .summary_ko = "UDP 수신기: 데이터그램마다 내용과 보낸 쪽 주소를 출력합니다 (포트 0: 빈 포트 "
                     "아무거나).",
       .examples = "  lab-textbook-udp-receiver 9000\n"
                   "  lab-textbook-udp-sender 127.0.0.1 9000 hello there\n",
       .min_arguments = 1,
       .max_arguments = 1});
  const std::uint16_t port = port_argument(args[0], PortZero::any_free_port);

  // socket(): a UDP endpoint (SOCK_DGRAM): it sends and receives whole datagrams, with no
  // connection and no promise that they arrive.
  socket_t receiver = socket(AF_INET, SOCK_DGRAM, 0);
  if (receiver == invalid_socket) fail("socket");

  // bind(): claim the port on 127.0.0.1, so datagrams sent there come to this socket. UDP port
  // 9000 and TCP port 9000 are different ports: both can be bound at once.
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(receiver, reinterpret_cast<sockaddr*>(&address), sizeof address) == -1) fail("bind");

  // getsockname(): the port we got (the one asked for, or a free one for port 0).
  socklen_t length = sizeof address;
  if (getsockname(receiver, reinterpret_cast<sockaddr*>(&address), &length) == -1)
    fail("getsockname");
  say(std::string("lab-textbook-udp-receiver: PID ") + std::to_string(process_id()) + " · UDP " +
      endpoint_text(address));
  // No listen(), no accept(): UDP has no connections. One socket hears every sender.

  // Ctrl-C ends the loop below (recvfrom returns early), and then the socket is closed.
  end_loop_at_ctrl_c(receiver);
  while (true) {
    // recvfrom(): wait for one datagram and learn who sent it. A datagram is read whole, or
    // whatever does not fit in the buffer is lost (65507 bytes is the largest over IPv4).
    char buffer[65536];
    sockaddr_in sender{};
    socklen_t sender_length = sizeof sender;
    const auto received = recvfrom(receiver, buffer, sizeof buffer, 0,
                                   reinterpret_cast<sockaddr*>(&sender), &sender_length);
    if (ctrl_c_pressed()) break;
    if (received == -1) {
      // Windows reports an earlier datagram's ICMP "port unreachable" here (WSAECONNRESET):
      // nothing to do with the next datagram, so keep listening.
      report("recvfrom");
      continue;
    }
    // visible(): the datagram's bytes, with control characters shown as \x1b (not obeyed).
    say(std::to_string(received) + tr(" bytes from ", " 바이트, 보낸 쪽 ") + endpoint_text(sender) +
        ": " + visible(std::string(buffer, static_cast<std::size_t>(received))));
  }

  // close(): give the port back; lab-netstat no longer shows it. Nothing goes over the network.
  close_socket(receiver);
  return 0;
}
