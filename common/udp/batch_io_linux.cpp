// The UDP lab's system calls on Linux (batch_io.hpp): sendto/recvfrom, sendmmsg/recvmmsg with
// control messages, SO_RXQ_OVFL, SO_MEMINFO.
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <netinet/udp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>

#include "udp/batch_io.hpp"

#include "cli/error_names.hpp"

namespace lab::udp {
namespace {

// Room for one SO_RXQ_OVFL control message (a 32-bit counter) and then some.
constexpr std::size_t control_size = CMSG_SPACE(sizeof(std::uint32_t)) + 64;

std::error_code last_error() {
  return {errno, asio::error::get_system_category()};
}

}  // namespace

std::error_code sendto(native_socket socket, std::span<const std::byte> datagram,
                       const asio::ip::udp::endpoint* to) {
  for (;;) {
    const ssize_t n =
        ::sendto(socket, datagram.data(), datagram.size(), 0, to ? to->data() : nullptr,
                 to ? static_cast<socklen_t>(to->size()) : 0);
    if (n >= 0) return {};
    if (errno != EINTR) return last_error();
  }
}

std::error_code sendto(native_socket socket, std::string_view datagram,
                       const asio::ip::udp::endpoint* to) {
  return sendto(socket, std::as_bytes(std::span(datagram.data(), datagram.size())), to);
}

std::optional<ReceivedDatagram> recvfrom(native_socket socket, std::span<char> buffer,
                                         std::error_code& ec) {
  ec.clear();
  sockaddr_storage from{};
  socklen_t from_length = sizeof from;
  // MSG_TRUNC: the result is the datagram's real length, even when only part of it fit.
  const ssize_t n = ::recvfrom(socket, buffer.data(), buffer.size(), MSG_DONTWAIT | MSG_TRUNC,
                               reinterpret_cast<sockaddr*>(&from), &from_length);
  if (n < 0) {
    if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) ec = last_error();
    return std::nullopt;
  }
  ReceivedDatagram d;
  d.length = static_cast<std::size_t>(n);
  d.truncated = d.length > buffer.size();
  d.data = std::string_view(buffer.data(), std::min(d.length, buffer.size()));
  d.from = to_endpoint(from);
  return d;
}

bool wait_readable(native_socket socket, int timeout_ms) {
  pollfd p{socket, POLLIN, 0};
  return ::poll(&p, 1, timeout_ms) > 0;
}

bool is_port_unreachable(std::error_code ec) {
  return ec == asio::error::connection_refused;
}

bool unconnected_socket_hears_port_unreachable() {
  return false;
}

std::error_code port_unreachable_after_send(native_socket socket, int wait_ms) {
  // The ICMP error waits on the socket as a pending error (POLLERR), read with SO_ERROR.
  pollfd p{socket, 0, 0};
  if (::poll(&p, 1, wait_ms) <= 0 || !(p.revents & POLLERR)) return {};
  int error = 0;
  socklen_t length = sizeof error;
  ::getsockopt(socket, SOL_SOCKET, SO_ERROR, &error, &length);
  const std::error_code ec(error, asio::error::get_system_category());
  return is_port_unreachable(ec) ? ec : std::error_code();
}

void keep_receiving_after_port_unreachable(native_socket) {}

std::string error_text(std::error_code ec) {
  return std::strerror(ec.value());
}

std::string error_name(std::error_code ec) {
  const std::string name = error_label(ec.value());
  return name.empty() ? error_text(ec) : name;
}

void enable_drop_counter(native_socket fd) {
  int on = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_RXQ_OVFL, &on, sizeof on);  // best effort: old kernels lack it
}

std::size_t granted_receive_buffer(native_socket fd) {
  int value = 0;
  socklen_t length = sizeof value;
  if (::getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &value, &length) != 0) return 0;
  return static_cast<std::size_t>(value);
}

std::optional<std::uint32_t> kernel_drops(native_socket fd) {
  std::uint32_t info[SK_MEMINFO_VARS] = {};
  socklen_t length = sizeof info;
  if (::getsockopt(fd, SOL_SOCKET, SO_MEMINFO, info, &length) != 0 ||
      length < sizeof(std::uint32_t) * (SK_MEMINFO_DROPS + 1))
    return std::nullopt;
  return info[SK_MEMINFO_DROPS];
}

std::span<const MissingCounter> counters_not_available() {
  return {};  // Linux gives every counter the receiver keeps
}

struct BatchReceiver::Buffers {
  explicit Buffers(std::size_t batch)
      : names(batch), controls(control_size * batch), iovecs(batch), headers(batch) {}
  std::vector<sockaddr_storage> names;
  std::vector<char> controls;
  std::vector<struct iovec> iovecs;
  std::vector<struct mmsghdr> headers;
};

BatchReceiver::BatchReceiver(std::size_t read_size, std::size_t batch)
    : read_size_(read_size),
      buffers_(read_size * batch),
      received_(batch),
      os_(std::make_unique<Buffers>(batch)) {}

BatchReceiver::~BatchReceiver() = default;

std::size_t BatchReceiver::receive(native_socket fd, std::error_code& ec) {
  ec.clear();
  Buffers& b = *os_;
  for (std::size_t i = 0; i < b.headers.size(); ++i) {
    b.iovecs[i] = {buffers_.data() + i * read_size_, read_size_};
    msghdr& h = b.headers[i].msg_hdr;
    h = {};
    h.msg_name = &b.names[i];
    h.msg_namelen = sizeof(sockaddr_storage);
    h.msg_iov = &b.iovecs[i];
    h.msg_iovlen = 1;
    h.msg_control = b.controls.data() + i * control_size;
    h.msg_controllen = control_size;
  }
  // MSG_TRUNC: msg_len is the datagram's real length even when the buffer was smaller.
  const int n = ::recvmmsg(fd, b.headers.data(), static_cast<unsigned>(b.headers.size()),
                           MSG_DONTWAIT | MSG_TRUNC, nullptr);
  if (n < 0) {
    if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) ec = last_error();
    return 0;
  }
  for (int i = 0; i < n; ++i) {
    const msghdr& h = b.headers[i].msg_hdr;
    ReceivedDatagram& d = received_[i];
    d.length = b.headers[i].msg_len;
    d.truncated = (h.msg_flags & MSG_TRUNC) != 0 || d.length > read_size_;
    d.data = std::string_view(buffers_.data() + i * read_size_, std::min(d.length, read_size_));
    d.from = to_endpoint(b.names[i]);
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

struct BatchSender::Messages {
  explicit Messages(std::size_t capacity)
      : iovecs(capacity),
        headers(capacity),
        datagrams_in(capacity),
        controls(segment_control_size * capacity) {}
  // Lays out `count` datagrams as messages (groups of `segments`), returns how many messages.
  std::size_t prepare(std::size_t count, std::size_t segments, std::size_t size,
                      std::vector<std::byte>& buffers);
  sockaddr_storage to{};
  socklen_t to_length = 0;
  std::vector<struct iovec> iovecs;
  std::vector<struct mmsghdr> headers;
  std::vector<std::size_t> datagrams_in;  // datagrams carried by each prepared message
  std::vector<char> controls;
};

BatchSender::BatchSender(std::size_t size, std::size_t batch,
                         std::optional<asio::ip::udp::endpoint> to)
    : size_(size),
      capacity_(std::max<std::size_t>(batch, 1)),
      segments_(std::clamp<std::size_t>(65000 / std::max<std::size_t>(size, 1), 1, max_segments)),
      buffers_(size * capacity_),
      to_(to),
      os_(std::make_unique<Messages>(capacity_)) {
  if (capacity_ == 1) segments_ = 1;
  // The payload after the header: a recognisable pattern, written once.
  for (std::size_t i = 0; i < buffers_.size(); ++i)
    buffers_[i] = static_cast<std::byte>('a' + (i % size_) % 26);
  if (to) {
    os_->to_length = static_cast<socklen_t>(to->size());
    std::memcpy(&os_->to, to->data(), to->size());
  }
}

BatchSender::~BatchSender() = default;

std::size_t BatchSender::Messages::prepare(std::size_t count, std::size_t segments,
                                           std::size_t size, std::vector<std::byte>& buffers) {
  std::size_t messages = 0;
  for (std::size_t first = 0; first < count; first += segments, ++messages) {
    const std::size_t carried = std::min(segments, count - first);
    datagrams_in[messages] = carried;
    iovecs[messages] = {buffers.data() + first * size, carried * size};
    msghdr& h = headers[messages].msg_hdr;
    h = {};
    h.msg_name = to_length ? &to : nullptr;
    h.msg_namelen = to_length;
    h.msg_iov = &iovecs[messages];
    h.msg_iovlen = 1;
    if (carried > 1) {  // cut into datagrams of `size` bytes each by the kernel
      char* control = controls.data() + messages * segment_control_size;
      h.msg_control = control;
      h.msg_controllen = segment_control_size;
      cmsghdr* c = CMSG_FIRSTHDR(&h);
      c->cmsg_level = SOL_UDP;
      c->cmsg_type = UDP_SEGMENT;
      c->cmsg_len = CMSG_LEN(sizeof(std::uint16_t));
      const auto segment = static_cast<std::uint16_t>(size);
      std::memcpy(CMSG_DATA(c), &segment, sizeof segment);
    }
  }
  return messages;
}

std::size_t BatchSender::send(native_socket fd, std::uint64_t first, std::size_t count,
                              std::uint64_t total, std::error_code& ec) {
  ec.clear();
  count = std::min(count, capacity_);
  const std::uint64_t stamp = now_ns();
  for (std::size_t i = 0; i < count; ++i)
    wire::encode({first + i, total, stamp}, std::span(buffers_.data() + i * size_, size_));
  for (;;) {
    const std::size_t messages = os_->prepare(count, segments_, size_, buffers_);
    const int n = ::sendmmsg(fd, os_->headers.data(), static_cast<unsigned>(messages), 0);
    if (n >= 0) {
      std::size_t sent = 0;
      for (int i = 0; i < n; ++i)
        sent += os_->datagrams_in[static_cast<std::size_t>(i)];
      return sent;
    }
    if (errno == EINTR) continue;
    if (segments_ > 1 && segmentation_unsupported(errno)) {
      segments_ = 1;  // this kernel or route cannot segment: one datagram per message
      continue;
    }
    ec = last_error();
    return 0;
  }
}

}  // namespace lab::udp
