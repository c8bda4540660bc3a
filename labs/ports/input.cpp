#include "input.hpp"

#include "cli/app.hpp"
#include "cli/wording.hpp"
#include "ports/services_file.hpp"

namespace ports_lab {
using namespace lab;  // the shared layers, unqualified

namespace {
bool all_digits(const std::string& text) {
  return !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
}

}  // namespace

// "tcp" or "udp" from "80/tcp", "80/udp"; nothing for a bare number or a name.
std::optional<std::string> protocol_part(const std::string& query) {
  auto slash = query.find('/');
  if (slash == std::string::npos || !number_part(query)) return std::nullopt;
  return lab::ports::ascii_lower(query.substr(slash + 1));
}

// "80", "80/tcp", "80/udp" are numbers (protocol_part() says which protocol was asked for).
std::optional<std::string> number_part(const std::string& query) {
  if (all_digits(query)) return query;
  auto slash = query.find('/');
  if (slash == std::string::npos) return std::nullopt;
  std::string protocol = lab::ports::ascii_lower(query.substr(slash + 1));
  std::string digits = query.substr(0, slash);
  if (all_digits(digits) && (protocol == "tcp" || protocol == "udp")) return digits;
  return std::nullopt;
}

// A port as a student types it, or a usage error (exit 2) naming what is wrong.
std::uint16_t port_or_usage_error(const std::string& text, PortZero zero) {
  auto port = lab::parse_port(text, zero);
  if (!port) lab::usage_error(lab::port_problem(text, zero));
  return *port;
}

// Service names are short ASCII words ("ms-wbt-server", "x11-1", "http/3" is not one); anything
// else is a typing error, reported without echoing control characters back to the terminal.
void check_name(const std::string& name) {
  const bool valid = !name.empty() && name.size() <= 64 &&
                     name.find_first_not_of(
                         "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                         "0123456789-_.+/") == std::string::npos;
  if (valid) return;
  if (name.empty())
    lab::usage_error(lab::tr("an empty name is neither a port nor a service",
                             "빈 이름은 포트도 서비스도 아닙니다"));
  std::string shown;
  for (char c : name.substr(0, 40))
    shown += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? '?' : c;
  if (name.size() > 40) shown += "...";
  lab::usage_error(
      lab::trf("'{}'{} is neither a port nor a service name (letters, digits, - _ . + /)",
               "'{}'{} 포트도 서비스 이름도 아닙니다 (영문자, 숫자, - _ . + /)", shown,
               lab::ko_particle(shown, lab::Particle::eun_neun)));
}

// CLI11 reads "-1" as an option named "1"; say what it really is: not a port.
void reject_negative_numbers(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg.size() > 1 && arg[0] == '-' && all_digits(arg.substr(1)))
      lab::usage_error(lab::port_problem(arg, lab::PortZero::any_free_port));
  }
}

}  // namespace ports_lab
