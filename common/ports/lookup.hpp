#pragma once
// One answer to "what is port 3306?" or "which port is http?": the curated services, what the
// system's services database says, related services, and suggestions when nothing matched.
// Pure: the caller passes the parsed /etc/services (or nothing).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ports/ranges.hpp"
#include "ports/service_table.hpp"
#include "ports/services_file.hpp"

namespace lab::ports {

struct Answer {
  std::string query;
  std::optional<std::uint16_t> port;     // set when the query was a number
  std::optional<std::string> protocol;   // "tcp" / "udp" when it named one ("80/udp")
  std::vector<const Service*> services;  // curated rows, port order
  std::vector<ServicesEntry> system;     // /etc/services rows on those ports or with that name
  std::vector<const Service*> see_also;  // related curated services not already above
  std::vector<std::string> suggestions;  // for a name nothing matched
  bool found() const { return port.has_value() || !services.empty() || !system.empty(); }
};

Answer lookup_port(std::uint16_t port, const ServicesDatabase* system);

// "registered (1024-49151)" / "Registered 포트 (1024-49151)": the lesson's names for the ranges,
// the words every program uses for them.
std::string range_words(PortRange range);
// The curated service a student would name for this port and protocol ("MySQL"), else "".
std::string service_title(std::uint16_t port, std::string_view protocol);
Answer lookup_name(std::string_view name, const ServicesDatabase* system);

// The curated service that covers a system entry (same port, protocol listed), if any.
const Service* covering_service(const ServicesEntry& entry,
                                const std::vector<const Service*>& services);
// Whether the system entry's name or aliases name this service (its key, an alias or the
// IANA name): "http 80/tcp www" agrees with HTTP; "ncube-lm 1521/tcp" with Oracle's IANA name.
bool names_agree(const Service& service, const ServicesEntry& entry);

// "tcp" and "udp" the system lists for this port, in that order, without duplicates.
std::vector<std::string> system_protocols(const std::vector<ServicesEntry>& system,
                                          std::uint16_t port);

}  // namespace lab::ports
