// The TCP_INFO figures as text and JSON, whichever OS gave them (built for Windows too): what an
// OS does not give is named or null, never shown as 0.
#include <catch2/catch.hpp>

#include "cli/lang.hpp"
#include "tcp_info/tcp_info.hpp"

using namespace lab;

namespace {
TcpFigures windows_figures() {
  TcpFigures figures;
  figures.source = TcpInfoSource::windows_tcp_info_v0;
  figures.rtt_us = 1500, figures.send_cwnd = 10, figures.retransmitted_bytes = 2920;
  return figures;
}
}  // namespace

TEST_CASE("tcp figures: Windows' TCP_INFO_v0 names what it does not give") {
  set_lang(Lang::en);
  CHECK(tcp_figures_line(windows_figures()) ==
        "TCP_INFO: 2920 bytes retransmitted, RTT 1.50 ms, cwnd 10 (Windows does not give the RTT "
        "variation, RTO, retransmitted segments)");
  TcpFiguresSum sum;
  sum.add(windows_figures());
  sum.add(windows_figures());
  CHECK(tcp_figures_sum_line(sum) ==
        "TCP_INFO over 2 connections: 5840 bytes retransmitted, mean RTT 1.50 ms (Windows does not "
        "give the RTO, retransmitted segments)");
  set_lang(Lang::ko);
  CHECK(
      tcp_figures_line(windows_figures()).starts_with("TCP_INFO: 재전송 2920바이트, RTT 1.50 ms"));
  set_lang(Lang::en);
}

TEST_CASE("tcp figures: the JSON of Windows' figures has null where it gives none") {
  CHECK(json::to_line(tcp_figures_json(windows_figures())) ==
        R"({"retransmits":null,"retransmitted_bytes":2920,"rtt_us":1500,"rtt_var_us":null,)"
        R"("rto_us":null,"cwnd":10,"unacked":null,"lost":null})");
  CHECK(tcp_figures_json(std::nullopt).is_null());
}

TEST_CASE("tcp figures: no figures at all is said, not shown as zeros") {
  set_lang(Lang::en);
  CHECK(tcp_figures_sum_line(TcpFiguresSum{}) ==
        "TCP_INFO: no figures (no connection echoed, or this OS gives none)");
  CHECK(tcp_figures_missing_line() ==
        "TCP_INFO: not available here (this OS gave no figures for the connection)");
}
