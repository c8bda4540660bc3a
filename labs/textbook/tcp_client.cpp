// lab-textbook-tcp-client HOST PORT — the TCP echo client of a first course, in one straight
// main: getaddrinfo → socket → connect → send/recv → close. Each typed line goes to the server
// and its echo is printed. The full-featured version is lab-tcp-client.
#include <cstring>
#include <string>

#include "lesson.hpp"
#include "socket_compat.hpp"

using namespace textbook_lab;

int main(int argc, char** argv) {
  const auto args =
      start(argc, argv,
            {.program = "lab-textbook-tcp-client",
             .arguments = "HOST PORT",
             .summary_en = "TCP echo client: sends each typed line and prints the echo.",
             .summary_ko = "TCP 에코 클라이언트: 입력한 줄을 보내고 돌아온 에코를 출력합니다.",
             .examples = "  lab-textbook-tcp-client 127.0.0.1 7000\n"
                         "  lab-textbook-tcp-client localhost 7000\n",
             .min_arguments = 2,
             .max_arguments = 2});
  const std::string port = std::to_string(port_argument(args[1]));

  // getaddrinfo(): turn the host name (or "127.0.0.1") into an address the socket calls take.
  addrinfo hints{}, *server = nullptr;
  hints.ai_family = AF_INET;
  hints.ai_socktype = SOCK_STREAM;
  if (int code = getaddrinfo(args[0].c_str(), port.c_str(), &hints, &server); code != 0)
    fail_resolve(args[0], code);

  // socket(): a TCP endpoint. A client does not bind: connect() picks a free (ephemeral) port.
  socket_t connection = socket(AF_INET, SOCK_STREAM, 0);
  if (connection == invalid_socket) fail("socket");

  // connect(): the three-way handshake (SYN, SYN-ACK, ACK). It fails with "Connection refused"
  // when nobody listens on that port.
  if (connect(connection, server->ai_addr, static_cast<socklen_t>(server->ai_addrlen)) == -1)
    fail("connect");
  sockaddr_in remote{}, local{};
  std::memcpy(&remote, server->ai_addr, sizeof remote);
  freeaddrinfo(server);

  // getsockname(): the port connect() chose for us, to find this row in lab-netstat.
  socklen_t length = sizeof local;
  if (getsockname(connection, reinterpret_cast<sockaddr*>(&local), &length) == -1)
    fail("getsockname");
  say(std::string("lab-textbook-tcp-client: PID ") + std::to_string(process_id()) + " · TCP " +
      endpoint_text(local) + " → " + endpoint_text(remote) + " ESTABLISHED");

  // Each typed line goes out in pieces of at most 4 KiB, and each piece's echo is read before
  // the next is sent: a line of any length needs little memory, and neither side waits forever.
  std::string piece;
  bool line_start = true;
  while (read_piece(piece, 4096)) {
    // send(): hand the bytes to TCP, which delivers them in order or reports an error.
    for (std::size_t sent = 0; sent < piece.size();) {
      const auto now = send(connection, piece.data() + sent, piece.size() - sent, 0);
      if (now == -1) fail("send");
      sent += static_cast<std::size_t>(now);
    }
    // recv(): read until the whole piece is back. TCP keeps no message boundaries, so one
    // recv may return only part of it.
    std::string echo;
    while (echo.size() < piece.size()) {
      char buffer[4096];
      const auto received = recv(connection, buffer, piece.size() - echo.size(), 0);
      if (received == -1) fail("recv");
      if (received == 0)
        fail_runtime(
            tr("recv: the server closed the connection", "recv: 서버가 연결을 닫았습니다"));
      echo.append(buffer, static_cast<std::size_t>(received));
    }
    const bool line_ends = echo.back() == '\n';
    if (line_ends) echo.pop_back();
    // visible(): what the server sent, with control characters shown as \x1b (not obeyed).
    print((line_start ? tr("echo: ", "에코: ") : "") + visible(echo) + (line_ends ? "\n" : ""));
    line_start = line_ends;
  }

  // close(): we are done (end of input): TCP sends FIN. Closing first, this side will wait in
  // TIME_WAIT for a while; netstat shows that row with PID 0.
  close_socket(connection);
  return 0;
}
