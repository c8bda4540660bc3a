#include "ports/lookup.hpp"

#include <algorithm>

namespace lab::ports {
namespace {

void add_unique(std::vector<const Service*>& list, const Service* service) {
  if (std::find(list.begin(), list.end(), service) == list.end()) list.push_back(service);
}

void add_system_entries(std::vector<ServicesEntry>& out,
                        const std::vector<const ServicesEntry*>& found) {
  for (const ServicesEntry* entry : found) {
    bool seen = std::any_of(out.begin(), out.end(), [&](const ServicesEntry& e) {
      return e.port == entry->port && e.protocol == entry->protocol && e.name == entry->name;
    });
    if (!seen) out.push_back(*entry);
  }
}

void fill_see_also(Answer& answer) {
  for (const Service* service : answer.services)
    for (auto key : words(service->see_also))
      if (const Service* related = service_by_key(key))
        if (std::find(answer.services.begin(), answer.services.end(), related) ==
            answer.services.end())
          add_unique(answer.see_also, related);
}

void sort_by_port(std::vector<ServicesEntry>& entries) {
  std::stable_sort(entries.begin(), entries.end(),
                   [](const ServicesEntry& a, const ServicesEntry& b) { return a.port < b.port; });
}

}  // namespace

Answer lookup_port(std::uint16_t port, const ServicesDatabase* system) {
  Answer answer;
  answer.query = std::to_string(port);
  answer.port = port;
  answer.services = services_on_port(port);
  if (system) add_system_entries(answer.system, system->by_port(port));
  fill_see_also(answer);
  return answer;
}

Answer lookup_name(std::string_view name, const ServicesDatabase* system) {
  Answer answer;
  answer.query = std::string(name);
  answer.services = services_named(name);
  if (system) {
    add_system_entries(answer.system, system->by_name(name));
    // What the system calls the curated services' ports, so disagreements show.
    for (const Service* service : answer.services)
      add_system_entries(answer.system, system->by_port(service->port));
    // A name only the system knows ("echo") may share a port with a curated service.
    for (const auto& entry : answer.system)
      for (const Service* service : services_on_port(entry.port))
        if (has_protocol(service->protocols, entry.protocol)) add_unique(answer.services, service);
  }
  std::stable_sort(answer.services.begin(), answer.services.end(),
                   [](const Service* a, const Service* b) { return a->port < b->port; });
  sort_by_port(answer.system);
  fill_see_also(answer);
  if (!answer.found()) {
    const std::vector<std::string> curated = known_names();
    std::vector<std::string> candidates = curated;
    if (system)
      for (const auto& entry : system->entries) {
        candidates.push_back(ascii_lower(entry.name));
        for (const auto& alias : entry.aliases)
          candidates.push_back(ascii_lower(alias));
      }
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
    answer.suggestions = suggest_names(name, candidates, curated);
  }
  return answer;
}

const Service* covering_service(const ServicesEntry& entry,
                                const std::vector<const Service*>& services) {
  for (const Service* service : services)
    if (service->port == entry.port && has_protocol(service->protocols, entry.protocol))
      return service;
  return nullptr;
}

bool names_agree(const Service& service, const ServicesEntry& entry) {
  auto names_service = [&](std::string_view name) {
    const std::string lower = ascii_lower(name);
    if (lower == service.key || lower == ascii_lower(service.registry_name)) return true;
    for (auto alias : words(service.aliases))
      if (lower == ascii_lower(alias)) return true;
    return false;
  };
  if (names_service(entry.name)) return true;
  return std::any_of(entry.aliases.begin(), entry.aliases.end(), names_service);
}

std::vector<std::string> system_protocols(const std::vector<ServicesEntry>& system,
                                          std::uint16_t port) {
  std::vector<std::string> out;
  for (const auto& entry : system)
    if (entry.port == port && std::find(out.begin(), out.end(), entry.protocol) == out.end())
      out.push_back(entry.protocol);
  return out;
}

}  // namespace lab::ports
