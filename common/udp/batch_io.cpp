// The part of batch_io.hpp that is the same on every OS.
#include "udp/batch_io.hpp"

#include <chrono>

namespace lab::udp {

std::span<const std::byte> BatchSender::numbered(std::uint64_t sequence, std::uint64_t total) {
  const std::span<std::byte> first(buffers_.data(), size_);
  wire::encode({sequence, total, now_ns()}, first);
  return first;
}

std::uint64_t now_ns() {
  return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                        std::chrono::system_clock::now().time_since_epoch())
                                        .count());
}

}  // namespace lab::udp
