// libFuzzer target for lab-trace's trace_pipe line parser (labs/trace/trace_line.cpp): any text
// is either refused or becomes an event whose fields are what the line said.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "trace_line.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view line(reinterpret_cast<const char*>(data), size);
  std::uint64_t lost = 0;
  const auto event = trace_lab::parse_trace_line(line, lost);
  if (event && lost != 0) std::abort();  // a LOST line is never also an event
  if (event && event->kind == trace_lab::EventKind::state &&
      (event->old_state == trace_lab::TcpState::unknown ||
       event->new_state == trace_lab::TcpState::unknown))
    std::abort();
  trace_lab::parse_kernel_state(line);
  return 0;
}
