// Ctrl-C, the suite's one mechanism (common/cli/interrupt): a program reading the keyboard ends
// at once with its summary, whenever the signal comes (while it waits in read(), or just
// before it calls read()).
#include <signal.h>

#include <catch2/catch.hpp>

#include "process.hpp"

using namespace labtest;

TEST_CASE("Ctrl-C: lab-udp-sender reading typed lines ends at once with its summary") {
  const auto to = "127.0.0.1:" + std::to_string(free_port_udp());  // nobody listens: fine for UDP
  for (int round = 0; round < 6; ++round) {
    Process sender({bin("lab-udp-sender"), "--to", to});
    REQUIRE(sender.wait_for_out("PID"));
    sender.write("one\n");
    REQUIRE(sender.wait_for_out("sent 4 bytes"));
    // Early rounds hit it on the way back into read(), later ones while it waits there.
    std::this_thread::sleep_for(Millis(round * 15));
    sender.signal(SIGINT);
    const auto code = sender.wait(5s);
    INFO("round " << round << ": " << sender.out() << sender.err());
    REQUIRE(code);  // it ended, stdin still open and silent
    CHECK(*code == 0);
    CHECK(sender.out().find("lab-udp-sender: summary: ") != std::string::npos);
    CHECK(sender.out().find("interrupted") != std::string::npos);
  }
}
