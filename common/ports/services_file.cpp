#include "ports/services_file.hpp"

#include <cstdlib>

#include <algorithm>
#include <fstream>

namespace lab::ports {
namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_space(text.front()))
    text.remove_prefix(1);
  while (!text.empty() && is_space(text.back()))
    text.remove_suffix(1);
  return text;
}

std::vector<std::string_view> split_fields(std::string_view text) {
  std::vector<std::string_view> fields;
  std::size_t pos = 0;
  while (pos < text.size()) {
    while (pos < text.size() && is_space(text[pos]))
      ++pos;
    std::size_t start = pos;
    while (pos < text.size() && !is_space(text[pos]))
      ++pos;
    if (pos > start) fields.push_back(text.substr(start, pos - start));
  }
  return fields;
}

bool valid_protocol(std::string_view text) {
  if (text.empty() || text.size() > 16) return false;
  for (char c : text)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'))
      return false;
  return true;
}

// "80/tcp" -> port and protocol; the reason on failure.
const char* parse_port_protocol(std::string_view field, std::uint16_t& port,
                                std::string& protocol) {
  auto slash = field.find('/');
  if (slash == std::string_view::npos) return "no '/' between port and protocol";
  std::string_view digits = field.substr(0, slash);
  std::string_view proto = field.substr(slash + 1);
  if (digits.empty() || digits.size() > 5) return "port is not a number from 0 to 65535";
  std::uint32_t value = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return "port is not a number from 0 to 65535";
    value = value * 10 + static_cast<std::uint32_t>(c - '0');
  }
  if (value > 65535) return "port is not a number from 0 to 65535";
  if (!valid_protocol(proto)) return "protocol missing or not a name";
  port = static_cast<std::uint16_t>(value);
  protocol = ascii_lower(proto);
  return nullptr;
}

void add_malformed(ServicesDatabase& db, std::size_t line, const char* reason) {
  ++db.malformed_count;
  if (db.malformed.size() < max_reported_malformed) db.malformed.push_back({line, reason});
}

}  // namespace

std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

ServicesDatabase parse_services(std::string_view text) {
  ServicesDatabase db;
  std::size_t line_number = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    ++line_number;
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;

    std::string_view comment;
    if (auto hash = line.find('#'); hash != std::string_view::npos) {
      comment = trim(line.substr(hash + 1));
      line = line.substr(0, hash);
    }
    auto fields = split_fields(line);
    if (fields.empty()) continue;  // blank or comment-only
    if (fields.size() < 2) {
      add_malformed(db, line_number, "a name without port/protocol");
      continue;
    }
    ServicesEntry entry;
    if (const char* reason = parse_port_protocol(fields[1], entry.port, entry.protocol)) {
      add_malformed(db, line_number, reason);
      continue;
    }
    entry.name = std::string(fields[0]);
    for (std::size_t i = 2; i < fields.size(); ++i)
      entry.aliases.emplace_back(fields[i]);
    entry.comment = std::string(comment);
    entry.line = line_number;
    db.entries.push_back(std::move(entry));
  }
  return db;
}

std::vector<const ServicesEntry*> ServicesDatabase::by_port(std::uint16_t port) const {
  std::vector<const ServicesEntry*> found;
  for (const auto& entry : entries)
    if (entry.port == port) found.push_back(&entry);
  return found;
}

std::vector<const ServicesEntry*> ServicesDatabase::by_name(std::string_view name) const {
  const std::string wanted = ascii_lower(name);
  std::vector<const ServicesEntry*> found;
  for (const auto& entry : entries) {
    bool match = ascii_lower(entry.name) == wanted;
    for (const auto& alias : entry.aliases)
      match = match || ascii_lower(alias) == wanted;
    if (match) found.push_back(&entry);
  }
  return found;
}

std::string system_services_path() {
#ifdef _WIN32
  const char* root = std::getenv("SystemRoot");
  return std::string(root && *root ? root : "C:\\Windows") + "\\System32\\drivers\\etc\\services";
#else
  return default_services_path;
#endif
}

std::optional<ServicesDatabase> read_services_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::string text;
  char chunk[16384];
  while (text.size() < max_services_file_bytes) {
    in.read(chunk, static_cast<std::streamsize>(
                       std::min(sizeof chunk, max_services_file_bytes - text.size())));
    text.append(chunk, static_cast<std::size_t>(in.gcount()));
    if (!in) break;
  }
  if (in.bad()) return std::nullopt;  // e.g. a directory
  return parse_services(text);
}

}  // namespace lab::ports
