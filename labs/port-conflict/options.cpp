#include "options.hpp"

#include "cli/validators.hpp"
#include "net/endpoints.hpp"

namespace port_conflict_lab {
namespace {

constexpr const char* examples =
    "  lab-port-conflict hold --tcp --port 7000           # terminal 1: hold TCP 7000\n"
    "  lab-port-conflict try --tcp --port 7000            # terminal 2: EADDRINUSE, names PID\n"
    "  lab-port-conflict try --udp --port 7000            # UDP 7000 is another port: works\n"
    "  lab-port-conflict try --tcp --port 7000 --bind 0.0.0.0\n"
    "  lab-port-conflict hold --tcp --port 7000 --reuse-port   # two of these share the port\n"
    "  lab-port-conflict demo                             # every scenario, narrated\n"
    "  lab-port-conflict demo --scenario 5 --pause 10     # TIME_WAIT; watch lab-netstat "
    "meanwhile\n"
    "  lab-port-conflict demo --json                      # the same as data\n";

void add_bind_options(CLI::App& command, lab::bind::BindRequest& request, std::string& bind) {
  command.add_option("--port", request.port, "Port to bind (0 = any free port)")
      ->check(lab::port_validator(lab::PortZero::any_free_port))
      ->capture_default_str();
  command.add_option("--bind", bind, "Local address (127.0.0.1, 0.0.0.0, ::1, a name ...)")
      ->capture_default_str();
  command.add_flag("--reuse-address", request.reuse_address,
                   "Set SO_REUSEADDR before bind (off by default)");
  command.add_flag("--reuse-port", request.reuse_port,
                   "Set SO_REUSEPORT before bind (off by default)");
}

}  // namespace

std::unique_ptr<CLI::App> make_cli(Options& options) {
  auto app = lab::make_app(
      "One port, one process: hold a port, try to take it, or run every scenario (demo)", examples);
  app->require_subcommand(1, 1);
  app->fallthrough();  // --lang and --json work after the subcommand too
  lab::add_json_flag(*app, options.common);

  options.hold.request.port = 7000;
  options.attempt.request.port = 7000;

  auto* hold = app->add_subcommand(
      "hold",
      "Bind (and for TCP listen on) a port and keep it until Ctrl-C. Each TCP connection gets one "
      "line naming this PID and port, then this side closes it; each UDP datagram gets that line "
      "back");
  hold->add_flag("--tcp", options.hold.tcp, "Hold the TCP port (the default)");
  hold->add_flag("--udp", options.hold.udp, "Hold the UDP port (with --tcp: both, same number)");
  add_bind_options(*hold, options.hold.request, options.hold.bind);
  hold->footer(std::string("\nExamples:\n") + examples);

  auto* attempt = app->add_subcommand(
      "try", "One bind attempt: prints success, or the OS error (name, number) and the holder");
  auto* tcp = attempt->add_flag_callback(
      "--tcp", [&] { options.attempt.request.transport = lab::Transport::tcp; },
      "Try TCP (the default)");
  auto* udp = attempt->add_flag_callback(
      "--udp", [&] { options.attempt.request.transport = lab::Transport::udp; }, "Try UDP");
  tcp->excludes(udp);
  add_bind_options(*attempt, options.attempt.request, options.attempt.bind);
  attempt->footer(std::string("\nExamples:\n") + examples);

  auto* demo = app->add_subcommand(
      "demo",
      "Run every scenario in real separate processes and explain each; expected vs observed");
  demo->add_option("--scenario", options.demo.scenario, "Run only this scenario (1-6)")
      ->check(lab::count_validator(1, 6));
  demo->add_option("--pause", options.demo.pause_s,
                   "Seconds to wait after each scenario with its processes still running, so "
                   "you can look with lab-netstat (0-600)")
      ->check(lab::count_validator(0, 600))
      ->capture_default_str();
  demo->add_option("--connections", options.demo.connections,
                   "Connections made in scenario 6 (2-200)")
      ->check(lab::count_validator(2, 200))
      ->capture_default_str();
  demo->footer(std::string("\nExamples:\n") + examples);

  // Resolve --bind once the command line is known (a host that does not resolve: exit 2).
  app->parse_complete_callback([&options, hold, attempt] {
    if (hold->parsed()) options.hold.request.address = lab::resolve_host(options.hold.bind);
    if (attempt->parsed())
      options.attempt.request.address = lab::resolve_host(options.attempt.bind);
  });
  options.hold_command = hold;
  options.try_command = attempt;
  options.demo_command = demo;
  return app;
}

}  // namespace port_conflict_lab
