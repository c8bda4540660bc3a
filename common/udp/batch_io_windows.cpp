// The UDP lab's system calls on Windows (batch_io.hpp): Winsock's sendto and recvfrom, one
// datagram per call. Winsock has no sendmmsg/recvmmsg, no SO_RXQ_OVFL or SO_MEMINFO (the
// kernel's drop counter) and no MSG_TRUNC (a datagram longer than the buffer fails recvfrom with
// WSAEMSGSIZE, without its real length); counters_not_available() names what the receiver
// therefore cannot count here.
//
// Windows' own UDP rule: after a datagram earns an ICMP port unreachable, the socket's next
// recvfrom fails with WSAECONNRESET 10054, connected or not, unless WSAIoctl SIO_UDP_CONNRESET
// turned that off (Linux tells only a connected socket, as ECONNREFUSED).
#include <winsock2.h>
#include <ws2tcpip.h>
// After winsock2.h, which it needs: SIO_UDP_CONNRESET.
#include <mstcpip.h>

#include <algorithm>
#include <chrono>
#include <cstring>

#include <fmt/format.h>

#include "cli/error_names.hpp"
#include "udp/batch_io.hpp"

namespace lab::udp {
namespace {

std::error_code last_error() {
  return {WSAGetLastError(), asio::error::get_system_category()};
}

constexpr MissingCounter missing[] = {
    {"kernel_drops",
     "kernel drops (Winsock has no SO_RXQ_OVFL or SO_MEMINFO: a datagram dropped for want of "
     "buffer space shows only as lost)",
     "커널이 버린 수 (Winsock에는 SO_RXQ_OVFL, SO_MEMINFO가 없음: 버퍼가 모자라 버려진 "
     "데이터그램은 손실로만 보임)"},
    {"truncated_bytes_lost",
     "bytes lost to truncation (no MSG_TRUNC: WSAEMSGSIZE says a datagram was longer, not how "
     "long)",
     "잘려서 사라진 바이트 수 (MSG_TRUNC가 없음: WSAEMSGSIZE는 데이터그램이 더 길었다는 것만 "
     "알려 줌)"},
};

}  // namespace

std::error_code sendto(native_socket socket, std::span<const std::byte> datagram,
                       const asio::ip::udp::endpoint* to) {
  const int n = ::sendto(socket, reinterpret_cast<const char*>(datagram.data()),
                         static_cast<int>(datagram.size()), 0, to ? to->data() : nullptr,
                         to ? static_cast<int>(to->size()) : 0);
  return n == SOCKET_ERROR ? last_error() : std::error_code();
}

std::error_code sendto(native_socket socket, std::string_view datagram,
                       const asio::ip::udp::endpoint* to) {
  return sendto(socket, std::as_bytes(std::span(datagram.data(), datagram.size())), to);
}

bool wait_readable(native_socket socket, int timeout_ms) {
  WSAPOLLFD p{};
  p.fd = socket;
  p.events = POLLRDNORM;
  return WSAPoll(&p, 1, timeout_ms) > 0;
}

std::optional<ReceivedDatagram> recvfrom(native_socket socket, std::span<char> buffer,
                                         std::error_code& ec) {
  ec.clear();
  // Without waiting: Winsock has no MSG_DONTWAIT, so ask first whether anything is there.
  if (!wait_readable(socket, 0)) return std::nullopt;
  sockaddr_storage from{};
  int from_length = sizeof from;
  const int n = ::recvfrom(socket, buffer.data(), static_cast<int>(buffer.size()), 0,
                           reinterpret_cast<sockaddr*>(&from), &from_length);
  ReceivedDatagram d;
  if (n == SOCKET_ERROR) {
    const int error = WSAGetLastError();
    if (error == WSAEWOULDBLOCK) return std::nullopt;
    if (error != WSAEMSGSIZE) {
      ec = std::error_code(error, asio::error::get_system_category());
      return std::nullopt;
    }
    // Longer than the buffer: the buffer is full, the rest is gone, and its length unknown.
    d.length = buffer.size();
    d.truncated = true;
    d.length_known = false;
  } else {
    d.length = static_cast<std::size_t>(n);
  }
  d.data = std::string_view(buffer.data(), std::min(d.length, buffer.size()));
  d.from = to_endpoint(from);
  return d;
}

bool is_port_unreachable(std::error_code ec) {
  // Windows says WSAECONNRESET; Wine, on Linux sockets, may pass Linux's ECONNREFUSED on.
  return ec == asio::error::connection_reset || ec == asio::error::connection_refused;
}

bool unconnected_socket_hears_port_unreachable() {
  return true;
}

std::error_code port_unreachable_after_send(native_socket socket, int wait_ms) {
  const bool readable = wait_readable(socket, wait_ms);
  // Wine (Linux sockets underneath) keeps a connected socket's ICMP error as a pending SO_ERROR
  // (WSAECONNREFUSED) and never makes the socket readable: ask for it as well.
  int error = 0;
  int length = sizeof error;
  if (::getsockopt(socket, SOL_SOCKET, SO_ERROR, reinterpret_cast<char*>(&error), &length) == 0 &&
      is_port_unreachable({error, asio::error::get_system_category()}))
    return {error, asio::error::get_system_category()};
  if (!readable) return {};
  // Windows: the next recvfrom fails with WSAECONNRESET (a datagram that came instead is taken).
  char reply[2048];
  sockaddr_storage from{};
  int from_length = sizeof from;
  if (::recvfrom(socket, reply, sizeof reply, 0, reinterpret_cast<sockaddr*>(&from),
                 &from_length) != SOCKET_ERROR)
    return {};
  const std::error_code ec = last_error();
  return is_port_unreachable(ec) ? ec : std::error_code();
}

void keep_receiving_after_port_unreachable(native_socket socket) {
  BOOL report = FALSE;
  DWORD returned = 0;
  // Best effort: without it a vanished peer's ICMP would only cost one failed recvfrom.
  WSAIoctl(socket, SIO_UDP_CONNRESET, &report, sizeof report, nullptr, 0, &returned, nullptr,
           nullptr);
}

std::string error_text(std::error_code ec) {
  const std::string name = error_label(ec.value());
  return name.empty() ? fmt::format("WSA error {}", ec.value()) : name;
}

std::string error_name(std::error_code ec) {
  return error_text(ec);
}

void enable_drop_counter(native_socket) {}  // no SO_RXQ_OVFL in Winsock

std::size_t granted_receive_buffer(native_socket socket) {
  int value = 0;
  int length = sizeof value;
  if (::getsockopt(socket, SOL_SOCKET, SO_RCVBUF, reinterpret_cast<char*>(&value), &length) != 0)
    return 0;
  return static_cast<std::size_t>(value);
}

std::optional<std::uint32_t> kernel_drops(native_socket) {
  return std::nullopt;  // no SO_MEMINFO in Winsock
}

std::span<const MissingCounter> counters_not_available() {
  return missing;
}

// One datagram per recvfrom: nothing of the OS's to keep.
struct BatchReceiver::Buffers {};

BatchReceiver::BatchReceiver(std::size_t read_size, std::size_t)
    : read_size_(read_size), buffers_(read_size), received_(1) {}

BatchReceiver::~BatchReceiver() = default;

std::size_t BatchReceiver::receive(native_socket socket, std::error_code& ec) {
  const auto d = recvfrom(socket, buffers_, ec);
  if (!d) return 0;
  received_[0] = *d;
  return 1;
}

struct BatchSender::Messages {};

BatchSender::BatchSender(std::size_t size, std::size_t, std::optional<asio::ip::udp::endpoint> to)
    : size_(size), capacity_(1), segments_(1), buffers_(size), to_(to) {
  for (std::size_t i = 0; i < buffers_.size(); ++i)
    buffers_[i] = static_cast<std::byte>('a' + i % 26);
}

BatchSender::~BatchSender() = default;

std::size_t BatchSender::send(native_socket socket, std::uint64_t first, std::size_t count,
                              std::uint64_t total, std::error_code& ec) {
  ec.clear();
  if (count == 0) return 0;
  ec = sendto(socket, numbered(first, total), to_ ? &*to_ : nullptr);
  return ec ? 0 : 1;
}

}  // namespace lab::udp
