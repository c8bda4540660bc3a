// libFuzzer target for the lab datagram header parser and the sequence accounting behind it.
// Builds from common/wire/header.cpp, sequence_tracker.cpp and preview.cpp alone (no Asio):
//   clang++ -std=c++20 -fsanitize=fuzzer,address,undefined -I common \
//     tests/fuzz/wire_header_fuzz.cpp common/wire/*.cpp -o wire_header_fuzz
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <string_view>

#include "wire/header.hpp"
#include "wire/preview.hpp"
#include "wire/sequence_tracker.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::byte> bytes(reinterpret_cast<const std::byte*>(data), size);
  const auto result = lab::wire::parse(bytes);
  if (lab::wire::error_name(result.error) == "unknown") std::abort();

  if (result.ok()) {
    // What parses must carry sane numbers, and must encode back to the same header bytes.
    const auto& h = result.header;
    if (h.sequence == 0 || h.sequence > lab::wire::max_count || h.total > lab::wire::max_count ||
        (h.total != 0 && h.sequence > h.total))
      std::abort();
    std::byte again[lab::wire::header_size];
    if (!lab::wire::encode(h, again)) std::abort();
    for (std::size_t i = 0; i < lab::wire::header_size; ++i)
      if (again[i] != bytes[i]) std::abort();
  } else if (size >= 4 && size < lab::wire::header_size &&
             result.error != lab::wire::ParseError::too_short &&
             result.error != lab::wire::ParseError::not_lab) {
    std::abort();
  }

  // The bytes read as a run of 8-byte sequence numbers: the accounting must always add up.
  static lab::wire::SequenceTracker tracker;
  for (std::size_t i = 0; i + 8 <= size; i += 8) {
    std::uint64_t sequence = 0;
    for (std::size_t k = 0; k < 8; ++k)
      sequence = (sequence << 8) | data[i + k];
    tracker.record(sequence % (lab::wire::max_count + 1), 0);
    if (tracker.received() + tracker.lost() != tracker.highest()) std::abort();
  }

  const auto shown =
      lab::wire::preview(std::string_view(reinterpret_cast<const char*>(data), size), 64);
  // Each byte shows as at most four characters (a control byte or a byte that is not UTF-8 as
  // "\x1b"), plus the marks around the preview.
  if (shown.cut > size || shown.shown.size() > 64 * 4 + 64) std::abort();
  return 0;
}
