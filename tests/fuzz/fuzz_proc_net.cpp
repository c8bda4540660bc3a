// Fuzzes the /proc/net/{tcp,tcp6,udp,udp6} parser: any text, never a crash, and every row it
// accepts is one of the lines it was given.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "sockets/proc_net.hpp"

using namespace lab::sockets;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  // The first byte picks the file: protocol and family.
  const Protocol protocol = (data[0] & 1) ? Protocol::udp : Protocol::tcp;
  const Family family = (data[0] & 2) ? Family::ipv6 : Family::ipv4;
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  const ProcNetParse parsed = parse_proc_net(text, protocol, family, true);
  std::size_t lines = 1;
  for (char c : text)
    lines += c == '\n';
  if (parsed.rows.size() + parsed.malformed_lines > lines) std::abort();
  for (const SocketRow& row : parsed.rows) {
    if (row.family != family || row.protocol != protocol) std::abort();
    if (text.find(row.raw) == std::string_view::npos) std::abort();
    if (static_cast<int>(row.state) > 12) std::abort();
    (void)row.local.to_string();
    (void)row.remote.to_string();
  }
  return 0;
}
