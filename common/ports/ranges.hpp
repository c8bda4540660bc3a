#pragma once
// The three port ranges of RFC 6335 and this machine's own ephemeral range. Pure parsing lives
// apart from the file reading so the tests and the fuzzer can feed any text.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lab::ports {

enum class PortRange : std::uint8_t { well_known, registered, dynamic };

struct RangeBounds {
  std::uint16_t first;
  std::uint16_t last;
};

// RFC 6335 section 6: System (0-1023), User (1024-49151), Dynamic and/or Private (49152-65535).
PortRange classify(std::uint16_t port);
RangeBounds bounds(PortRange range);
std::string_view range_key(PortRange range);        // "well-known", "registered", "dynamic"
std::string_view range_iana_name(PortRange range);  // "System Ports" ...
std::optional<PortRange> parse_range_key(std::string_view text);

// "32768\t60999\n" (the form of /proc/sys/net/ipv4/ip_local_port_range) -> {32768, 60999}.
// Two decimal numbers separated by blanks, first <= last, both <= 65535.
std::optional<RangeBounds> parse_port_pair(std::string_view text);
// A single decimal number with optional surrounding blanks (ip_unprivileged_port_start).
std::optional<std::uint32_t> parse_single_number(std::string_view text);

inline constexpr const char* linux_ephemeral_path = "/proc/sys/net/ipv4/ip_local_port_range";
inline constexpr const char* linux_unprivileged_path =
    "/proc/sys/net/ipv4/ip_unprivileged_port_start";

// The range the kernel picks client ports from; nullopt when the file is missing or odd.
std::optional<RangeBounds> read_ephemeral_range(const std::string& path = linux_ephemeral_path);
// The first port a process without CAP_NET_BIND_SERVICE may bind (Linux 4.11+).
std::optional<std::uint32_t> read_unprivileged_port_start(
    const std::string& path = linux_unprivileged_path);

// Windows keeps its dynamic range and its excluded port ranges (Hyper-V, WinNAT, Docker reserve
// blocks of ports that netstat never shows; a bind there fails with WSAEACCES 10013) where no
// documented Win32 function reads them: the documented way is netsh, so lab-ports runs it.
inline constexpr const char* windows_dynamic_port_command = "netsh int ipv4 show dynamicport tcp";
inline constexpr const char* windows_excluded_ports_command =
    "netsh interface ipv4 show excludedportrange protocol=tcp";

// netsh's dynamic port answer, in any display language: the numbers after the first two colons
// ("Start Port      : 49152", "Number of Ports : 16384") -> {49152, 65535}.
std::optional<RangeBounds> parse_netsh_dynamic_port(std::string_view text);

struct ExcludedRange {
  RangeBounds ports;
  bool administered = false;  // '*': added by an administrator, not by a service at run time
};
// netsh's excluded port ranges: every line that holds just two numbers (start, end) and an
// optional '*'. nullopt when the text has no "----" header rule at all (not netsh's table).
std::optional<std::vector<ExcludedRange>> parse_netsh_excluded_ranges(std::string_view text);

// This OS's ephemeral range and, on Windows, its excluded ranges, with where each came from.
struct SystemPortRanges {
  std::optional<RangeBounds> ephemeral;
  std::string ephemeral_source;                        // the /proc file, or the netsh command
  bool has_exclusions = false;                         // Windows: the OS can exclude ranges
  std::optional<std::vector<ExcludedRange>> excluded;  // nullopt: could not be read
  std::string excluded_source;
  // Linux: the first port an unprivileged process may bind. Windows has no such limit.
  std::optional<std::uint32_t> unprivileged_port_start;
};
// with_exclusions: also read the excluded ranges (one more netsh run on Windows).
SystemPortRanges read_system_port_ranges(bool with_exclusions);

}  // namespace lab::ports
