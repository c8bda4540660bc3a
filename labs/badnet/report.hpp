#pragma once
// What lab-badnet prints: the start line, the live counters, the summary (text or JSON).
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "options.hpp"
#include "render/json.hpp"
#include "shaper.hpp"

namespace badnet_lab {

struct RunInfo {
  std::string table;
  unsigned queue = 0;
  std::vector<std::string> stale_removed;
  std::vector<int> others_running;  // other lab-badnet PIDs
  std::uint64_t passed_unseen = 0;  // let through by the kernel: our queue socket was full
};

// "what it does to which packets", e.g. "loss 10%, delay 50 ms ±10 ms".
std::string describe(const Options& options);
void print_start(const Options& options, const RunInfo& run);
// The live counters in one line of at most `columns` display columns: only the counters this
// run's impairment can change, and a warning once the hold was full.
std::string live_line(const Options& options, const Counters& counters, std::size_t columns);
void print_summary(const Options& options, const RunInfo& run, const Counters& counters,
                   std::chrono::duration<double> elapsed);
// The summary as one JSON document (--json): the settings, then the counters each way.
lab::json::Value summary_json(const Options& options, const RunInfo& run, const Counters& counters,
                              std::chrono::duration<double> elapsed);

}  // namespace badnet_lab
