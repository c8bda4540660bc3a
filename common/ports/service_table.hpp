#pragma once
// The curated service table, compiled in: the lesson's well-known and registered services plus
// the ones a student meets on a real machine, each with its protocols, the name IANA registers
// for the number, and a one-line description in English and Korean.
//
// `use` says whether the service holds its number by registration or only by custom: Oracle's
// listener sits on 1521 by custom while IANA registers 1521 to 'ncube-lm'. Lab-ports shows
// both and says which is which.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace lab::ports {

enum Protocols : std::uint8_t { tcp = 1, udp = 2, tcp_udp = 3 };

enum class Use : std::uint8_t {
  registered,  // IANA assigns this number to this service
  custom,      // the service uses the number by habit; IANA assigns it to something else or nothing
};

struct Service {
  std::string_view key;    // lookup name, lower case: "http", "oracle", "dhcp-server"
  std::string_view title;  // as a person writes it: "HTTP", "Oracle DB listener"
  std::uint16_t port;
  Protocols protocols;
  Use use;
  std::string_view registry_name;   // IANA's service name for this port ("" = none)
  std::string_view registry_title;  // for custom use: what IANA registers there, in words
  std::string_view aliases;         // other names, space separated: "www www-http"
  std::string_view group;           // one name for a family of ports: "ftp" = 20 and 21
  bool lesson;                      // a row of the lesson's table
  std::string_view en;
  std::string_view ko;
  std::string_view see_also;  // keys of related services, space separated: "https"
};

std::span<const Service> curated_services();

// Services on `port` (any protocol), in table order.
std::vector<const Service*> services_on_port(std::uint16_t port);
// Services whose key, alias, IANA name or group equals `name`, ignoring case.
// "ftp" -> 20 and 21 (the group), "ftp-data" -> 20, "www" -> 80, "ms-wbt-server" -> 3389.
std::vector<const Service*> services_named(std::string_view name);
const Service* service_by_key(std::string_view key);

// The lesson's table in its order (FTP 20, 21 ... RDP 3389).
std::vector<const Service*> lesson_services();

// Every name services_named() accepts (keys, aliases, IANA names, groups), lower case, sorted,
// without duplicates: the candidates for "did you mean".
std::vector<std::string> known_names();

// Space-separated list -> its words.
std::vector<std::string_view> words(std::string_view list);

std::string protocols_text(Protocols protocols);                    // "tcp", "udp", "tcp, udp"
bool has_protocol(Protocols protocols, std::string_view protocol);  // "tcp"/"udp", any case

// Up to `limit` names close to `query` (ignoring case): a name that starts with it, or one a
// few edits away (insert, delete, substitute, swap two neighbours). Closest first; among equals,
// names with the same first letter, then names in `preferred` (sorted; the curated table's).
std::vector<std::string> suggest_names(std::string_view query,
                                       const std::vector<std::string>& candidates,
                                       const std::vector<std::string>& preferred = {},
                                       std::size_t limit = 5);
// Optimal string alignment distance (Damerau-Levenshtein without re-editing a substring).
std::size_t edit_distance(std::string_view a, std::string_view b);

}  // namespace lab::ports
