#pragma once
// lab-trace --write FILE.pcap: the captured frames saved as they are read, in the pcap format
// that Wireshark and tcpdump open on any PC. libpcap's own writer: the file header carries the
// capture's link type and nanosecond time stamps.
#include <pcap/pcap.h>

#include <cstdint>
#include <string>

namespace trace_lab {

class PcapFile {
 public:
  // Creates (or empties) `path` and writes the file header at once, so a path that cannot be
  // written (a missing folder, a full disk) is one error line before the trace starts.
  PcapFile(pcap_t* capture, const std::string& path);
  ~PcapFile();
  PcapFile(const PcapFile&) = delete;
  PcapFile& operator=(const PcapFile&) = delete;

  void save(const pcap_pkthdr& header, const std::uint8_t* frame);
  // Writes out what is buffered and closes the file; throws lab::Failure when the disk
  // refused any of it.
  void finish();

  std::uint64_t frames() const { return frames_; }
  const std::string& path() const { return path_; }

 private:
  pcap_dumper_t* dumper_ = nullptr;
  std::string path_;
  std::uint64_t frames_ = 0;
};

}  // namespace trace_lab
