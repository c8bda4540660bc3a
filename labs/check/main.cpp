// lab-check KIND [--port P] [--json] [-- COMMAND ARGS...]: checks a student's own TCP server,
// TCP client, UDP receiver or UDP sender, in any language, against what the lessons showed.
//
//   tcp-server    listens (its row, PID, address), echoes a line and exact bytes, copes with
//                 partial reads, loops on accept(), finishes a half-closed client, survives a
//                 reset, refuses a second copy on its port, stops on Ctrl-C (bonus: two clients)
//   tcp-client    against our server: connects, sends the typed line, prints the echo (also in
//                 pieces), closes with FIN, fails loudly when refused or when the server leaves
//   udp-receiver  bound, datagram boundaries, the sender's address, an empty and a 65,507-byte
//                 datagram, a datagram larger than its buffer
//   udp-sender    one datagram per message, exact bytes, exit 0 with nobody listening
//
// Each check starts a fresh copy of the program (so that one mistake fails one check) and every
// copy is ended before lab-check ends, also on Ctrl-C and SIGTERM.
#include <csignal>
#include <string>

#include "checks.hpp"
#include "cli/app.hpp"
#include "cli/interrupt.hpp"
#include "options.hpp"
#include "probe.hpp"
#include "report.hpp"

int main(int argc, char** argv) {
  return lab::run_main("lab-check", [&] {
    const check_lab::Options options = check_lab::parse_options(argc, argv);
    // Ctrl-C ends every wait at once (Interrupted); the programs started so far are ended as the
    // checks unwind (their destructors), before the summary.
    lab::catch_interrupts();

    check_lab::Report report(options.kind, options.common.json);
    try {
      if (options.kind == "tcp-server") check_lab::check_tcp_server(options, report);
      if (options.kind == "tcp-client") check_lab::check_tcp_client(options, report);
      if (options.kind == "udp-receiver") check_lab::check_udp_receiver(options, report);
      if (options.kind == "udp-sender") check_lab::check_udp_sender(options, report);
    } catch (const check_lab::Interrupted&) {
      // Which signal, where there are signals: a run stopped by SIGTERM from elsewhere (a test
      // runner, a script) says so instead of looking like Ctrl-C.
      std::string how = "Ctrl-C";
#ifndef _WIN32
      if (lab::interrupted_by() == SIGTERM) how = "SIGTERM";
      if (lab::interrupted_by() == SIGHUP) how = "SIGHUP";  // its terminal closed
#endif
      lab::fail(lab::trf("interrupted ({}): every program lab-check started has been ended",
                         "중단됨 ({}): lab-check가 실행한 프로그램은 모두 끝냈다", how));
    }
    report.summary();
    return report.exit_code();
  });
}
