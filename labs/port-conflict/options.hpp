#pragma once
// lab-port-conflict's command line: the subcommands hold, try and demo and their options.
#include <cstdint>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>

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

struct Options {
  lab::CommonOptions common;
  HoldOptions hold;
  TryOptions attempt;
  DemoOptions demo;
  CLI::App* hold_command = nullptr;
  CLI::App* try_command = nullptr;
  CLI::App* demo_command = nullptr;
};

// Builds the app; after lab::parse(), exactly one of the three subcommands was given.
std::unique_ptr<CLI::App> make_cli(Options& options);

}  // namespace port_conflict_lab
