// lab-ports: which port does a service use, and which service uses a port?
//
//   lab-ports http          -> 80/tcp (and HTTPS is 443)
//   lab-ports 3306          -> MySQL, registered range (1024-49151)
//   lab-ports --ranges      -> the three IANA ranges and this machine's ephemeral range
//   lab-ports --live 7000   -> who holds port 7000 right now (PID, program, state)
//
// A port number is only a convention: "well-known" means the world agreed on it, not that a
// program must use it. The answers come from two places: a table compiled into this program
// (common/ports/service_table.cpp) and the system's own list, /etc/services.
#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "answers.hpp"
#include "cli/app.hpp"
#include "input.hpp"
#include "options.hpp"
#include "ports/lookup.hpp"
#include "ports/ranges.hpp"
#include "ports/services_file.hpp"
#include "render/output.hpp"
#include "sockets/socket_table.hpp"

using ports_lab::check_name;
using ports_lab::number_part;
using ports_lab::port_or_usage_error;

// Defined below main(), in the order they run.
int answer_live(const std::string& query, const ports_lab::Context& context);
std::vector<std::uint16_t> ports_of(const std::string& query, const ports_lab::Context& context);
int answer_queries(const std::vector<std::string>& queries, const ports_lab::Context& context);
void keep_only_protocol(lab::ports::Answer& answer, const std::string& protocol);

int main(int argc, char** argv) {
  return lab::run_main("lab-ports", [&] {
    // 1. What is asked.
    const ports_lab::Options options = ports_lab::parse_options(argc, argv);

    // 2. Where the answers come from: the compiled-in table and the system's services file.
    auto system = lab::ports::read_services_file(options.services_path);
    if (!system && options.services_file_given)
      lab::fail(lab::trf("cannot read the services file {}", "서비스 파일을 읽을 수 없습니다: {}",
                         options.services_path));
    ports_lab::Context context;
    context.json = options.common.json;
    context.system = system ? &*system : nullptr;
    context.system_path = options.services_path;
    context.os_ranges = lab::ports::read_system_port_ranges(options.ranges);
    context.ephemeral = context.os_ranges.ephemeral;

    // 3. The answers.
    if (options.ranges) {
      ports_lab::print_ranges(context, context.os_ranges.unprivileged_port_start);
      return lab::exit_ok;
    }
    if (!options.live_query.empty()) return answer_live(options.live_query, context);
    if (!options.list_kind.empty() || options.queries.empty()) {
      ports_lab::print_list(options.list_kind.empty() ? "lesson" : options.list_kind, context);
      return lab::exit_ok;
    }
    return answer_queries(options.queries, context);
  });
}

// --live: who holds the port, or each port of the named service, right now.
int answer_live(const std::string& query, const ports_lab::Context& context) {
  // TCP 80 and UDP 80 are two different ports: ask the socket table about both.
  std::vector<ports_lab::LiveCheck> checks;
  for (std::uint16_t port : ports_of(query, context))
    for (auto protocol : {lab::sockets::Protocol::tcp, lab::sockets::Protocol::udp})
      checks.push_back({port, protocol, lab::sockets::who_holds(protocol, port)});
  ports_lab::print_live(query, checks, context);
  return lab::exit_ok;
}

// Which ports: the number itself, or every port the named service uses (exit 1 for a name
// nothing has).
std::vector<std::uint16_t> ports_of(const std::string& query, const ports_lab::Context& context) {
  std::vector<std::uint16_t> ports;
  if (auto digits = number_part(query)) {
    ports.push_back(port_or_usage_error(*digits, lab::PortZero::forbidden));
    return ports;
  }
  check_name(query);
  auto answer = lab::ports::lookup_name(query, context.system);
  if (!answer.found()) lab::fail(ports_lab::not_found_message(answer));
  for (const auto* service : answer.services)
    ports.push_back(service->port);
  for (const auto& entry : answer.system)
    ports.push_back(entry.port);
  std::sort(ports.begin(), ports.end());
  ports.erase(std::unique(ports.begin(), ports.end()), ports.end());
  return ports;
}

// Port numbers and service names: one answer each; exit 1 when a name matched nothing.
int answer_queries(const std::vector<std::string>& queries, const ports_lab::Context& context) {
  // Check every query first, so a usage error prints nothing else.
  for (const auto& query : queries) {
    if (auto digits = number_part(query))
      port_or_usage_error(*digits, lab::PortZero::any_free_port);
    else
      check_name(query);
  }
  int exit_code = lab::exit_ok;
  bool printed = false;
  for (const auto& query : queries) {
    auto digits = number_part(query);
    auto answer =
        digits ? lab::ports::lookup_port(port_or_usage_error(*digits, lab::PortZero::any_free_port),
                                         context.system)
               : lab::ports::lookup_name(query, context.system);
    if (auto protocol = ports_lab::protocol_part(query))  // "80/udp": HTTP is TCP only
      keep_only_protocol(answer, *protocol);
    if (printed && answer.found() && !context.json) lab::out::write("\n");
    printed = printed || answer.found();
    if (auto error = ports_lab::print_answer(answer, context)) {
      lab::print_error(*error);
      exit_code = lab::exit_failure;
    }
  }
  return exit_code;
}

// "80/udp": only the services and services-file rows of that protocol.
void keep_only_protocol(lab::ports::Answer& answer, const std::string& protocol) {
  answer.protocol = protocol;
  std::erase_if(answer.services, [&](const lab::ports::Service* service) {
    return !lab::ports::has_protocol(service->protocols, protocol);
  });
  std::erase_if(answer.system,
                [&](const lab::ports::ServicesEntry& entry) { return entry.protocol != protocol; });
}
