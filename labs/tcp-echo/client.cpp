// lab-tcp-client — a TCP echo client: connects, sends, and checks that every byte comes back.
//
// Read it top to bottom; it follows the textbook:
//   1. socket()  2. connect()  3. write()/read()  4. close()
// The options live in client_options.cpp; the ways of talking (typing, scripted, step by step,
// load) in client_modes.cpp and client_load.cpp.
#include <asio.hpp>

#include "cli/app.hpp"
#include "cli/interrupt.hpp"
#include "cli/os_words.hpp"
#include "client_load.hpp"
#include "client_modes.hpp"
#include "net/endpoints.hpp"
#include "net/socket_calls.hpp"
#include "render/output.hpp"

using asio::ip::tcp;
using namespace tcp_echo_lab;

int main(int argc, char** argv) {
  return lab::run_main("lab-tcp-client", [&] {
    const ClientOptions options = parse_options(argc, argv);
    lab::catch_interrupts();  // Ctrl-C: finish the step at hand, close, print the summary
    if (options.mode == ClientMode::load) return run_load(options);  // many sockets of its own

    asio::io_context io(1);

    // 1. socket(): a TCP socket of the server address's family.
    tcp::socket socket(io);
    lab::open_socket(socket, options.server.protocol());

    // 2. connect(): the three-way handshake. We never call bind(): the kernel picks our local
    //    address and an ephemeral port, which lab-netstat shows as the client's end.
    connect_or_fail(io, socket, options);
    asio::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);
    // The peer is the server we connected to: a server that hangs up at once (full) leaves no
    // peer address to ask getpeername() for.
    if (!options.json)  // with --json the PID and addresses are in the document instead
      lab::announce("TCP", lab::to_string(socket.local_endpoint(ignored)), "ESTABLISHED",
                    lab::to_string(options.server));

    // 3. write() and read(), in one of the modes.
    int result = lab::exit_ok;
    switch (options.mode) {
      case ClientMode::interactive:
        result = run_interactive(io, socket, options);
        break;
      case ClientMode::scripted:
        result = run_scripted(io, socket, options);
        break;
      case ClientMode::step:
        result = run_step(io, socket, options);
        break;
      case ClientMode::load:
        break;
    }

    // 4. close(): we send FIN (if not sent yet). Whoever closes first ends in TIME_WAIT.
    socket.shutdown(tcp::socket::shutdown_both, ignored);
    socket.close(ignored);
    if (options.mode == ClientMode::step)
      lab::out::line(
          lab::trf("closed: the socket is gone; our port stays in TIME_WAIT for "
                   "about {} s if we closed first",
                   "닫음: 소켓은 사라졌고, 먼저 닫은 쪽이면 우리 포트가 약 {}초 "
                   "동안 TIME_WAIT로 남습니다",
                   lab::os_words::time_wait_seconds()));
    return result;
  });
}
