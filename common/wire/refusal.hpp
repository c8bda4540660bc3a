#pragma once
// "Server full": the one line a lab server sends to a client it cannot take before it hangs up.
// The line starts with the same ASCII tag in every language, so a client (whatever language it
// prints in) can tell a refusal from an echo, and a student with `nc` can read it.
//
//   [server full] 64 clients at once; try again later
//
// Pure C++ (no Asio, no fmt), like the rest of wire/.
#include <string>
#include <string_view>

namespace lab::wire {

inline constexpr std::string_view server_full_tag = "[server full]";

// The refusal line: tag, a space, the reason (in the server's language), newline.
inline std::string server_full_line(std::string_view reason) {
  std::string line(server_full_tag);
  line += ' ';
  line += reason;
  line += '\n';
  return line;
}

// True when what came back starts like a refusal (or is a first piece of one).
inline bool looks_like_server_full(std::string_view received) {
  if (received.size() < server_full_tag.size())
    return !received.empty() && server_full_tag.starts_with(received);
  return received.starts_with(server_full_tag);
}

// The refusal's reason, without tag and newline ("" when `received` is no refusal).
inline std::string_view server_full_reason(std::string_view received) {
  if (!received.starts_with(server_full_tag)) return {};
  received.remove_prefix(server_full_tag.size());
  while (!received.empty() && received.front() == ' ')
    received.remove_prefix(1);
  const auto end = received.find('\n');
  return end == std::string_view::npos ? received : received.substr(0, end);
}

}  // namespace lab::wire
