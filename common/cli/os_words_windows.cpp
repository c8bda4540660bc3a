#include "cli/os_words.hpp"

namespace lab::os_words {

// 120 s unless the registry value TcpTimedWaitDelay (Tcpip\Parameters) says otherwise.
int time_wait_seconds() {
  return 120;
}
std::string_view half_close_call() {
  return "shutdown(SD_SEND)";
}
std::string_view hosts_file() {
  return "%SystemRoot%\\System32\\drivers\\etc\\hosts";
}
std::string_view services_file() {
  return "%SystemRoot%\\System32\\drivers\\etc\\services";
}
bool on_windows() {
  return true;
}
long long largest_pid() {
  return 2147483647;
}

}  // namespace lab::os_words
