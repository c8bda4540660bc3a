// libFuzzer target for lab-trace's captured-frame parser (labs/trace/frame_parser.cpp): every
// link type it knows, any bytes; nothing is read past the end and what parses is consistent.
#include <pcap/dlt.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "frame_parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> frame(data, size);
  for (const int link : {DLT_EN10MB, DLT_LINUX_SLL, DLT_LINUX_SLL2, DLT_RAW, DLT_NULL}) {
    const auto event = trace_lab::parse_frame(frame, link, 0);
    if (!event) continue;
    // A payload cannot be longer than the largest IP packet.
    if (event->length > 65535) std::abort();
    if (event->kind == trace_lab::EventKind::segment && trace_lab::flag_names(event->flags).empty())
      std::abort();
  }
  return 0;
}
