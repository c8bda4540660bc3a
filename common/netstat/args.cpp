#include "netstat/args.hpp"

#include <algorithm>
#include <cctype>

#include "cli/lang.hpp"
#include "cli/wording.hpp"

namespace lab::netstat {
namespace {

// Long options that take a value: their value is never an interval or a flag group.
constexpr std::string_view options_with_value[] = {
    "--protocol", "--watch",   "--count", "--port",   "--pid",
    "--state",    "--program", "--style", "--source", "--lang",
};

bool takes_value(std::string_view option) {
  return std::find(std::begin(options_with_value), std::end(options_with_value), option) !=
         std::end(options_with_value);
}

bool is_number(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c)) != 0;
  });
}

std::string_view long_form(char letter) {
  switch (letter) {
    case 'a':
      return "--all";
    case 'n':
      return "--numeric";
    case 'o':
      return "--pids";
    case 'b':
      return "--executables";
    case 't':
      return "--tcp";
    case 'u':
      return "--udp";
    case 'l':
      return "--listening";
    case 'h':
      return "--help";
    default:
      return "";
  }
}

}  // namespace

std::string canonical_protocol(std::string_view text) {
  std::string upper;
  for (char c : text)
    upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (upper == "TCP") return "TCP";
  if (upper == "UDP") return "UDP";
  if (upper == "TCPV6") return "TCPv6";
  if (upper == "UDPV6") return "UDPv6";
  return "";
}

RewrittenArgs rewrite_netstat_args(const std::vector<std::string>& args) {
  RewrittenArgs out;
  auto fail = [&](std::string message) {
    out.args.clear();
    out.error = std::move(message);
    return out;
  };
  bool seen_interval = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--") {  // everything after it is positional: only an interval may follow
      out.args.insert(out.args.end(), args.begin() + static_cast<long>(i), args.end());
      break;
    }
    if (arg.rfind("--", 0) == 0) {
      out.args.push_back(arg);
      if (takes_value(arg) && i + 1 < args.size()) out.args.push_back(args[++i]);
      continue;
    }
    if (arg.size() > 1 && arg[0] == '-') {
      // A group of one-letter flags: -a, -ano, -anop TCP, -tulpn.
      for (std::size_t k = 1; k < arg.size(); ++k) {
        const char letter = arg[k];
        if (letter == 'p') {
          const bool last_in_group = k + 1 == arg.size();
          const bool word_follows =
              last_in_group && i + 1 < args.size() && !args[i + 1].empty() && args[i + 1][0] != '-';
          if (word_follows && !canonical_protocol(args[i + 1]).empty()) {
            out.args.push_back("--protocol");
            out.args.push_back(canonical_protocol(args[++i]));
          } else if (word_follows && !is_number(args[i + 1])) {
            return fail(trf("'{}'{} is not a protocol: -p takes TCP, UDP, TCPv6 or UDPv6",
                            "'{}'{} 프로토콜이 아닙니다: -p 뒤에는 TCP, UDP, TCPv6, UDPv6",
                            args[i + 1], ko_particle(args[i + 1], Particle::eun_neun)));
          } else {
            out.args.push_back("--programs");
          }
          continue;
        }
        const std::string_view long_name = long_form(letter);
        if (long_name.empty())
          return fail(trf("unknown option '-{}' in '{}' (see --help)",
                          "알 수 없는 옵션 '-{}' ('{}', --help 참고)", std::string(1, letter),
                          arg));
        out.args.emplace_back(long_name);
      }
      continue;
    }
    // A bare word: the Windows interval ("netstat -ano 2").
    if (!is_number(arg) || arg.size() > 6)
      return fail(trf("'{}'{} is not an interval in seconds (a whole number, e.g. 2)",
                      "'{}'{} 초 단위 간격이 아닙니다 (2 같은 정수)", arg,
                      ko_particle(arg, Particle::eun_neun)));
    if (seen_interval)
      return fail(trf("more than one interval: '{}'", "간격이 두 번 이상 있습니다: '{}'", arg));
    seen_interval = true;
    out.args.push_back("--watch");
    out.args.push_back(arg);
  }
  return out;
}

}  // namespace lab::netstat
