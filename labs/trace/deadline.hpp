#pragma once
// Small pieces of lab-trace's main loop: the wall clock both sources share, how long to run,
// and the port list as the start-up line writes it.
#include <time.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "cli/interrupt.hpp"

namespace trace_lab {

inline std::int64_t wall_ns() {
  timespec now{};
  clock_gettime(CLOCK_REALTIME, &now);
  return static_cast<std::int64_t>(now.tv_sec) * 1'000'000'000 + now.tv_nsec;
}

inline std::string port_list_text(const std::vector<std::uint16_t>& ports) {
  std::string text;
  for (const auto port : ports)
    text += (text.empty() ? "" : ",") + std::to_string(port);
  return text;
}

// Runs until Ctrl-C or --duration.
class Deadline {
 public:
  explicit Deadline(double seconds) : start_(std::chrono::steady_clock::now()), seconds_(seconds) {}
  bool passed() const { return lab::interrupted() || (seconds_ > 0 && elapsed() >= seconds_); }
  double elapsed() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

 private:
  std::chrono::steady_clock::time_point start_;
  double seconds_;
};

}  // namespace trace_lab
