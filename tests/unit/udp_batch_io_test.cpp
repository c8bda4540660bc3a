// The UDP system-call layer on real loopback sockets: sendmmsg batches carry numbered headers,
// recvmmsg reports real lengths (MSG_TRUNC), senders and the kernel's drop counter; the pacer
// sleeps instead of spinning.
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include <asio.hpp>
#include <catch2/catch.hpp>

#include "udp/batch_io.hpp"
#include "udp/pacing.hpp"
#include "wire/header.hpp"

using asio::ip::udp;
using namespace std::chrono_literals;

namespace {

struct Pair {
  asio::io_context io;
  udp::socket receiver{io, udp::endpoint(asio::ip::make_address("127.0.0.1"), 0)};
  udp::socket sender{io, udp::endpoint(asio::ip::make_address("127.0.0.1"), 0)};
};

// Reads until `want` datagrams arrived or a second passed.
std::size_t receive_all(lab::udp::BatchReceiver& receiver, int fd, std::size_t want,
                        std::vector<std::string>& out) {
  const auto deadline = std::chrono::steady_clock::now() + 1s;
  while (out.size() < want && std::chrono::steady_clock::now() < deadline) {
    std::error_code ec;
    const std::size_t n = receiver.receive(fd, ec);
    REQUIRE_FALSE(ec);
    for (std::size_t i = 0; i < n; ++i)
      out.emplace_back(receiver[i].data);
    if (n == 0) std::this_thread::sleep_for(1ms);
  }
  return out.size();
}

double thread_cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_THREAD, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

}  // namespace

TEST_CASE("lab-udp-sender: a sendmmsg batch sends numbered datagrams in order") {
  Pair pair;
  lab::udp::BatchSender sender(100, 16, pair.receiver.local_endpoint());
  std::error_code ec;
  REQUIRE(sender.send(pair.sender.native_handle(), 5, 10, 20, ec) == 10);
  REQUIRE_FALSE(ec);
  // One message of ten segments (UDP_SEGMENT) on this kernel; below, still ten datagrams.
  CHECK(sender.segmenting());
  lab::udp::BatchReceiver receiver(65507, 8);
  std::vector<std::string> got;
  REQUIRE(receive_all(receiver, pair.receiver.native_handle(), 10, got) == 10);
  for (std::size_t i = 0; i < got.size(); ++i) {
    INFO(i);
    CHECK(got[i].size() == 100);
    auto parsed = lab::wire::parse(got[i]);
    REQUIRE(parsed.ok());
    CHECK(parsed.header.sequence == 5 + i);
    CHECK(parsed.header.total == 20);
  }
  CHECK(receiver[0].from == pair.sender.local_endpoint());
}

TEST_CASE("lab-udp-receiver: a short read reports the real length and truncation") {
  Pair pair;
  pair.sender.send_to(asio::buffer(std::string("0123456789")), pair.receiver.local_endpoint());
  lab::udp::BatchReceiver receiver(4, 4);
  std::vector<std::string> got;
  REQUIRE(receive_all(receiver, pair.receiver.native_handle(), 1, got) == 1);
  CHECK(got[0] == "0123");
  CHECK(receiver[0].length == 10);
  CHECK(receiver[0].truncated);
}

TEST_CASE("lab-udp-receiver: a full receive buffer makes the kernel count drops") {
  Pair pair;
  pair.receiver.set_option(asio::socket_base::receive_buffer_size(1));
  lab::udp::enable_drop_counter(pair.receiver.native_handle());
  const std::size_t granted = lab::udp::granted_receive_buffer(pair.receiver.native_handle());
  CHECK(granted > 0);
  CHECK(granted < 20000);  // the kernel's minimum, not the 212992 default
  lab::udp::BatchSender sender(64, 64, pair.receiver.local_endpoint());
  std::error_code ec;
  for (std::uint64_t first = 1; first <= 640; first += 64)
    REQUIRE(sender.send(pair.sender.native_handle(), first, 64, 640, ec) == 64);
  lab::udp::BatchReceiver receiver(65507, 64);
  std::vector<std::string> got;
  receive_all(receiver, pair.receiver.native_handle(), 640, got);
  const auto drops = lab::udp::kernel_drops(pair.receiver.native_handle());
  REQUIRE(drops);
  CHECK(*drops > 0);
  CHECK(got.size() + *drops == 640);
  // SO_RXQ_OVFL rides on datagrams queued after the drops: one more, once there is room.
  REQUIRE(sender.send(pair.sender.native_handle(), 641, 1, 0, ec) == 1);
  got.clear();
  REQUIRE(receive_all(receiver, pair.receiver.native_handle(), 1, got) == 1);
  REQUIRE(receiver.last_drop_counter());
  CHECK(*receiver.last_drop_counter() == *drops);
}

TEST_CASE("lab-udp-sender: batches shrink with the rate and the pacer sleeps, not spins") {
  CHECK(lab::udp::batch_for_rate(std::nullopt) == 64);
  CHECK(lab::udp::batch_for_rate(10.0) == 1);
  CHECK(lab::udp::batch_for_rate(20'000.0) == 20);
  CHECK(lab::udp::batch_for_rate(1e7) == 64);

  std::atomic<bool> stop{false};
  const lab::udp::Pacer pacer(50.0, stop);  // 50 per second: 10 take 0.2 s
  const auto start = std::chrono::steady_clock::now();
  const double cpu_start = thread_cpu_seconds();
  for (std::uint64_t sent = 1; sent <= 10; ++sent)
    pacer.wait_until_due(sent);
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  CHECK(wall >= 0.19);
  CHECK(thread_cpu_seconds() - cpu_start < 0.05);  // asleep, not spinning

  stop = true;  // Ctrl-C: a long wait ends at once
  const lab::udp::Pacer slow(0.01, stop);
  const auto t0 = std::chrono::steady_clock::now();
  slow.wait_until_due(1);
  CHECK(std::chrono::steady_clock::now() - t0 < 200ms);
}
