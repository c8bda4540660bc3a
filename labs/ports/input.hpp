#pragma once
// What a student types, checked before anything is looked up: a port number ("80", "80/tcp"),
// a service name, or a typing error that ends the program with exit 2.
#include <cstdint>
#include <optional>
#include <string>

#include "cli/validators.hpp"

namespace ports_lab {

// "80", "80/tcp", "80/udp" -> "80"; nullopt when the text is not a number (then it is a name).
std::optional<std::string> number_part(const std::string& query);
// "tcp" / "udp" when the query named one ("80/udp"); only those rows are shown then.
std::optional<std::string> protocol_part(const std::string& query);
// A port as a student types it, or a usage error (exit 2) naming what is wrong.
std::uint16_t port_or_usage_error(const std::string& text, lab::PortZero zero);
// A usage error (exit 2) unless `name` can be a service name.
void check_name(const std::string& name);
// CLI11 reads "-1" as an option named "1"; this says what it really is: not a port.
void reject_negative_numbers(int argc, char** argv);

}  // namespace ports_lab
