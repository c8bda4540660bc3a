#pragma once
// Parsers and CLI11 validators for what students type: ports, sizes, counts, HOST:PORT.
// The parsers are pure (no sockets, no Asio) so unit tests and fuzzers can hammer them.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <CLI/CLI.hpp>

namespace lab {

enum class PortZero { forbidden, any_free_port };

// "7000" -> 7000. Decimal digits only, 1-65535 (0 too when zero == any_free_port).
std::optional<std::uint16_t> parse_port(std::string_view text, PortZero zero = PortZero::forbidden);
// Why `text` is not a port, in the current language, e.g. "70000 is not a port (1-65535)".
std::string port_problem(std::string_view text, PortZero zero);

// "64", "64k", "1M", "1G" (binary multiples, case-insensitive) -> bytes.
std::optional<std::uint64_t> parse_size(std::string_view text);
// Unsigned decimal integer, no sign, no spaces, at most `max` (up to 18446744073709551615).
std::optional<std::uint64_t> parse_count(std::string_view text, std::uint64_t max);

// Every number a student types goes through one of these parsers, in every program: a plain
// decimal number ("2", "0.5", "100"), from `min` to `max`. No sign, no exponent, no spaces, no
// "nan" or "inf", nothing empty: what passes is a real, finite number in range.
std::optional<double> parse_number(std::string_view text, double min, double max);
// Seconds: parse_number(text, 0, max).
std::optional<double> parse_seconds(std::string_view text, double max);
// A rate: a plain decimal number with an optional decimal multiple, k (1,000), M (1,000,000) or
// G (1,000,000,000), case-insensitive: "800k", "1.5M", "64000", "0.5". From `min` to `max`.
std::optional<double> parse_rate_number(std::string_view text, double min, double max);

// "127.0.0.1:7000", "localhost:7000", "[::1]:7000" -> host and port text. No resolution here.
struct HostPort {
  std::string host;
  std::string port;
};
std::optional<HostPort> split_host_port(std::string_view text);

// CLI11 validators with one-line, bilingual messages.
CLI::Validator port_validator(PortZero zero = PortZero::forbidden);
CLI::Validator size_validator(std::uint64_t min, std::uint64_t max);
CLI::Validator count_validator(std::uint64_t min, std::uint64_t max);
CLI::Validator seconds_validator(double max);
// A decimal number from `min` to `max` (a percentage, milliseconds ...). `unit` is shown after
// the range in the message, e.g. "%" or "ms" (empty: nothing).
CLI::Validator number_validator(double min, double max, std::string_view unit = {});

// Adds a "--NAME SIZE" option that accepts 64, 64k, 1M ... within [min, max].
CLI::Option* add_size_option(CLI::App& app, const std::string& name, std::uint64_t& target,
                             const std::string& help, std::uint64_t min, std::uint64_t max);

}  // namespace lab
