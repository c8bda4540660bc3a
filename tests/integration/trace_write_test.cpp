// lab-trace --write FILE.pcap: what the projector's trace captured, saved for Wireshark. The
// file is read back with libpcap (what Wireshark and tcpdump read it with) and must hold one
// traced connection's handshake and both FINs, whole. Run as root (the capture needs it).
#include <pcap/pcap.h>
#include <signal.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "process.hpp"

using namespace labtest;

namespace {

#define SKIP_UNLESS_ROOT()                                                               \
  do {                                                                                   \
    if (geteuid() != 0) {                                                                \
      WARN("skipped: lab-trace's capture needs root, and so does --write (CI is root)"); \
      return;                                                                            \
    }                                                                                    \
  } while (false)

// A TCP segment as the file holds it: ports, flags, payload length, bytes kept.
struct SavedSegment {
  std::uint16_t source_port = 0, destination_port = 0;
  std::uint8_t flags = 0;
  std::size_t payload = 0;
  bool whole = false;  // the frame was saved to its last byte
};

constexpr std::uint8_t fin = 0x01, syn = 0x02, ack = 0x10;

std::uint16_t read16(const std::uint8_t* at) {
  return static_cast<std::uint16_t>(at[0] << 8 | at[1]);
}

// Every IPv4 TCP segment in a pcap file of Ethernet frames (loopback's link type on Linux).
std::vector<SavedSegment> read_pcap(const std::string& path, int& link_type) {
  char error[PCAP_ERRBUF_SIZE] = {};
  pcap_t* file = pcap_open_offline(path.c_str(), error);
  INFO(error);
  REQUIRE(file != nullptr);
  link_type = pcap_datalink(file);
  std::vector<SavedSegment> segments;
  pcap_pkthdr* header = nullptr;
  const std::uint8_t* frame = nullptr;
  while (pcap_next_ex(file, &header, &frame) == 1) {
    if (link_type != DLT_EN10MB || header->caplen < 14 + 20 + 20) continue;
    if (read16(frame + 12) != 0x0800) continue;  // IPv4
    const std::uint8_t* ip = frame + 14;
    if (ip[9] != 6) continue;  // TCP
    const std::size_t ip_header = (ip[0] & 0x0f) * 4u;
    const std::uint8_t* tcp = ip + ip_header;
    if (14 + ip_header + 20 > header->caplen) continue;
    const std::size_t tcp_header = (tcp[12] >> 4) * 4u;
    SavedSegment segment;
    segment.source_port = read16(tcp);
    segment.destination_port = read16(tcp + 2);
    segment.flags = tcp[13];
    segment.payload = read16(ip + 2) - ip_header - tcp_header;
    segment.whole = header->caplen == header->len;
    segments.push_back(segment);
  }
  pcap_close(file);
  return segments;
}

bool has(const std::vector<SavedSegment>& segments, std::uint16_t from, std::uint16_t to,
         std::uint8_t flags, std::uint8_t absent = 0) {
  for (const auto& segment : segments)
    if (segment.source_port == from && segment.destination_port == to &&
        (segment.flags & flags) == flags && (segment.flags & absent) == 0)
      return true;
  return false;
}

}  // namespace

TEST_CASE("lab-trace --write: the traced connection, whole, in a pcap file", "[trace]") {
  SKIP_UNLESS_ROOT();
  const auto dir =
      std::filesystem::temp_directory_path() / ("lab-trace-write-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "room.pcap").string();

  Process server({bin("lab-tcp-server"), "--port", "0"});
  const std::string port = std::to_string(started_port(server));
  Process tracer({bin("lab-trace"), "--port", port, "--json", "--write", path});
  REQUIRE(tracer.wait_for_out("watching", 20s));
  const Result client = run({bin("lab-tcp-client"), "--port", port, "--count", "1"});
  REQUIRE(client.exit_code == 0);
  // The server's last state change comes with the client's last ACK: everything is captured.
  REQUIRE(tracer.wait_for_out(R"("to":"CLOSED")", 10s));
  tracer.signal(SIGINT);
  REQUIRE(tracer.wait(20s) == 0);
  INFO(tracer.out() << tracer.err());
  CHECK(tracer.out().find("lab-trace: saved ") != std::string::npos);
  CHECK(tracer.out().find("(it opens in Wireshark)") != std::string::npos);

  std::smatch match;
  REQUIRE(std::regex_search(client.out, match, std::regex(R"(127\.0\.0\.1:(\d+) →)")));
  const auto client_end = static_cast<std::uint16_t>(std::stoi(match[1]));
  const auto server_end = static_cast<std::uint16_t>(std::stoi(port));
  int link_type = 0;
  const auto segments = read_pcap(path, link_type);
  CHECK(link_type == DLT_EN10MB);
  CHECK(has(segments, client_end, server_end, syn, ack));        // SYN
  CHECK(has(segments, server_end, client_end, syn | ack));       // SYN+ACK
  CHECK(has(segments, client_end, server_end, ack, syn | fin));  // the handshake's ACK
  CHECK(has(segments, client_end, server_end, fin | ack));       // the client's FIN
  CHECK(has(segments, server_end, client_end, fin | ack));       // the server's FIN
  // The message and its echo are in the file to their last byte (Wireshark shows them).
  bool message_whole = false;
  for (const auto& segment : segments)
    if (segment.payload > 0) message_whole = segment.whole;
  CHECK(message_whole);
  std::filesystem::remove_all(dir);
}

TEST_CASE("lab-trace --write: a file it cannot write is one line and exit 1", "[trace]") {
  SKIP_UNLESS_ROOT();
  Process server({bin("lab-tcp-server"), "--port", "0"});
  const std::string port = std::to_string(started_port(server));
  const std::string missing = "/nonexistent-lab-trace-dir/room.pcap";
  for (const auto& [path, why] :
       {std::pair{missing, std::string("No such file or directory")},
        std::pair{std::string("/dev/full"), std::string("No space left on device")}}) {
    const Result result = run({bin("lab-trace"), "--port", port, "--write", path});
    INFO(result.out << result.err);
    CHECK(result.exit_code == 1);
    CHECK(result.err == "lab-trace: error: cannot write " + path + ": " + why + "\n");
  }
  // Polling sees no segments: --write with --poll is a usage error.
  const Result polling = run({bin("lab-trace"), "--port", port, "--poll", "--write", "x.pcap"});
  CHECK(polling.exit_code == 2);
  CHECK(lines(polling.err).size() == 1);
}
