// libFuzzer target for the /etc/services parser (and the one-line /proc/sys range files and
// Windows netsh's range answers that lab-ports reads). Build with clang:
// -fsanitize=fuzzer,address,undefined, together with common/ports/services_file.cpp and
// common/ports/ranges.cpp (both Asio-free, std only).
//
// Checks more than "does not crash": every entry the parser keeps must be well formed.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "ports/ranges.hpp"
#include "ports/services_file.hpp"

namespace {
void require(bool condition) {
  if (!condition) std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  const lab::ports::ServicesDatabase db = lab::ports::parse_services(text);
  require(db.malformed.size() <= lab::ports::max_reported_malformed);
  require(db.malformed.size() <= db.malformed_count);
  std::size_t previous_line = 0;
  for (const auto& entry : db.entries) {
    require(!entry.name.empty());
    require(!entry.protocol.empty() && entry.protocol.size() <= 16);
    require(entry.line > previous_line);  // in file order, one entry a line
    previous_line = entry.line;
    require(entry.name.find_first_of(" \t\n#") == std::string::npos);
    for (const auto& alias : entry.aliases)
      require(!alias.empty() && alias.find_first_of(" \t\n#") == std::string::npos);
  }
  if (!db.entries.empty()) {
    const auto& first = db.entries.front();
    require(!db.by_port(first.port).empty());
    require(!db.by_name(first.name).empty());
  }

  if (auto range = lab::ports::parse_port_pair(text)) require(range->first <= range->last);
  lab::ports::parse_single_number(text);
  if (auto dynamic = lab::ports::parse_netsh_dynamic_port(text))
    require(dynamic->first > 0 && dynamic->first <= dynamic->last);
  if (auto excluded = lab::ports::parse_netsh_excluded_ranges(text))
    for (const auto& range : *excluded)
      require(range.ports.first <= range.ports.last);
  return 0;
}
