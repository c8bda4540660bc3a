#pragma once
// lab-trace's command line.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cli/app.hpp"

namespace trace_lab {

struct Options {
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

// The command line, then the ports to watch, from --port, --pid or --program. A bad value, or
// none of the three, is a usage error (exit 2); a PID or program that holds no socket is a
// runtime error (exit 1); --help and --version end the program.
Options parse_options(int argc, char** argv);

}  // namespace trace_lab
