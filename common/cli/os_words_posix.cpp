#include "cli/os_words.hpp"

namespace lab::os_words {

int time_wait_seconds() {
  return 60;
}
std::string_view half_close_call() {
  return "shutdown(SHUT_WR)";
}
std::string_view hosts_file() {
  return "/etc/hosts";
}
std::string_view services_file() {
  return "/etc/services";
}
bool on_windows() {
  return false;
}
long long largest_pid() {
  return 4194304;
}

}  // namespace lab::os_words
