#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/app.hpp"

namespace check_lab {

struct Options {
  std::string kind;                  // tcp-server, tcp-client, udp-receiver, udp-sender
  std::vector<std::string> command;  // the student's program, with {host} and {port}
  std::uint16_t port = 0;            // 0: a free port of lab-check's choosing
  lab::CommonOptions common;
};

std::unique_ptr<CLI::App> make_cli(Options& options);
// After parsing: what the command line cannot say on its own (a kind that needs COMMAND ...).
void check_combination(const Options& options);

}  // namespace check_lab
