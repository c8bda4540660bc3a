#pragma once
// The UDP system calls of the UDP lab, one backend per OS behind this one interface:
//   batch_io_linux.cpp    Linux: sendto/recvfrom, and many datagrams per call (sendmmsg/recvmmsg)
//                         with what the kernel says about them (SO_RXQ_OVFL's drop counter,
//                         MSG_TRUNC's real length, SO_MEMINFO), which Asio does not expose;
//   batch_io_windows.cpp  Winsock: plain sendto/recvfrom, one datagram per call (a batch of 1),
//                         SIO_UDP_CONNRESET, and a list of the counters Winsock cannot give.
// Errors come back as std::error_code in Asio's system category (errno on Linux, WSA codes on
// Windows), so they compare equal to asio::error constants.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include <asio/ip/udp.hpp>

#include "wire/header.hpp"

struct sockaddr_storage;  // the OS's socket headers define it

namespace lab::udp {

// A socket as the OS names it: a file descriptor (int) on Linux, a SOCKET handle on Windows.
using native_socket = asio::ip::udp::socket::native_handle_type;

// --- One datagram per call: what the textbook calls --------------------------------------------

struct ReceivedDatagram {
  std::string_view data;     // the bytes read (at most the read size)
  std::size_t length = 0;    // the datagram's real length (MSG_TRUNC), when length_known
  bool truncated = false;    // the datagram was longer than the buffer: the rest is gone
  bool length_known = true;  // false where the OS does not say how long it was (Winsock)
  asio::ip::udp::endpoint from;
};

// sendto(): one datagram to `to`, or to the connected peer when `to` is null. {} on success.
std::error_code sendto(native_socket socket, std::span<const std::byte> datagram,
                       const asio::ip::udp::endpoint* to);
std::error_code sendto(native_socket socket, std::string_view datagram,
                       const asio::ip::udp::endpoint* to);
// recvfrom(): one datagram into `buffer`, and who sent it, without waiting: nullopt when
// nothing is queued (or on an error, then in `ec`).
std::optional<ReceivedDatagram> recvfrom(native_socket socket, std::span<char> buffer,
                                         std::error_code& ec);
// Waits up to `timeout_ms` for a datagram (or an error) to be ready to read (poll / WSAPoll).
bool wait_readable(native_socket socket, int timeout_ms);

// --- ICMP port unreachable ------------------------------------------------------------------

// Whether `ec` is the ICMP "port unreachable" of an earlier datagram coming back: ECONNREFUSED
// on a connected Linux socket; WSAECONNRESET 10054 from a Winsock recvfrom (connected or not).
bool is_port_unreachable(std::error_code ec);
// Whether this OS reports port unreachable on a socket that never called connect(): Windows
// does (recvfrom fails with WSAECONNRESET unless SIO_UDP_CONNRESET is turned off), Linux not.
bool unconnected_socket_hears_port_unreachable();
// After the last datagram: waits up to `wait_ms` for a port unreachable to be reported on the
// socket (Linux: SO_ERROR; Windows: recvfrom's error, or SO_ERROR under Wine). The error, or {}
// when none came.
std::error_code port_unreachable_after_send(native_socket socket, int wait_ms);
// Windows: turns SIO_UDP_CONNRESET off, so that a port unreachable earned by one datagram can
// never fail a later recvfrom. Linux: nothing to do (an unconnected socket hears none).
void keep_receiving_after_port_unreachable(native_socket socket);

// An error as a student reads it: strerror's text on Linux ("Connection refused"), the WSA name
// and number on Windows ("WSAECONNRESET 10054").
std::string error_text(std::error_code ec);
// The error's short name: "ECONNREFUSED" on Linux, "WSAECONNRESET 10054" on Windows.
std::string error_name(std::error_code ec);

// --- What the kernel tells about a socket -----------------------------------------------------

// Asks the kernel to attach its drop counter (SO_RXQ_OVFL) to every datagram received.
void enable_drop_counter(native_socket socket);
// SO_RCVBUF as the kernel granted it (Linux doubles what was asked, within rmem limits).
std::size_t granted_receive_buffer(native_socket socket);
// The socket's drop counter right now (SO_MEMINFO), if the kernel tells.
std::optional<std::uint32_t> kernel_drops(native_socket socket);

// A counter the receiver keeps on Linux that this OS cannot give, and why (for the summary, so
// that it says "not available" instead of printing a zero).
struct MissingCounter {
  std::string_view key;  // the --json summary's field, null on this OS
  std::string_view en, ko;
};
std::span<const MissingCounter> counters_not_available();

// --- Many datagrams per call (Linux); one per call elsewhere ----------------------------------

// Up to `batch` datagrams per recvmmsg, each read into a buffer of `read_size` bytes.
class BatchReceiver {
 public:
  BatchReceiver(std::size_t read_size, std::size_t batch);
  ~BatchReceiver();
  // Reads what is queued without waiting. Returns the number read (0 when nothing is queued).
  std::size_t receive(native_socket socket, std::error_code& ec);
  const ReceivedDatagram& operator[](std::size_t i) const { return received_[i]; }
  std::size_t batch() const { return received_.size(); }
  // The kernel's drop counter from the last datagram that carried it (SO_RXQ_OVFL).
  std::optional<std::uint32_t> last_drop_counter() const { return drops_; }

 private:
  struct Buffers;  // the OS's message headers
  std::size_t read_size_;
  std::vector<char> buffers_;
  std::vector<ReceivedDatagram> received_;
  std::unique_ptr<Buffers> os_;
  std::optional<std::uint32_t> drops_;
};

// How many numbered datagrams lab-udp-sender hands the kernel per call at full speed (where the
// OS has no sendmmsg, BatchSender takes one at a time whatever it is asked for).
inline constexpr std::size_t full_speed_batch = 512;

// Numbered lab datagrams of `size` bytes, up to `batch` per call. The fast path: sendmmsg with
// UDP segmentation offload (UDP_SEGMENT): one message carries up to 64 datagrams of equal size
// and the kernel cuts it into separate datagrams, so the receiver still gets one datagram per
// recvfrom, numbered one by one. Where the kernel or the route cannot segment, it falls back to
// one datagram per message (still many messages per sendmmsg). Windows: one sendto per datagram.
class BatchSender {
 public:
  // `to` is empty for a connected socket.
  BatchSender(std::size_t size, std::size_t batch, std::optional<asio::ip::udp::endpoint> to);
  ~BatchSender();
  // Sends datagrams first .. first+count-1 (count <= batch) of `total`. Returns how many the
  // kernel took (it may take fewer); sets ec on failure.
  std::size_t send(native_socket socket, std::uint64_t first, std::size_t count,
                   std::uint64_t total, std::error_code& ec);
  std::size_t batch() const { return capacity_; }
  // Datagram `sequence` of `total`, encoded in the first slot, for a caller that sends it itself.
  std::span<const std::byte> numbered(std::uint64_t sequence, std::uint64_t total);
  // Whether the last send() used segmentation offload (for tests and benchmarks).
  bool segmenting() const { return segments_ > 1; }

 private:
  struct Messages;  // the OS's message headers
  std::size_t size_;
  std::size_t capacity_;
  std::size_t segments_;  // datagrams per message: > 1 with UDP_SEGMENT, else 1
  std::vector<std::byte> buffers_;
  std::optional<asio::ip::udp::endpoint> to_;
  std::unique_ptr<Messages> os_;
};

// Nanoseconds since the Unix epoch (what the header's send time carries).
std::uint64_t now_ns();

// For the backends: the sender's address as recvfrom/recvmmsg wrote it (IPv4 or IPv6).
asio::ip::udp::endpoint to_endpoint(const sockaddr_storage& name);

}  // namespace lab::udp
