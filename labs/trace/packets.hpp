#pragma once
// The segments on the wire, through libpcap: a capture on one interface with a BPF filter for
// the selected ports. The bytes become Events in frame_parser.hpp.
#include <pcap/pcap.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "events.hpp"
#include "frame_parser.hpp"
#include "pcap_file.hpp"

namespace trace_lab {

class PacketCapture {
 public:
  // Opens `interface` (live, immediate mode, non-blocking). Throws lab::Failure with one line.
  // With `save_path` (--write) every frame read is also saved there, whole, for Wireshark.
  PacketCapture(const std::string& interface, const std::vector<std::uint16_t>& ports,
                const std::string& save_path = {});
  ~PacketCapture();
  PacketCapture(const PacketCapture&) = delete;
  PacketCapture& operator=(const PacketCapture&) = delete;

  int fd() const { return fd_; }  // poll() it for readability
  // Reads what is queued (at most `limit` frames) and appends the events.
  std::size_t read(std::vector<Event>& out, std::size_t limit);
  // Frames the kernel dropped because lab-trace did not read them in time.
  std::uint64_t kernel_drops() const;
  // --write: closes the file; the frames saved, or nothing without --write. Throws when the
  // disk refused part of it.
  std::optional<std::uint64_t> finish_saving();

 private:
  pcap_t* handle_ = nullptr;
  int fd_ = -1;
  int link_type_ = 0;
  std::unique_ptr<PcapFile> file_;
};

}  // namespace trace_lab
