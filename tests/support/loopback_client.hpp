#pragma once
// A plain TCP client socket inside the test process, for tests that play the peer themselves
// (hold a connection open, reset it, read a greeting line by line). Header-only: POSIX calls.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cstdint>
#include <string>

#include <catch2/catch.hpp>

namespace labtest {

inline sockaddr_in loopback(std::uint16_t port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return address;
}

// Connected to 127.0.0.1:port (or the test fails); reads time out after 5 s; closed on
// destruction.
struct LoopbackClient {
  explicit LoopbackClient(std::uint16_t port) : fd(socket(AF_INET, SOCK_STREAM, 0)) {
    timeval tv{5, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    auto address = loopback(port);
    REQUIRE(connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  }
  ~LoopbackClient() {
    if (fd >= 0) close(fd);
  }
  LoopbackClient(const LoopbackClient&) = delete;
  LoopbackClient& operator=(const LoopbackClient&) = delete;

  // One line (up to and with '\n'), at most 512 bytes; what came before a timeout or EOF.
  std::string read_line() {
    std::string line;
    char c;
    while (line.size() < 512 && read(fd, &c, 1) == 1) {
      line.push_back(c);
      if (c == '\n') break;
    }
    return line;
  }
  std::uint16_t local_port() const {
    sockaddr_in address{};
    socklen_t length = sizeof address;
    getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    return ntohs(address.sin_port);
  }
  // SO_LINGER {1, 0} and close: the peer gets RST instead of FIN.
  void reset() {
    linger hard{1, 0};
    setsockopt(fd, SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
    close(fd);
    fd = -1;
  }
  int fd;
};

}  // namespace labtest
