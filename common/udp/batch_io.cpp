#include "udp/batch_io.hpp"

#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <netinet/udp.h>
#include <sys/uio.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>

namespace lab::udp {
namespace {

// Room for one SO_RXQ_OVFL control message (a 32-bit counter) and then some.
constexpr std::size_t control_size = CMSG_SPACE(sizeof(std::uint32_t)) + 64;

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

}  // namespace

ReceivedDatagram received_from(std::span<const char> buffer, std::size_t result,
                               const sockaddr_storage& from) {
  ReceivedDatagram d;
  d.length = result;
  d.truncated = result > buffer.size();
  d.data = std::string_view(buffer.data(), std::min(result, buffer.size()));
  d.from = to_endpoint(from);
  return d;
}

void enable_drop_counter(int fd) {
  int on = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_RXQ_OVFL, &on, sizeof on);  // best effort: old kernels lack it
}

std::size_t granted_receive_buffer(int fd) {
  int value = 0;
  socklen_t length = sizeof value;
  if (::getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &value, &length) != 0) return 0;
  return static_cast<std::size_t>(value);
}

std::optional<std::uint32_t> kernel_drops(int fd) {
  std::uint32_t info[SK_MEMINFO_VARS] = {};
  socklen_t length = sizeof info;
  if (::getsockopt(fd, SOL_SOCKET, SO_MEMINFO, info, &length) != 0 ||
      length < sizeof(std::uint32_t) * (SK_MEMINFO_DROPS + 1))
    return std::nullopt;
  return info[SK_MEMINFO_DROPS];
}

BatchReceiver::BatchReceiver(std::size_t read_size, std::size_t batch)
    : read_size_(read_size),
      buffers_(read_size * batch),
      names_(batch),
      controls_(control_size * batch),
      iovecs_(batch),
      headers_(batch),
      received_(batch) {}

std::size_t BatchReceiver::receive(int fd, std::error_code& ec) {
  ec.clear();
  for (std::size_t i = 0; i < headers_.size(); ++i) {
    iovecs_[i] = {buffers_.data() + i * read_size_, read_size_};
    msghdr& h = headers_[i].msg_hdr;
    h = {};
    h.msg_name = &names_[i];
    h.msg_namelen = sizeof(sockaddr_storage);
    h.msg_iov = &iovecs_[i];
    h.msg_iovlen = 1;
    h.msg_control = controls_.data() + i * control_size;
    h.msg_controllen = control_size;
  }
  // MSG_TRUNC: msg_len is the datagram's real length even when the buffer was smaller.
  const int n = ::recvmmsg(fd, headers_.data(), static_cast<unsigned>(headers_.size()),
                           MSG_DONTWAIT | MSG_TRUNC, nullptr);
  if (n < 0) {
    if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
      ec = std::error_code(errno, std::generic_category());
    return 0;
  }
  for (int i = 0; i < n; ++i) {
    const msghdr& h = headers_[i].msg_hdr;
    ReceivedDatagram& d = received_[i];
    d.length = headers_[i].msg_len;
    d.truncated = (h.msg_flags & MSG_TRUNC) != 0 || d.length > read_size_;
    d.data = std::string_view(buffers_.data() + i * read_size_, std::min(d.length, read_size_));
    d.from = to_endpoint(names_[i]);
    for (cmsghdr* c = CMSG_FIRSTHDR(&h); c != nullptr; c = CMSG_NXTHDR(const_cast<msghdr*>(&h), c))
      if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SO_RXQ_OVFL) {
        std::uint32_t counter = 0;
        std::memcpy(&counter, CMSG_DATA(c), sizeof counter);
        drops_ = counter;
      }
  }
  return static_cast<std::size_t>(n);
}

namespace {
// UDP_MAX_SEGMENTS of older kernels (newer ones take 128): the most a message may carry.
constexpr std::size_t max_segments = 64;
constexpr std::size_t segment_control_size = CMSG_SPACE(sizeof(std::uint16_t));

// Errors that say "this kernel or route cannot segment", after which plain messages work.
bool segmentation_unsupported(int error) {
  return error == EIO || error == EINVAL || error == EOPNOTSUPP || error == ENOPROTOOPT ||
         error == EMSGSIZE;
}
}  // namespace

BatchSender::BatchSender(std::size_t size, std::size_t batch,
                         std::optional<asio::ip::udp::endpoint> to)
    : size_(size),
      capacity_(std::max<std::size_t>(batch, 1)),
      segments_(std::clamp<std::size_t>(65000 / std::max<std::size_t>(size, 1), 1, max_segments)),
      buffers_(size * capacity_),
      iovecs_(capacity_),
      headers_(capacity_),
      datagrams_in_(capacity_),
      controls_(segment_control_size * capacity_) {
  if (capacity_ == 1) segments_ = 1;
  // The payload after the header: a recognisable pattern, written once.
  for (std::size_t i = 0; i < buffers_.size(); ++i)
    buffers_[i] = static_cast<std::byte>('a' + (i % size_) % 26);
  if (to) {
    to_length_ = static_cast<socklen_t>(to->size());
    std::memcpy(&to_, to->data(), to->size());
  }
}

std::size_t BatchSender::prepare_messages(std::size_t count) {
  std::size_t messages = 0;
  for (std::size_t first = 0; first < count; first += segments_, ++messages) {
    const std::size_t carried = std::min(segments_, count - first);
    datagrams_in_[messages] = carried;
    iovecs_[messages] = {buffers_.data() + first * size_, carried * size_};
    msghdr& h = headers_[messages].msg_hdr;
    h = {};
    h.msg_name = to_length_ ? &to_ : nullptr;
    h.msg_namelen = to_length_;
    h.msg_iov = &iovecs_[messages];
    h.msg_iovlen = 1;
    if (carried > 1) {  // cut into datagrams of size_ bytes each by the kernel
      char* control = controls_.data() + messages * segment_control_size;
      h.msg_control = control;
      h.msg_controllen = segment_control_size;
      cmsghdr* c = CMSG_FIRSTHDR(&h);
      c->cmsg_level = SOL_UDP;
      c->cmsg_type = UDP_SEGMENT;
      c->cmsg_len = CMSG_LEN(sizeof(std::uint16_t));
      const auto segment = static_cast<std::uint16_t>(size_);
      std::memcpy(CMSG_DATA(c), &segment, sizeof segment);
    }
  }
  return messages;
}

std::size_t BatchSender::send(int fd, std::uint64_t first, std::size_t count, std::uint64_t total,
                              std::error_code& ec) {
  ec.clear();
  count = std::min(count, capacity_);
  const std::uint64_t stamp = now_ns();
  for (std::size_t i = 0; i < count; ++i)
    wire::encode({first + i, total, stamp}, std::span(buffers_.data() + i * size_, size_));
  for (;;) {
    const std::size_t messages = prepare_messages(count);
    const int n = ::sendmmsg(fd, headers_.data(), static_cast<unsigned>(messages), 0);
    if (n >= 0) {
      std::size_t sent = 0;
      for (int i = 0; i < n; ++i)
        sent += datagrams_in_[static_cast<std::size_t>(i)];
      return sent;
    }
    if (errno == EINTR) continue;
    if (segments_ > 1 && segmentation_unsupported(errno)) {
      segments_ = 1;  // this kernel or route cannot segment: one datagram per message
      continue;
    }
    ec = std::error_code(errno, std::generic_category());
    return 0;
  }
}

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
