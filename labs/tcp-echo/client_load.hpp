#pragma once
// lab-tcp-client's load mode (--connections C --duration S): a small benchmark tool beside the
// lesson. Many connections, each sends a message, waits for its echo, and repeats; the result is
// round trips per second and latency percentiles.
#include "client_support.hpp"

namespace tcp_echo_lab {

// Runs for --duration seconds (never longer; Ctrl-C ends it sooner and says so), then prints
// what really happened: connections opened, seconds run, round trips per second.
int run_load(const ClientOptions& options);

}  // namespace tcp_echo_lab
