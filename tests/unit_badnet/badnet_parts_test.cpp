// lab-badnet's pure parts: the seeded decisions, the rate parser, the packet direction and the
// nftables script. (The kernel side is tested in tests/integration/badnet_test.cpp.)
#include <unistd.h>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "cli/lang.hpp"
#include "impairment.hpp"
#include "nft_table.hpp"
#include "options.hpp"
#include "render/json.hpp"
#include "render/text_width.hpp"
#include "report.hpp"
#include "shaper.hpp"

using namespace badnet_lab;
using namespace std::chrono_literals;

namespace {
std::vector<bool> loss_pattern(Impairment settings, int packets) {
  Impairer impairer(settings);
  std::vector<bool> dropped;
  const auto now = Clock::now();
  for (int i = 0; i < packets; ++i)
    dropped.push_back(impairer.decide(Direction::to_port, 100, now).drop);
  return dropped;
}
}  // namespace

TEST_CASE("badnet: the same seed drops the same packets, another seed others") {
  Impairment settings;
  settings.loss_percent = 10;
  settings.seed = 1;
  const auto first = loss_pattern(settings, 2000);
  CHECK(loss_pattern(settings, 2000) == first);
  settings.seed = 2;
  CHECK(loss_pattern(settings, 2000) != first);
  const auto drops = std::count(first.begin(), first.end(), true);
  CHECK(drops > 140);  // 10 % of 2,000 = 200
  CHECK(drops < 260);
}

TEST_CASE("badnet: adding delay or duplication does not change which packets are lost") {
  Impairment settings;
  settings.loss_percent = 20;
  settings.seed = 9;
  const auto plain = loss_pattern(settings, 500);
  settings.delay = 50ms;
  settings.jitter = 10ms;
  settings.duplicate_percent = 30;
  settings.reorder_percent = 30;
  CHECK(loss_pattern(settings, 500) == plain);
}

TEST_CASE("badnet: 0 % never and 100 % always drops") {
  Impairment settings;
  const auto none = loss_pattern(settings, 1000);
  CHECK(std::count(none.begin(), none.end(), true) == 0);
  settings.loss_percent = 100;
  const auto all = loss_pattern(settings, 1000);
  CHECK(std::count(all.begin(), all.end(), true) == 1000);
}

TEST_CASE("badnet: delay and jitter set the release time within bounds") {
  Impairment settings;
  settings.delay = 50ms;
  settings.jitter = 10ms;
  Impairer impairer(settings);
  const auto now = Clock::now();
  for (int i = 0; i < 1000; ++i) {
    const auto decision = impairer.decide(Direction::from_port, 100, now);
    CHECK(decision.release_at >= now + 40ms);
    CHECK(decision.release_at <= now + 60ms);
  }
}

TEST_CASE("badnet: a rate limit spaces packets by their size and drops beyond a second") {
  Impairment settings;
  settings.rate_bits_per_second = 8000;  // 1,000 bytes per second
  Impairer impairer(settings);
  const auto now = Clock::now();
  CHECK(impairer.decide(Direction::to_port, 100, now).release_at == now + 100ms);
  CHECK(impairer.decide(Direction::to_port, 100, now).release_at == now + 200ms);
  // The other direction is its own wire.
  CHECK(impairer.decide(Direction::from_port, 100, now).release_at == now + 100ms);
  int dropped = 0;
  for (int i = 0; i < 20; ++i)
    dropped += impairer.decide(Direction::to_port, 100, now).drop;
  CHECK(dropped > 0);
}

TEST_CASE("badnet: --rate parses bits per second with decimal multiples") {
  CHECK(parse_rate("64000") == 64000u);
  CHECK(parse_rate("800k") == 800000u);
  CHECK(parse_rate("10M") == 10000000u);
  CHECK(parse_rate("1gbit") == 1000000000u);
  CHECK(parse_rate("2mbit") == 2000000u);
  CHECK_FALSE(parse_rate(""));
  CHECK_FALSE(parse_rate("0"));
  CHECK_FALSE(parse_rate("fast"));
  CHECK_FALSE(parse_rate("10x"));
  CHECK_FALSE(parse_rate("-5"));
  CHECK_FALSE(parse_rate("999999999999G"));
  // Decimal fractions, as lab-udp-sender's --rate takes them (issue 21 item 12).
  CHECK(parse_rate("1.5M") == 1500000u);
  CHECK(parse_rate("0.5kbit") == 500u);
  for (const char* bad : {"nan", "inf", "NaNM", "1e6", "1.5.M", " 1M", "M", "bit", "0.4"})
    CHECK_FALSE(parse_rate(bad));
}

TEST_CASE("badnet: a packet's direction from its IPv4 or IPv6 ports") {
  const std::vector<std::uint16_t> ports{7000};
  // IPv4, UDP, 40000 -> 7000
  std::array<unsigned char, 28> v4{0x45, 0, 0,   28, 0, 0, 0,    0,    64,   17,   0, 0, 127, 0,
                                   0,    1, 127, 0,  0, 1, 0x9c, 0x40, 0x1b, 0x58, 0, 8, 0,   0};
  CHECK(direction_of(v4, ports) == Direction::to_port);
  std::swap(v4[20], v4[22]);
  std::swap(v4[21], v4[23]);
  CHECK(direction_of(v4, ports) == Direction::from_port);
  CHECK_FALSE(direction_of(v4, {7001}));
  v4[9] = 1;  // ICMP: not ours
  CHECK_FALSE(direction_of(v4, ports));
  v4[9] = 17;
  v4[6] = 0x00, v4[7] = 0x10;  // a later fragment: no ports in it
  CHECK_FALSE(direction_of(v4, ports));
  // IPv6, TCP, 7000 -> 50000
  std::array<unsigned char, 44> v6{};
  v6[0] = 0x60;
  v6[6] = 6;
  v6[40] = 0x1b, v6[41] = 0x58, v6[42] = 0xc3, v6[43] = 0x50;
  CHECK(direction_of(v6, ports) == Direction::from_port);
  // Too short to hold the ports.
  CHECK_FALSE(direction_of(std::span(v6.data(), 41), ports));
  CHECK_FALSE(direction_of({}, ports));
}

TEST_CASE("badnet: the table is ours by name, and its script matches only the given ports") {
  CHECK(table_name(4312) == "socketlab_badnet_4312");
  CHECK(owner_of("socketlab_badnet_4312") == 4312);
  CHECK(owner_of("socketlab_badnet_") == -1);
  CHECK(owner_of("socketlab_badnet_12x") == -1);
  CHECK(owner_of("filter") == -1);
  CHECK(owner_of("other_socketlab_badnet_1") == -1);

  RuleSet rules{{7000, 7001}, true, false, "lo", 42};
  const auto loopback = table_script("socketlab_badnet_1", rules);
  CHECK(loopback.find("table inet socketlab_badnet_1 {") == 0);
  CHECK(loopback.find("hook prerouting") != std::string::npos);
  CHECK(loopback.find("postrouting") == std::string::npos);  // loopback: each packet once
  CHECK(loopback.find("meta l4proto tcp th dport { 7000, 7001 } goto enqueue") !=
        std::string::npos);
  CHECK(loopback.find("meta l4proto tcp th sport { 7000, 7001 } goto enqueue") !=
        std::string::npos);
  CHECK(loopback.find("udp") == std::string::npos);
  rules.udp = true;
  rules.interface = "eth0";
  const auto lan = table_script("socketlab_badnet_1", rules);
  CHECK(lan.find("iifname \"eth0\"") != std::string::npos);
  CHECK(lan.find("oifname \"eth0\"") != std::string::npos);
  CHECK(lan.find("{ tcp, udp }") != std::string::npos);
}

TEST_CASE("badnet: the JSON summary names the settings, then each direction's counters") {
  Options options;
  options.ports = {7000, 7001};
  options.tcp = true;
  options.impairment.loss_percent = 10;
  options.impairment.delay = 50ms;
  options.impairment.jitter = 10ms;
  options.impairment.rate_bits_per_second = 800000;
  options.impairment.seed = 7;
  const RunInfo run{"socketlab_badnet_1", 3, {}, {}, 0};
  Counters counters;
  counters.to_port = {10, 1, 9, 0, 0, 0};
  counters.from_port = {8, 0, 8, 1, 2, 0};
  // What --json prints, read back.
  const auto document = lab::json::parse(
      lab::json::to_line(summary_json(options, run, counters, std::chrono::milliseconds(1500))));
  REQUIRE(document);
  const lab::json::Value& summary = *document;

  std::vector<std::string> keys;
  for (const auto& [key, ignored] : summary.items())
    keys.push_back(key);
  CHECK(keys == std::vector<std::string>{"program",
                                         "pid",
                                         "method",
                                         "table",
                                         "queue",
                                         "interface",
                                         "ports",
                                         "protocols",
                                         "loss_percent",
                                         "delay_ms",
                                         "jitter_ms",
                                         "reorder_percent",
                                         "duplicate_percent",
                                         "rate_bits_per_second",
                                         "seed",
                                         "seconds",
                                         "max_held_bytes",
                                         "hold_was_full",
                                         "passed_unseen",
                                         "to_port",
                                         "from_port"});
  CHECK(lab::json::string_field(summary, "program") == "lab-badnet");
  CHECK(lab::json::number_field(summary, "pid") == ::getpid());
  CHECK(lab::json::string_field(summary, "method") == "nfqueue");
  CHECK(lab::json::string_field(summary, "table") == "inet socketlab_badnet_1");
  CHECK(lab::json::number_field(summary, "queue") == 3);
  CHECK(lab::json::string_field(summary, "interface") == "lo");
  CHECK(summary["ports"] == lab::json::Value::array({7000, 7001}));
  CHECK(summary["protocols"] == lab::json::Value::array({"tcp"}));
  CHECK(summary["loss_percent"].get<double>() == 10.0);
  CHECK(lab::json::number_field(summary, "delay_ms") == 50);
  CHECK(lab::json::number_field(summary, "jitter_ms") == 10);
  CHECK(summary["reorder_percent"].get<double>() == 0.0);
  CHECK(lab::json::number_field(summary, "rate_bits_per_second") == 800000);
  CHECK(lab::json::number_field(summary, "seed") == 7);
  CHECK(summary["seconds"].get<double>() == 1.5);
  CHECK(lab::json::number_field(summary["to_port"], "seen") == 10);
  CHECK(lab::json::number_field(summary["to_port"], "dropped") == 1);
  CHECK(lab::json::number_field(summary["to_port"], "delayed") == 9);
  CHECK(lab::json::number_field(summary["from_port"], "reordered") == 1);
  CHECK(lab::json::number_field(summary["from_port"], "duplicated") == 2);

  options.udp = true;
  options.ports.clear();
  const auto both = summary_json(options, run, counters, {});
  CHECK(both["protocols"] == lab::json::Value::array({"tcp", "udp"}));
  CHECK(both["ports"] == lab::json::Value::array());
}

TEST_CASE("badnet: the live line fits the terminal and says when the hold was full") {
  Options options;
  options.impairment.loss_percent = 10;
  options.impairment.delay = 50ms;
  Counters counters;
  counters.to_port = {123456, 12345, 111111, 0, 0, 0};
  counters.from_port = {99999, 9999, 90000, 0, 0, 0};
  for (const auto lang : {lab::Lang::en, lab::Lang::ko}) {
    lab::set_lang(lang);
    for (const std::size_t columns : {20u, 40u, 79u, 119u, 200u}) {
      INFO(columns);
      const auto line = live_line(options, counters, columns);
      CHECK(lab::render::display_width(line) <= columns);
      CHECK(line.find('\n') == std::string::npos);
    }
    // Only what this run can change: no "reordered 0 duplicated 0" taking the width.
    CHECK(live_line(options, counters, 200).find(lab::tr("reordered", "순서")) ==
          std::string::npos);
    CHECK(live_line(options, counters, 200).find("123456") != std::string::npos);
    // The bound reached: said first, so that a cut line keeps it.
    counters.from_port.dropped_hold_full = 42;
    const auto full = live_line(options, counters, 40);
    CHECK(full.find(lab::tr("HOLD FULL", "보관 한도")) == 0);
    CHECK(full.find("42") != std::string::npos);
    counters.from_port.dropped_hold_full = 0;
  }
  lab::set_lang(lab::Lang::en);
}

TEST_CASE("badnet: the ports another lab-badnet's table impairs, read back from nft") {
  CHECK(ports_in_listing("table inet socketlab_badnet_12 {\n  chain arriving {\n    iifname "
                         "\"lo\" meta l4proto { tcp, udp } th dport 7000 goto enqueue\n") ==
        std::vector<std::uint16_t>{7000});
  CHECK(ports_in_listing("    iifname \"lo\" udp dport { 7000, 7002, 9000-9002 } "
                         "goto enqueue\n") ==
        std::vector<std::uint16_t>{7000, 7002, 9000, 9001, 9002});
  CHECK(ports_in_listing("table inet x {\n}\n").empty());
  // What the table script writes is what is read back.
  RuleSet rules;
  rules.ports = {7000, 7001};
  CHECK(ports_in_listing(table_script("socketlab_badnet_1", rules)) ==
        std::vector<std::uint16_t>{7000, 7001});
}
