#pragma once
// lab-port-conflict's command line: the subcommands hold, try and demo and their options.
#include <cstdint>
#include <string>

#include "bind/bind.hpp"
#include "cli/app.hpp"

namespace port_conflict_lab {

// The lesson and the demo follow the rules of the OS this runs on: Windows is the one with
// SO_EXCLUSIVEADDRUSE.
inline constexpr bool on_windows = lab::bind::has_exclusive_address_use;

struct HoldOptions {
  bool tcp = false;
  bool udp = false;
  lab::bind::BindRequest request;  // address, port, reuse options (transport set per socket)
  std::string bind = "127.0.0.1";
};

struct TryOptions {
  lab::bind::BindRequest request;
  std::string bind = "127.0.0.1";
};

struct DemoOptions {
  int scenario = 0;           // 0: all
  unsigned pause_s = 0;       // seconds to wait after each scenario, holders still running
  unsigned connections = 20;  // scenario 6
};

// The subcommand given: exactly one of the three.
enum class Command { hold, attempt, demo };

struct Options {
  Command command = Command::demo;
  lab::CommonOptions common;
  HoldOptions hold;
  TryOptions attempt;
  DemoOptions demo;
};

// Parses the command line: --help and --version print and end the program (exit 0), a usage
// error is one line and exit 2 (through lab::run_main).
Options parse_options(int argc, char** argv);

}  // namespace port_conflict_lab
