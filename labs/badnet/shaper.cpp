#include "shaper.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>

#include "nft_table.hpp"

namespace badnet_lab {

namespace {
std::uint16_t read_port(const unsigned char* at) {
  return static_cast<std::uint16_t>(at[0] << 8 | at[1]);
}
}  // namespace

std::optional<Direction> direction_of(std::span<const unsigned char> packet,
                                      const std::vector<std::uint16_t>& ports) {
  if (packet.empty()) return std::nullopt;
  std::size_t transport = 0;
  int protocol = -1;
  if ((packet[0] >> 4) == 4 && packet.size() >= 20) {
    transport = static_cast<std::size_t>(packet[0] & 0x0f) * 4;
    // A fragment after the first carries no ports.
    if ((read_port(&packet[6]) & 0x1fff) != 0) return std::nullopt;
    protocol = packet[9];
  } else if ((packet[0] >> 4) == 6 && packet.size() >= 40) {
    transport = 40;
    protocol = packet[6];  // extension headers are not followed: the lab's packets have none
  }
  if (protocol != IPPROTO_TCP && protocol != IPPROTO_UDP) return std::nullopt;
  if (transport < 20 || packet.size() < transport + 4) return std::nullopt;
  const auto source = read_port(&packet[transport]);
  const auto destination = read_port(&packet[transport + 2]);
  auto chosen = [&](std::uint16_t port) {
    return std::find(ports.begin(), ports.end(), port) != ports.end();
  };
  if (chosen(destination)) return Direction::to_port;
  if (chosen(source)) return Direction::from_port;
  return std::nullopt;
}

Duplicator::Duplicator(bool needed) {
  if (!needed) return;
  // IPPROTO_RAW: we write the whole IP packet, header included (IPv6 too, on Linux).
  ipv4_ = ::socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_RAW);
  ipv6_ = ::socket(AF_INET6, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_RAW);
  for (const int fd : {ipv4_, ipv6_}) {
    if (fd < 0) continue;
    const std::uint32_t mark = own_packet_mark;
    ::setsockopt(fd, SOL_SOCKET, SO_MARK, &mark, sizeof mark);
  }
}

Duplicator::~Duplicator() {
  if (ipv4_ >= 0) ::close(ipv4_);
  if (ipv6_ >= 0) ::close(ipv6_);
}

bool Duplicator::send(std::span<const unsigned char> packet) {
  if (packet.empty()) return false;
  if ((packet[0] >> 4) == 4 && ipv4_ >= 0 && packet.size() >= 20) {
    sockaddr_in to{};
    to.sin_family = AF_INET;
    std::memcpy(&to.sin_addr, &packet[16], 4);
    return ::sendto(ipv4_, packet.data(), packet.size(), 0, reinterpret_cast<sockaddr*>(&to),
                    sizeof to) == static_cast<ssize_t>(packet.size());
  }
  if ((packet[0] >> 4) == 6 && ipv6_ >= 0 && packet.size() >= 40) {
    sockaddr_in6 to{};
    to.sin6_family = AF_INET6;
    std::memcpy(&to.sin6_addr, &packet[24], 16);
    return ::sendto(ipv6_, packet.data(), packet.size(), 0, reinterpret_cast<sockaddr*>(&to),
                    sizeof to) == static_cast<ssize_t>(packet.size());
  }
  return false;
}

Shaper::Shaper(const Impairment& impairment, std::vector<std::uint16_t> ports, PacketQueue& queue,
               Duplicator& duplicator)
    : impairer_(impairment), ports_(std::move(ports)), queue_(queue), duplicator_(duplicator) {}

void Shaper::on_packet(const QueuedPacket& packet, Clock::time_point now) {
  const auto direction = direction_of(packet.bytes, ports_);
  if (!direction) {
    queue_.accept(packet.id);
    return;
  }
  // Every packet of the chosen ports is counted and decided on, however many are held.
  auto& count = counters_[*direction];
  ++count.seen;
  const Decision decision = impairer_.decide(*direction, packet.length, now);
  if (decision.drop) {
    ++count.dropped;
    queue_.drop(packet.id);
    return;
  }
  Held held{decision.release_at, order_++, packet.id, *direction, false, 0, {}};
  if (decision.duplicate) held.copy.assign(packet.bytes.begin(), packet.bytes.end());
  auto& waiting = waiting_[static_cast<int>(*direction)];
  const bool hold_back = decision.reorder && !waiting;
  if (!hold_back && decision.release_at <= now && scheduled_.empty()) {
    release(held, false);  // nothing holds it: it goes now
    return;
  }
  // It must be held. Beyond the bound it cannot be, and dropping it is the honest choice:
  // letting it pass at once would hide the delay from the student and count nothing.
  held.cost = packet.length + per_packet_cost + held.copy.size();
  if (held_bytes_ + held.cost > max_held_bytes) {
    ++count.dropped_hold_full;
    queue_.drop(packet.id);
    return;
  }
  held_bytes_ += held.cost;
  if (decision.release_at > now) ++count.delayed;
  if (hold_back) {
    // Held back until the next packet of this direction has gone (or the timeout passed).
    held.reorder = true;
    held.at = decision.release_at + reorder_timeout;
    waiting = std::move(held);
    return;
  }
  scheduled_.push(std::move(held));
}

void Shaper::release(Held& packet, bool passed_by_another) {
  auto& count = counters_[packet.direction];
  held_bytes_ -= std::min(held_bytes_, packet.cost);
  queue_.accept(packet.id);
  if (!packet.copy.empty() && duplicator_.send(packet.copy)) ++count.duplicated;
  if (packet.reorder && passed_by_another) ++count.reordered;
  if (packet.reorder) return;
  // The packet that overtakes a held one: the held one goes right after it.
  auto& waiting = waiting_[static_cast<int>(packet.direction)];
  if (waiting) {
    Held late = std::move(*waiting);
    waiting.reset();
    release(late, true);
  }
}

void Shaper::release_due(Clock::time_point now) {
  while (!scheduled_.empty() && scheduled_.top().at <= now) {
    Held packet = scheduled_.top();
    scheduled_.pop();
    release(packet, false);
  }
  for (auto& waiting : waiting_) {
    if (waiting && waiting->at <= now) {
      Held late = std::move(*waiting);
      waiting.reset();
      release(late, false);
    }
  }
}

std::optional<Clock::time_point> Shaper::next_due() const {
  std::optional<Clock::time_point> due;
  if (!scheduled_.empty()) due = scheduled_.top().at;
  for (const auto& waiting : waiting_)
    if (waiting && (!due || waiting->at < *due)) due = waiting->at;
  return due;
}

void Shaper::release_all() {
  while (!scheduled_.empty()) {
    Held packet = scheduled_.top();
    scheduled_.pop();
    queue_.accept(packet.id);
  }
  for (auto& waiting : waiting_) {
    if (waiting) queue_.accept(waiting->id);
    waiting.reset();
  }
  held_bytes_ = 0;
}

}  // namespace badnet_lab
