#pragma once
// What hold and try print: a line a student reads, or one JSON document per event (--json).
#include <cstdint>
#include <string>
#include <system_error>

#include "bind/bind.hpp"
#include "udp/answer_guard.hpp"

namespace port_conflict_lab {

struct HoldStats {
  std::uint64_t connections = 0;
  std::uint64_t datagrams = 0;  // answered
  lab::udp::AnswerGuard guard;  // and what it would not answer
};

void report_holding(const lab::bind::BindRequest& request, bool json);
// A failed bind/listen as one error line (exit 1) that names the errno and the holder.
[[noreturn]] void hold_failed(const lab::bind::BindRequest& request, const std::string& step,
                              std::error_code ec);
void report_stopped(const HoldStats& stats, bool json);

// Prints the outcome of one try; returns the exit code (0 bound, 1 refused).
int report_attempt(const lab::bind::BindRequest& request, const std::string& step,
                   std::error_code ec, bool json);

}  // namespace port_conflict_lab
