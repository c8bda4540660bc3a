#pragma once
// lab-port-conflict demo: every scenario of "one port, one process", each side in its own real
// process (this program's hold and try), narrated, with expected against observed.
#include "options.hpp"

namespace port_conflict_lab {

// Returns 0 when every check passed, 1 when one failed, 130 after Ctrl-C.
int run_demo(const DemoOptions& options, bool json);

}  // namespace port_conflict_lab
