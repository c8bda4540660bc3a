#pragma once
// A datagram shown to a student, bounded: printable text as text (quoted, with \n escaped),
// anything else as hex. Long datagrams are cut and say how much was left out.
#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>

namespace lab::wire {

struct Preview {
  bool is_text = false;  // every byte printable ASCII, tab, CR or LF (or valid UTF-8 text)
  std::string shown;     // "\"hello\\n\"" or "de ad be ef"
  std::size_t cut = 0;   // bytes left out of `shown`
};

// `limit` is the most bytes shown (text) or dumped (hex).
Preview preview(std::string_view data, std::size_t limit = 64);

}  // namespace lab::wire
