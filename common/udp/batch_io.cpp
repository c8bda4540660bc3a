// The part of batch_io.hpp that is the same on every OS.
#include "udp/batch_io.hpp"

#ifdef _WIN32
#include <winsock2.h>
#include <ws2tcpip.h>
#else
#include <netinet/in.h>
#include <sys/socket.h>
#endif

#include <chrono>
#include <cstring>

namespace lab::udp {

std::span<const std::byte> BatchSender::numbered(std::uint64_t sequence, std::uint64_t total) {
  const std::span<std::byte> first(buffers_.data(), size_);
  wire::encode({sequence, total, now_ns()}, first);
  return first;
}

asio::ip::udp::endpoint to_endpoint(const sockaddr_storage& name) {
  asio::ip::udp::endpoint endpoint;
  const std::size_t length =
      name.ss_family == AF_INET6 ? sizeof(sockaddr_in6) : sizeof(sockaddr_in);
  if (name.ss_family == AF_INET || name.ss_family == AF_INET6) {
    std::memcpy(endpoint.data(), &name, length);
    endpoint.resize(length);
  }
  return endpoint;
}

std::uint64_t now_ns() {
  return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                        std::chrono::system_clock::now().time_since_epoch())
                                        .count());
}

}  // namespace lab::udp
