#include "cli/validators.hpp"

#include <charconv>

#include <fmt/format.h>

#include "cli/lang.hpp"
#include "cli/wording.hpp"

namespace lab {
namespace {

bool all_digits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text)
    if (c < '0' || c > '9') return false;
  return true;
}

std::optional<std::uint64_t> parse_decimal(std::string_view text) {
  if (!all_digits(text) || text.size() > 20) return std::nullopt;
  std::uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

std::optional<std::uint16_t> parse_port(std::string_view text, PortZero zero) {
  auto value = parse_decimal(text);
  if (!value || *value > 65535) return std::nullopt;
  if (*value == 0 && zero == PortZero::forbidden) return std::nullopt;
  return static_cast<std::uint16_t>(*value);
}

std::string port_problem(std::string_view text, PortZero zero) {
  const std::string_view range = zero == PortZero::any_free_port ? "0-65535" : "1-65535";
  if (text.empty())
    return trf("a port number is needed ({})", "포트 번호가 필요합니다 ({})", range);
  if (zero == PortZero::forbidden && parse_decimal(text) == std::uint64_t{0})
    return tr("port 0 means 'any free port' and is not allowed here (1-65535)",
              "포트 0은 '아무 빈 포트'라는 뜻이라 여기서는 쓸 수 없습니다 (1-65535)");
  return trf("'{}'{} is not a port number ({})", "'{}'{} 포트 번호가 아닙니다 ({})", text,
             ko_particle(text, Particle::eun_neun), range);
}

std::optional<std::uint64_t> parse_size(std::string_view text) {
  if (text.empty()) return std::nullopt;
  std::uint64_t multiplier = 1;
  std::string_view digits = text;
  switch (text.back()) {
    case 'k':
    case 'K':
      multiplier = 1ull << 10;
      break;
    case 'm':
    case 'M':
      multiplier = 1ull << 20;
      break;
    case 'g':
    case 'G':
      multiplier = 1ull << 30;
      break;
    default:
      break;
  }
  if (multiplier != 1) digits.remove_suffix(1);
  auto value = parse_decimal(digits);
  if (!value || *value > (UINT64_MAX / multiplier)) return std::nullopt;
  return *value * multiplier;
}

std::optional<std::uint64_t> parse_count(std::string_view text, std::uint64_t max) {
  auto value = parse_decimal(text);
  if (!value || *value > max) return std::nullopt;
  return value;
}

std::optional<double> parse_number(std::string_view text, double min, double max) {
  if (text.empty() || text.size() > 32) return std::nullopt;
  const auto dot = text.find('.');
  const std::string_view whole = text.substr(0, dot);
  const std::string_view fraction =
      dot == std::string_view::npos ? std::string_view() : text.substr(dot + 1);
  if (whole.empty() && fraction.empty()) return std::nullopt;  // "."
  if (!whole.empty() && !all_digits(whole)) return std::nullopt;
  if (dot != std::string_view::npos && !fraction.empty() && !all_digits(fraction))
    return std::nullopt;
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  if (!(value >= min && value <= max)) return std::nullopt;  // NaN fails both
  return value;
}

std::optional<double> parse_seconds(std::string_view text, double max) {
  return parse_number(text, 0, max);
}

std::optional<double> parse_rate_number(std::string_view text, double min, double max) {
  if (text.empty()) return std::nullopt;
  double multiple = 1;
  switch (text.back()) {
    case 'k':
    case 'K':
      multiple = 1e3;
      break;
    case 'm':
    case 'M':
      multiple = 1e6;
      break;
    case 'g':
    case 'G':
      multiple = 1e9;
      break;
    default:
      break;
  }
  if (multiple != 1) text.remove_suffix(1);
  const auto number = parse_number(text, 0, 1e15);
  if (!number) return std::nullopt;
  const double value = *number * multiple;
  if (!(value >= min && value <= max)) return std::nullopt;
  return value;
}

std::optional<HostPort> split_host_port(std::string_view text) {
  if (text.empty()) return std::nullopt;
  if (text.front() == '[') {  // [v6]:port
    auto close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':')
      return std::nullopt;
    HostPort out{std::string(text.substr(1, close - 1)), std::string(text.substr(close + 2))};
    if (out.host.empty() || out.port.empty()) return std::nullopt;
    return out;
  }
  auto colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 >= text.size())
    return std::nullopt;
  // A bare IPv6 address has more colons; it must be written in brackets.
  if (text.substr(0, colon).find(':') != std::string_view::npos) return std::nullopt;
  return HostPort{std::string(text.substr(0, colon)), std::string(text.substr(colon + 1))};
}

CLI::Validator port_validator(PortZero zero) {
  return CLI::Validator(
      [zero](std::string& value) -> std::string {
        return parse_port(value, zero) ? std::string() : port_problem(value, zero);
      },
      zero == PortZero::any_free_port ? "PORT (0 = any free port)" : "PORT 1-65535", "PORT");
}

CLI::Validator size_validator(std::uint64_t min, std::uint64_t max) {
  return CLI::Validator(
      [min, max](std::string& value) -> std::string {
        auto size = parse_size(value);
        if (!size || *size < min || *size > max)
          return trf("'{}'{} is not a size from {} to {} bytes (64, 64k, 1M ...)",
                     "'{}'{} {}~{}바이트 범위의 크기가 아닙니다 (64, 64k, 1M ...)", value,
                     ko_particle(value, Particle::eun_neun), min, max);
        value = std::to_string(*size);  // hand CLI11 the plain number
        return {};
      },
      "SIZE", "SIZE");
}

CLI::Validator count_validator(std::uint64_t min, std::uint64_t max) {
  return CLI::Validator(
      [min, max](std::string& value) -> std::string {
        if (value.empty())
          return trf("a whole number from {} to {} is needed", "{}~{} 사이의 정수가 필요합니다",
                     min, max);
        auto count = parse_count(value, max);
        if (!count || *count < min)
          return trf("'{}'{} is not a whole number from {} to {}",
                     "'{}'{} {}~{} 사이의 정수가 아닙니다", value,
                     ko_particle(value, Particle::eun_neun), min, max);
        return {};
      },
      "N", "COUNT");
}

CLI::Validator seconds_validator(double max) {
  return CLI::Validator(
      [max](std::string& value) -> std::string {
        if (parse_seconds(value, max)) return {};
        if (value.empty())
          return trf("a number of seconds from 0 to {} is needed (e.g. 2 or 0.5)",
                     "0~{} 사이의 초 단위 숫자가 필요합니다 (예: 2, 0.5)", max);
        return trf("'{}'{} is not a number of seconds from 0 to {} (e.g. 2 or 0.5)",
                   "'{}'{} 0~{} 사이의 초 단위 숫자가 아닙니다 (예: 2, 0.5)", value,
                   ko_particle(value, Particle::eun_neun), max);
      },
      "SECONDS", "SECONDS");
}

CLI::Validator number_validator(double min, double max, std::string_view unit) {
  // " %", " ms" after the range; fmt prints 100.0 as "100".
  const std::string after = unit.empty() ? std::string() : " " + std::string(unit);
  return CLI::Validator(
      [min, max, after](std::string& value) -> std::string {
        if (parse_number(value, min, max)) return {};
        if (value.empty())
          return trf("a number from {} to {}{} is needed (e.g. 2 or 0.5)",
                     "{}~{}{} 범위의 숫자가 필요합니다 (예: 2, 0.5)", min, max, after);
        return trf("'{}'{} is not a number from {} to {}{} (e.g. 2 or 0.5)",
                   "'{}'{} {}~{}{} 범위의 숫자가 아닙니다 (예: 2, 0.5)", value,
                   ko_particle(value, Particle::eun_neun), min, max, after);
      },
      "NUMBER", "NUMBER");
}

CLI::Option* add_size_option(CLI::App& app, const std::string& name, std::uint64_t& target,
                             const std::string& help, std::uint64_t min, std::uint64_t max) {
  return app.add_option(name, target, help)
      ->transform(size_validator(min, max))
      ->type_name("SIZE")
      ->capture_default_str();
}

}  // namespace lab
