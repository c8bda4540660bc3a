#pragma once
// The system's services database (/etc/services on Linux; on Windows the "services" file
// under System32\drivers\etc), one entry a line:
//
//   http            80/tcp          www             # WorldWideWeb HTTP
//   name            port/protocol   [aliases ...]   [# comment]
//
// The parser is pure and Asio-free (a libFuzzer target feeds it anything): blank lines and
// comments are skipped, a malformed line is counted with its line number and skipped, never
// fatal.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lab::ports {

struct ServicesEntry {
  std::string name;
  std::uint16_t port = 0;
  std::string protocol;  // as written, lower-cased: "tcp", "udp", "sctp", "ddp" ...
  std::vector<std::string> aliases;
  std::string comment;   // text after '#', trimmed; empty when none
  std::size_t line = 0;  // 1-based line number in the file
};

struct MalformedLine {
  std::size_t line = 0;
  std::string reason;  // short English reason, for tests and --verbose output
};

struct ServicesDatabase {
  std::vector<ServicesEntry> entries;
  std::vector<MalformedLine> malformed;  // at most max_reported_malformed kept ...
  std::size_t malformed_count = 0;       // ... but every one counted

  // Entries for one port (any protocol), in file order.
  std::vector<const ServicesEntry*> by_port(std::uint16_t port) const;
  // Entries whose name or an alias equals `name`, ignoring case.
  std::vector<const ServicesEntry*> by_name(std::string_view name) const;
};

inline constexpr std::size_t max_reported_malformed = 32;
// Longest file read from disk; a services file is some kilobytes (Debian's is 13 KiB).
inline constexpr std::size_t max_services_file_bytes = 4u << 20;

ServicesDatabase parse_services(std::string_view text);

inline constexpr const char* default_services_path = "/etc/services";
// This OS's services file: /etc/services, or %SystemRoot%\System32\drivers\etc\services.
std::string system_services_path();
// nullopt when the file cannot be opened; a file larger than the limit is read up to it.
std::optional<ServicesDatabase> read_services_file(const std::string& path);

// Lower-case ASCII copy (service names are ASCII; other bytes pass through unchanged).
std::string ascii_lower(std::string_view text);

}  // namespace lab::ports
