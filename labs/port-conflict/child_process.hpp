#pragma once
// One process of the demo's own (a `hold` or `try` of this same program): the suite's child
// process (common/process), started from this executable. Every wait is bounded and ends early
// when Ctrl-C arrives (lab::catch_interrupts); no call ever touches a process we did not start.
#include <string>
#include <vector>

#include "cli/interrupt.hpp"
#include "process/child_process.hpp"

namespace port_conflict_lab {

using lab::process::ChildProcess;

// This program's own executable, to start it again as `hold` or `try`.
inline std::string own_executable() {
  const std::string path = lab::process::own_executable();
  return path.empty() ? "lab-port-conflict" : path;
}

// True once Ctrl-C (or SIGTERM) has arrived.
inline bool interrupt_arrived() {
  return lab::interrupted();
}
// Sleeps up to `ms`; returns early when Ctrl-C arrives.
inline void sleep_unless_interrupted(int ms) {
  lab::process::sleep_unless_interrupted(ms);
}

}  // namespace port_conflict_lab
