#pragma once
// Many datagrams per system call, and what the kernel says about them, for the UDP lab.
// Asio sends and receives one datagram at a time and hides the control messages (SO_RXQ_OVFL's
// drop counter, MSG_TRUNC's real length), so both programs call sendmmsg/recvmmsg on the socket's
// native handle here. Linux only.
#include <sys/socket.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <system_error>
#include <vector>

#include <asio/ip/udp.hpp>

#include "wire/header.hpp"

namespace lab::udp {

// Asks the kernel to attach its drop counter (SO_RXQ_OVFL) to every datagram received.
void enable_drop_counter(int fd);
// SO_RCVBUF as the kernel granted it (Linux doubles what was asked, within rmem limits).
std::size_t granted_receive_buffer(int fd);
// The socket's drop counter right now (SO_MEMINFO), if the kernel tells.
std::optional<std::uint32_t> kernel_drops(int fd);

struct ReceivedDatagram {
  std::string_view data;   // the bytes read (at most the read size)
  std::size_t length = 0;  // the datagram's real length (MSG_TRUNC)
  bool truncated = false;  // length > data.size(): the rest is gone
  asio::ip::udp::endpoint from;
};

// What one recvfrom(fd, buffer, size, MSG_TRUNC, &from, &from_length) returned, as a
// ReceivedDatagram: `result` is the datagram's real length (MSG_TRUNC), `buffer` what was read.
ReceivedDatagram received_from(std::span<const char> buffer, std::size_t result,
                               const sockaddr_storage& from);

// Up to `batch` datagrams per recvmmsg, each read into a buffer of `read_size` bytes.
class BatchReceiver {
 public:
  BatchReceiver(std::size_t read_size, std::size_t batch);
  // Reads what is queued without waiting. Returns the number read (0 when nothing is queued).
  std::size_t receive(int fd, std::error_code& ec);
  const ReceivedDatagram& operator[](std::size_t i) const { return received_[i]; }
  std::size_t batch() const { return headers_.size(); }
  // The kernel's drop counter from the last datagram that carried it (SO_RXQ_OVFL).
  std::optional<std::uint32_t> last_drop_counter() const { return drops_; }

 private:
  std::size_t read_size_;
  std::vector<char> buffers_;
  std::vector<sockaddr_storage> names_;
  std::vector<char> controls_;
  std::vector<struct iovec> iovecs_;
  std::vector<struct mmsghdr> headers_;
  std::vector<ReceivedDatagram> received_;
  std::optional<std::uint32_t> drops_;
};

// How many numbered datagrams lab-udp-sender hands the kernel per call at full speed.
inline constexpr std::size_t full_speed_batch = 512;

// Numbered lab datagrams of `size` bytes, up to `batch` per call. The fast path: sendmmsg with
// UDP segmentation offload (UDP_SEGMENT): one message carries up to 64 datagrams of equal size
// and the kernel cuts it into separate datagrams, so the receiver still gets one datagram per
// recvfrom, numbered one by one. Where the kernel or the route cannot segment, it falls back to
// one datagram per message (still many messages per sendmmsg).
class BatchSender {
 public:
  // `to` is empty for a connected socket.
  BatchSender(std::size_t size, std::size_t batch, std::optional<asio::ip::udp::endpoint> to);
  // Sends datagrams first .. first+count-1 (count <= batch) of `total`. Returns how many the
  // kernel took (it may take fewer); sets ec on failure.
  std::size_t send(int fd, std::uint64_t first, std::size_t count, std::uint64_t total,
                   std::error_code& ec);
  std::size_t batch() const { return capacity_; }
  // Datagram `sequence` of `total`, encoded in the first slot, for a caller that sends it itself.
  std::span<const std::byte> numbered(std::uint64_t sequence, std::uint64_t total);
  // The destination for sendto(): null (and 0) for a connected socket.
  const sockaddr* to() const {
    return to_length_ ? reinterpret_cast<const sockaddr*>(&to_) : nullptr;
  }
  socklen_t to_length() const { return to_length_; }
  // Whether the last send() used segmentation offload (for tests and benchmarks).
  bool segmenting() const { return segments_ > 1; }

 private:
  // Lays out `count` datagrams as messages (groups of segments_), returns how many messages.
  std::size_t prepare_messages(std::size_t count);

  std::size_t size_;
  std::size_t capacity_;
  std::size_t segments_;  // datagrams per message: > 1 with UDP_SEGMENT, else 1
  std::vector<std::byte> buffers_;
  sockaddr_storage to_{};
  socklen_t to_length_ = 0;
  std::vector<struct iovec> iovecs_;
  std::vector<struct mmsghdr> headers_;
  std::vector<std::size_t> datagrams_in_;  // datagrams carried by each prepared message
  std::vector<char> controls_;
};

// Nanoseconds since the Unix epoch (what the header's send time carries).
std::uint64_t now_ns();

}  // namespace lab::udp
