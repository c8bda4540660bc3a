#include "packets.hpp"

#include <fmt/format.h>

#include "cli/app.hpp"

namespace trace_lab {

PacketCapture::PacketCapture(const std::string& interface, const std::vector<std::uint16_t>& ports,
                             const std::string& save_path) {
  char error[PCAP_ERRBUF_SIZE] = {};
  handle_ = pcap_create(interface.c_str(), error);
  if (handle_ == nullptr) lab::fail(fmt::format("pcap_create({}): {}", interface, error));
  auto give_up = [&](const std::string& step) {
    const std::string why = pcap_geterr(handle_);
    pcap_close(handle_);
    handle_ = nullptr;
    lab::fail(
        lab::trf("{} on interface {}: {}", "인터페이스 {}에서 {} 실패: {}", step, interface, why));
  };
  // The trace needs the headers only; a saved file keeps the payload too (Wireshark shows it).
  pcap_set_snaplen(handle_, save_path.empty() ? 256 : 262144);
  pcap_set_immediate_mode(handle_, 1);
  pcap_set_buffer_size(handle_, 8 << 20);
  pcap_set_tstamp_precision(handle_, PCAP_TSTAMP_PRECISION_NANO);
  const int activated = pcap_activate(handle_);
  if (activated < 0) give_up("pcap_activate");
  link_type_ = pcap_datalink(handle_);
  bpf_program program{};
  const std::string text = capture_filter(ports);
  if (pcap_compile(handle_, &program, text.c_str(), 1, PCAP_NETMASK_UNKNOWN) != 0)
    give_up("pcap_compile");
  const int filtered = pcap_setfilter(handle_, &program);
  pcap_freecode(&program);
  if (filtered != 0) give_up("pcap_setfilter");
  if (pcap_setnonblock(handle_, 1, error) != 0) give_up("pcap_setnonblock");
  fd_ = pcap_get_selectable_fd(handle_);
  if (!save_path.empty()) {
    try {
      file_ = std::make_unique<PcapFile>(handle_, save_path);
    } catch (...) {
      pcap_close(handle_);
      handle_ = nullptr;
      throw;
    }
  }
}

PacketCapture::~PacketCapture() {
  if (handle_ != nullptr) pcap_close(handle_);
}

std::size_t PacketCapture::read(std::vector<Event>& out, std::size_t limit) {
  std::size_t frames = 0;
  while (frames < limit) {
    pcap_pkthdr* header = nullptr;
    const std::uint8_t* data = nullptr;
    const int got = pcap_next_ex(handle_, &header, &data);
    if (got != 1) break;  // 0: nothing queued now; negative: the capture ended
    ++frames;
    if (file_) file_->save(*header, data);
    // With nanosecond precision, tv_usec holds nanoseconds.
    const std::int64_t time_ns =
        static_cast<std::int64_t>(header->ts.tv_sec) * 1'000'000'000 + header->ts.tv_usec;
    if (auto event = parse_frame({data, header->caplen}, link_type_, time_ns))
      out.push_back(std::move(*event));
  }
  return frames;
}

std::uint64_t PacketCapture::kernel_drops() const {
  pcap_stat stats{};
  if (pcap_stats(handle_, &stats) != 0) return 0;
  return stats.ps_drop;
}

std::optional<std::uint64_t> PacketCapture::finish_saving() {
  if (!file_) return std::nullopt;
  file_->finish();
  return file_->frames();
}

}  // namespace trace_lab
