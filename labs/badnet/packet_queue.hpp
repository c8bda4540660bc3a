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
};

class PacketQueue {
 public:
  // Binds the first free queue number in [first, first + tries).
  PacketQueue(std::uint16_t first, int tries);
  ~PacketQueue();
  PacketQueue(const PacketQueue&) = delete;
  PacketQueue& operator=(const PacketQueue&) = delete;

  std::uint16_t number() const { return number_; }
  int fd() const;
  // Reads what the kernel has queued (without blocking) and calls `on_packet` for each packet.
  // Returns false when the socket lost messages (kernel buffer full: those packets passed).
  bool receive(const std::function<void(const QueuedPacket&)>& on_packet);
  void accept(std::uint32_t id);
  void drop(std::uint32_t id);

 private:
  nfq_handle* handle_ = nullptr;
  nfq_q_handle* queue_ = nullptr;
  std::uint16_t number_ = 0;
  const std::function<void(const QueuedPacket&)>* current_ = nullptr;

 public:
  // Called by the library's callback for each packet of a receive().
  void deliver(const QueuedPacket& packet) { (*current_)(packet); }
};

}  // namespace badnet_lab
