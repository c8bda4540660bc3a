// lab-textbook-tcp-server PORT — the TCP echo server of a first course, in one straight main:
// socket → bind → listen → accept → recv/send → close. It serves one client at a time; the
// full-featured version (many clients, held states, logs) is lab-tcp-server.
#include <cstring>
#include <string>

#include "lesson.hpp"
#include "socket_compat.hpp"

using namespace textbook_lab;

int main(int argc, char** argv) {
  const auto args =
      start(argc, argv,
            {.program = "lab-textbook-tcp-server",
             .arguments = "PORT",
             .summary_en =
                 "TCP echo server: sends back every byte a client sends (port 0: any free port).",
             .summary_ko =
                 "TCP 에코 서버: 클라이언트가 보낸 바이트를 그대로 돌려보냅니다 (포트 0: 빈 포트 "
                 "아무거나).",
             .examples = "  lab-textbook-tcp-server 7000\n"
                         "  lab-textbook-tcp-client 127.0.0.1 7000\n",
             .min_arguments = 1,
             .max_arguments = 1});
  const std::uint16_t port = port_argument(args[0], PortZero::any_free_port);

  // socket(): ask the OS for a TCP endpoint (SOCK_STREAM over IPv4). It has no address yet.
  socket_t listener = socket(AF_INET, SOCK_STREAM, 0);
  if (listener == invalid_socket) fail("socket");

  // bind(): claim the port. 127.0.0.1 means only this computer can connect; INADDR_ANY
  // (0.0.0.0) would open it to the whole network. If another socket holds it: "in use".
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);  // network byte order: most significant byte first
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address) == -1) fail("bind");

  // listen(): become a server. From now on the OS completes connections for us and queues up
  // to 8 of them until we accept; netstat shows this socket as LISTENING.
  if (listen(listener, 8) == -1) fail("listen");

  // getsockname(): which port did we get? (The one asked for, or a free one for port 0.)
  socklen_t length = sizeof address;
  if (getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length) == -1)
    fail("getsockname");
  say(std::string("lab-textbook-tcp-server: PID ") + std::to_string(process_id()) + " · TCP " +
      endpoint_text(address) + " LISTENING");

  while (true) {
    // accept(): take the next connection from the queue. It is a new socket of its own, for
    // this one client (the 4-tuple); the listener keeps listening for others.
    sockaddr_in client{};
    socklen_t client_length = sizeof client;
    socket_t connection = accept(listener, reinterpret_cast<sockaddr*>(&client), &client_length);
    if (connection == invalid_socket) fail("accept");
    say(tr("accepted ", "연결 수락 ") + endpoint_text(client));

    char buffer[4096];
    while (true) {
      // recv(): wait for bytes. TCP is a stream: one recv may return part of what was sent,
      // or several sends at once. 0 means the client closed its side (it sent FIN).
      const auto received = recv(connection, buffer, sizeof buffer, 0);
      if (received == -1) report("recv");  // e.g. the client reset the connection
      if (received <= 0) break;
      // send(): echo the bytes back. The OS may take fewer than asked, so send the rest too.
      long sent = 0;
      while (sent < received) {
        const auto now = send(connection, buffer + sent, received - sent, 0);
        if (now == -1) break;
        sent += now;
      }
      if (sent < received) {
        report("send");  // the client is gone: serve the next one
        break;
      }
    }
    // close(): our side is done too (we send FIN). The client, which closed first, waits in
    // TIME_WAIT; this server never does.
    close_socket(connection);
    say(tr("closed ", "연결 종료 ") + endpoint_text(client));
  }
}
