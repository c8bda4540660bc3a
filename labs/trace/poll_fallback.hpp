#pragma once
// Without root there are no tracepoints and no capture: what is left is the socket table, read
// as fast as is reasonable. Each change of a selected socket becomes a state event for the
// timeline. The short states (microseconds on loopback) fall between two polls.
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "events.hpp"

namespace trace_lab {

class SocketTablePoller {
 public:
  explicit SocketTablePoller(std::vector<std::uint16_t> ports) : ports_(std::move(ports)) {}
  // One poll: appends an event for every selected TCP socket that appeared, changed state or
  // went away since the last poll. The first poll reports what already exists.
  void poll(std::vector<Event>& out, std::int64_t now_ns);

 private:
  std::vector<std::uint16_t> ports_;
  std::map<std::pair<std::string, std::string>, std::pair<TcpState, std::pair<Endpoint, Endpoint>>>
      last_;
};

}  // namespace trace_lab
