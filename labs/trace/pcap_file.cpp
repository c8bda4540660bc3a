#include "pcap_file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "cli/app.hpp"

namespace trace_lab {
namespace {

[[noreturn]] void cannot_write(const std::string& path, int error) {
  lab::fail(lab::trf("cannot write {}: {}", "{}에 쓸 수 없습니다: {}", path, std::strerror(error)));
}

}  // namespace

PcapFile::PcapFile(pcap_t* capture, const std::string& path) : path_(path) {
  errno = 0;
  dumper_ = pcap_dump_open(capture, path.c_str());
  if (dumper_ == nullptr) cannot_write(path, errno != 0 ? errno : EIO);
  // The header is still in stdio's buffer: flushing it now finds /dev/full and its kind.
  if (pcap_dump_flush(dumper_) != 0) {
    const int error = errno != 0 ? errno : EIO;
    pcap_dump_close(dumper_);
    dumper_ = nullptr;
    cannot_write(path, error);
  }
}

PcapFile::~PcapFile() {
  if (dumper_ != nullptr) pcap_dump_close(dumper_);
}

void PcapFile::save(const pcap_pkthdr& header, const std::uint8_t* frame) {
  pcap_dump(reinterpret_cast<u_char*>(dumper_), &header, frame);
  ++frames_;
}

void PcapFile::finish() {
  if (dumper_ == nullptr) return;
  errno = 0;
  const bool flushed = pcap_dump_flush(dumper_) == 0;
  const int error = errno != 0 ? errno : EIO;
  const bool clean = flushed && std::ferror(pcap_dump_file(dumper_)) == 0;
  pcap_dump_close(dumper_);
  dumper_ = nullptr;
  if (!clean) cannot_write(path_, error);
}

}  // namespace trace_lab
