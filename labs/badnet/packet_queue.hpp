#pragma once
// The NFQUEUE side of lab-badnet: the kernel hands every matching packet to this process and
// waits for a verdict (accept or drop) before the packet goes on. Holding the verdict back
// delays the packet; verdicts may be given in any order, which reorders packets.
// (Debian's libnetfilter-queue; the kernel side is nfnetlink_queue.)
#include <cstdint>
#include <functional>
#include <span>

struct nfq_handle;
struct nfq_q_handle;

namespace badnet_lab {

struct QueuedPacket {
  std::uint32_t id = 0;                  // what the verdict names
  std::span<const unsigned char> bytes;  // the IP packet as far as it was copied
  std::size_t length = 0;                // the whole IP packet's length (its header says)
};

class PacketQueue {
 public:
  // Binds the first free queue number in [first, first + tries). The kernel copies the first
  // `copy_bytes` of each packet to us (the headers are enough unless we write duplicates) and
  // holds at most `max_packets` waiting for a verdict; beyond that it lets packets pass.
  PacketQueue(std::uint16_t first, int tries, std::uint32_t copy_bytes, std::uint32_t max_packets);
  ~PacketQueue();
  PacketQueue(const PacketQueue&) = delete;
  PacketQueue& operator=(const PacketQueue&) = delete;

  std::uint16_t number() const { return number_; }
  int fd() const;
  // Reads what the kernel has queued (without blocking) and calls `on_packet` for each packet.
  // Returns false when the socket lost messages (kernel buffer full: those packets passed).
  bool receive(const std::function<void(const QueuedPacket&)>& on_packet);
  // Packets the kernel let pass without handing them to us: our socket's buffer was full. The
  // kernel numbers the packets it queues one by one, so each gap in the numbers is one of them.
  std::uint64_t passed_unseen() const { return passed_unseen_; }
  void accept(std::uint32_t id);
  void drop(std::uint32_t id);

 private:
  nfq_handle* handle_ = nullptr;
  nfq_q_handle* queue_ = nullptr;
  std::uint16_t number_ = 0;
  const std::function<void(const QueuedPacket&)>* current_ = nullptr;
  std::uint32_t last_id_ = 0;
  std::uint64_t passed_unseen_ = 0;

 public:
  // Called by the library's callback for each packet of a receive().
  void deliver(const QueuedPacket& packet) {
    if (last_id_ != 0 && packet.id > last_id_ + 1) passed_unseen_ += packet.id - last_id_ - 1;
    if (packet.id > last_id_) last_id_ = packet.id;
    (*current_)(packet);
  }
};

}  // namespace badnet_lab
