// Fuzzes lab-netstat's argv rewriting (-ano 2, -anop TCP, -tulpn ...): words separated by
// NUL bytes; never a crash, and either an error or arguments, not both.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "netstat/args.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::vector<std::string> args(1);
  for (std::size_t i = 0; i < size && args.size() < 64; ++i) {
    if (data[i] == 0)
      args.emplace_back();
    else
      args.back() += static_cast<char>(data[i]);
  }
  const auto out = lab::netstat::rewrite_netstat_args(args);
  if (!out.error.empty() && !out.args.empty()) std::abort();
  return 0;
}
