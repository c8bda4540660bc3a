#pragma once
// lab-netstat's command line as students type it, Windows style (-ano, -anop TCP, a trailing
// interval) or Linux style (-tulpn). CLI11 cannot read those forms, so they are first rewritten
// into long options CLI11 understands:
//
//   -ano 2        ->  --all --numeric --pids --watch 2
//   -anop TCP     ->  --all --numeric --pids --protocol TCP
//   -tulpn        ->  --tcp --udp --listening --programs --numeric
//
// The rule for -p: when it ends a group of letters and the next word is a protocol name
// (TCP, UDP, TCPv6, UDPv6, any case) it selects that protocol, as on Windows; otherwise it
// means "show programs", as on Linux. Any other word after it is an error.
#include <string>
#include <string_view>
#include <vector>

namespace lab::netstat {

struct RewrittenArgs {
  std::vector<std::string> args;  // without argv[0]
  std::string error;              // non-empty: a usage error, one line, already translated
};

// Pure: no I/O, no global state except the language of the error message.
RewrittenArgs rewrite_netstat_args(const std::vector<std::string>& args);

// "tcp", "UDPv6" ... -> the canonical spelling "TCP", "UDPv6"; "" when not a protocol name.
std::string canonical_protocol(std::string_view text);

}  // namespace lab::netstat
