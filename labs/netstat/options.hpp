#pragma once
// lab-netstat's command line, in either syntax (Windows `-ano 2`, Linux `-tulpn`): the options
// (lab::netstat::Options, in common/netstat/ where the selection and the layouts read them) and
// the one function that reads them.
#include "netstat/selection.hpp"

namespace netstat_lab {

using Options = lab::netstat::Options;

// Parses argv (Windows or Linux syntax): --help and --version print and end the program (exit 0),
// a usage error is one line and exit 2 (through lab::run_main).
Options parse_options(int argc, char** argv);

}  // namespace netstat_lab
