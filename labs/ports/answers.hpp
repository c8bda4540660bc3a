#pragma once
// How lab-ports prints its answers: aligned tables in English or Korean, or one JSON document
// per answer (--json). main.cpp decides what to ask; this file only says it.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ports/lookup.hpp"
#include "ports/ranges.hpp"
#include "sockets/socket_row.hpp"

namespace ports_lab {

struct Context {
  bool json = false;
  const lab::ports::ServicesDatabase* system = nullptr;  // null: not readable
  std::string system_path;
  std::optional<lab::ports::RangeBounds> ephemeral;  // this OS's, when readable
  lab::ports::SystemPortRanges os_ranges;            // the same, where from, and exclusions
};

// A port or name answer. For a name nothing matched it prints the JSON (with suggestions) and
// returns the one-line error the caller reports with exit 1.
std::optional<std::string> print_answer(const lab::ports::Answer& answer, const Context& context);

void print_ranges(const Context& context, std::optional<std::uint32_t> unprivileged_start);

// --list well-known|registered|dynamic|lesson|all
void print_list(const std::string& kind, const Context& context);

// --live: who holds each port now, TCP and UDP.
struct LiveCheck {
  std::uint16_t port;
  lab::sockets::Protocol protocol;
  std::vector<lab::sockets::SocketRow> holders;
};
void print_live(const std::string& query, const std::vector<LiveCheck>& checks,
                const Context& context);

// "did you mean …" error line for a name nothing matched.
std::string not_found_message(const lab::ports::Answer& answer);

}  // namespace ports_lab
