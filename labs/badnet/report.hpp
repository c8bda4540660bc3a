#pragma once
// What lab-badnet prints: the start line, the live counters, the summary (text or JSON).
#include <chrono>
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
};

// "what it does to which packets", e.g. "loss 10%, delay 50 ms ±10 ms".
std::string describe(const Options& options);
void print_start(const Options& options, const RunInfo& run);
// One line, rewritten in place (only on a terminal).
void print_live(const Counters& counters);
void print_summary(const Options& options, const RunInfo& run, const Counters& counters,
                   std::chrono::duration<double> elapsed);
// The summary as one JSON document (--json): the settings, then the counters each way.
lab::json::Value summary_json(const Options& options, const RunInfo& run, const Counters& counters,
                              std::chrono::duration<double> elapsed);

}  // namespace badnet_lab
