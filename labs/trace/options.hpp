#pragma once
// lab-trace's command line.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/app.hpp"

namespace trace_lab {

struct TraceOptions {
  std::string port_text;             // --port LIST, as typed
  std::vector<std::uint16_t> ports;  // ... parsed, or found from --pid / --program
  std::optional<int> pid;            // --pid
  std::string program;               // --program
  std::string interface = "lo";      // --interface
  std::string svg_path;              // --svg FILE
  std::string pcap_path;             // --write FILE.pcap
  double duration_s = 0;             // --duration (0: until Ctrl-C)
  std::uint64_t budget = 2000;       // --budget: lines per second
  unsigned poll_ms = 10;             // --poll-ms: the socket-table fallback's interval
  bool no_diagram = false;           // --no-diagram
  bool force_polling = false;        // --poll: the fallback even as root
  lab::CommonOptions common;
};

std::unique_ptr<CLI::App> make_trace_app(TraceOptions& options);
// After parsing: the ports to watch, from --port, --pid or --program. Usage error when none
// of them was given; runtime error when the PID or program holds no socket.
void resolve_selection(TraceOptions& options);

}  // namespace trace_lab
