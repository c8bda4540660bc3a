#pragma once
// The segments on the wire, through libpcap: a capture on one interface with a BPF filter for
// the selected ports, and a parser from captured bytes to Events. The parser is pure (bytes in,
// event out) so the unit tests feed it hand-made frames.
#include <pcap/pcap.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "events.hpp"

namespace lab::trace {

// One captured frame of link type `link_type` (DLT_EN10MB on Linux's lo, DLT_LINUX_SLL, DLT_RAW
// ...) -> a segment, datagram or ICMP port-unreachable event; nothing for anything else.
std::optional<Event> parse_frame(std::span<const std::uint8_t> frame, int link_type,
                                 std::int64_t time_ns);

// The BPF program text: TCP and UDP to or from the ports, and ICMP/ICMPv6 port unreachable.
std::string capture_filter(const std::vector<std::uint16_t>& ports);

class PacketCapture {
 public:
  // Opens `interface` (live, immediate mode, non-blocking). Throws lab::Failure with one line.
  PacketCapture(const std::string& interface, const std::vector<std::uint16_t>& ports);
  ~PacketCapture();
  PacketCapture(const PacketCapture&) = delete;
  PacketCapture& operator=(const PacketCapture&) = delete;

  int fd() const { return fd_; }  // poll() it for readability
  // Reads what is queued (at most `limit` frames) and appends the events.
  std::size_t read(std::vector<Event>& out, std::size_t limit);
  // Frames the kernel dropped because lab-trace did not read them in time.
  std::uint64_t kernel_drops() const;

 private:
  pcap_t* handle_ = nullptr;
  int fd_ = -1;
  int link_type_ = 0;
};

}  // namespace lab::trace
