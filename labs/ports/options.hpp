#pragma once
// lab-ports' command line: the options and the one function that reads them.
#include <string>
#include <vector>

#include "cli/app.hpp"

namespace ports_lab {

struct Options {
  std::vector<std::string> queries;  // port numbers ("80", "80/udp") or service names
  bool ranges = false;               // --ranges
  std::string list_kind;             // --list well-known|registered|dynamic|lesson|all
  std::string live_query;            // --live PORT|NAME
  std::string services_path;         // the system's services file (--services-file)
  bool services_file_given = false;  // --services-file was typed: a file that fails is an error
  lab::CommonOptions common;
};

// Parses the command line: --help and --version print and end the program (exit 0), a usage
// error (a negative number, --live without a query, a query beside --ranges/--list/--live) is one
// line and exit 2 (through lab::run_main).
Options parse_options(int argc, char** argv);

}  // namespace ports_lab
