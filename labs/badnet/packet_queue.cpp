#include "packet_queue.hpp"

extern "C" {
#include <libnetfilter_queue/libnetfilter_queue.h>
#include <libnfnetlink/libnfnetlink.h>
}
#include <arpa/inet.h>
#include <linux/netfilter.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "cli/app.hpp"
#include "cli/lang.hpp"

namespace badnet_lab {

namespace {
int on_queued(nfq_q_handle*, nfgenmsg*, nfq_data* data, void* self) {
  auto* queue = static_cast<PacketQueue*>(self);
  QueuedPacket packet;
  if (const auto* header = nfq_get_msg_packet_hdr(data)) packet.id = ntohl(header->packet_id);
  unsigned char* payload = nullptr;
  const int length = nfq_get_payload(data, &payload);
  if (length > 0) packet.bytes = {payload, static_cast<std::size_t>(length)};
  // Only the headers may have been copied: the whole packet's length is in its IP header.
  packet.length = packet.bytes.size();
  if (packet.bytes.size() >= 4 && (packet.bytes[0] >> 4) == 4)
    packet.length = static_cast<std::size_t>(packet.bytes[2] << 8 | packet.bytes[3]);
  else if (packet.bytes.size() >= 6 && (packet.bytes[0] >> 4) == 6)
    packet.length = 40 + static_cast<std::size_t>(packet.bytes[4] << 8 | packet.bytes[5]);
  queue->deliver(packet);
  return 0;
}
}  // namespace

PacketQueue::PacketQueue(std::uint16_t first, int tries, std::uint32_t copy_bytes,
                         std::uint32_t max_packets) {
  handle_ = nfq_open();
  if (!handle_)
    lab::fail(lab::trf("cannot open an NFQUEUE socket: {}", "NFQUEUE 소켓을 열 수 없습니다: {}",
                       std::strerror(errno)));
  for (int i = 0; i < tries && !queue_; ++i) {
    number_ = static_cast<std::uint16_t>(first + i);
    queue_ = nfq_create_queue(handle_, number_, &on_queued, this);
  }
  if (!queue_) {
    nfq_close(handle_);
    lab::fail(lab::trf("no free NFQUEUE number from {} on", "{}번부터 빈 NFQUEUE 번호가 없습니다",
                       first));
  }
  // The kernel completes loopback checksums for us because we do not ask for GSO packets. Small
  // copies keep a flood's messages small, so our socket's buffer holds many of them.
  nfq_set_mode(queue_, NFQNL_COPY_PACKET, copy_bytes);
  // Room for what a delay holds (the Shaper's own bound, in bytes, comes first); beyond it the
  // kernel lets packets pass (fail open) instead of dropping them, so the loss the student sees
  // is only the loss asked for.
  nfq_set_queue_maxlen(queue_, max_packets);
  nfq_set_queue_flags(queue_, NFQA_CFG_F_FAIL_OPEN, NFQA_CFG_F_FAIL_OPEN);
  nfnl_rcvbufsiz(nfq_nfnlh(handle_), 8 << 20);
}

PacketQueue::~PacketQueue() {
  if (queue_) nfq_destroy_queue(queue_);
  if (handle_) nfq_close(handle_);
}

int PacketQueue::fd() const {
  return nfq_fd(handle_);
}

bool PacketQueue::receive(const std::function<void(const QueuedPacket&)>& on_packet) {
  alignas(8) static char buffer[0xffff + 4096];
  current_ = &on_packet;
  bool complete = true;
  for (;;) {
    const ssize_t n = ::recv(fd(), buffer, sizeof buffer, MSG_DONTWAIT);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == ENOBUFS) {
      complete = false;
      continue;
    }
    if (n <= 0) break;
    nfq_handle_packet(handle_, buffer, static_cast<int>(n));
  }
  current_ = nullptr;
  return complete;
}

namespace {
// A verdict the kernel never gets leaves its packet queued until the table goes away, which a
// student would see as loss nobody asked for: a send that fails for want of buffer is retried.
void send_verdict(nfq_q_handle* queue, std::uint32_t id, std::uint32_t verdict) {
  for (int attempt = 0; attempt < 100; ++attempt) {
    if (nfq_set_verdict(queue, id, verdict, 0, nullptr) >= 0) return;
    if (errno != ENOBUFS && errno != EAGAIN && errno != EINTR && errno != ENOMEM) return;
    ::usleep(1000);
  }
}
}  // namespace

void PacketQueue::accept(std::uint32_t id) {
  send_verdict(queue_, id, NF_ACCEPT);
}

void PacketQueue::drop(std::uint32_t id) {
  send_verdict(queue_, id, NF_DROP);
}

}  // namespace badnet_lab
