// netstat-bench-holder: holds N loopback TCP connections across P processes for a bounded
// time, so scripts/bench/netstat-vs-ss.sh can time socket-table tools on a busy table.
//
//   netstat-bench-holder --connections 10000 --processes 4 --seconds 120
//
// Each process listens on its own 127.0.0.1 port and connects to itself N/P times, keeping both
// ends (2 sockets per connection). One ephemeral port can serve several destinations, so the
// limit is N/P per process against the ephemeral range, not N. Prints "ready N" when all are up,
// stops after --seconds or on SIGTERM/SIGINT. Clients close with RST (SO_LINGER 0), so the run
// leaves no TIME_WAIT behind.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

namespace {

[[noreturn]] void die(const std::string& message) {
  std::fprintf(stderr, "netstat-bench-holder: error: %s\n", message.c_str());
  std::exit(1);
}

volatile sig_atomic_t stop = 0;
void on_signal(int) {
  stop = 1;
}

void raise_fd_limit(rlim_t wanted) {
  rlimit limit{};
  getrlimit(RLIMIT_NOFILE, &limit);
  if (limit.rlim_cur >= wanted) return;
  limit.rlim_cur = wanted;
  if (limit.rlim_max < wanted) limit.rlim_max = wanted;  // root only; else the next line fails
  if (setrlimit(RLIMIT_NOFILE, &limit) != 0)
    die("cannot raise the open-file limit to " + std::to_string(wanted) + ": " +
        std::strerror(errno));
}

// One process's share: listen, then connect-and-accept `count` times. Runs until signalled.
[[noreturn]] void hold(long count, int ready_fd, unsigned seconds) {
  raise_fd_limit(static_cast<rlim_t>(2 * count + 64));
  const int listener = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (listener < 0 || bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      listen(listener, 512) != 0 ||
      getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length) != 0)
    die(std::string("listen: ") + std::strerror(errno));
  const linger reset{1, 0};
  for (long i = 0; i < count && !stop; ++i) {
    const int client = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (client < 0) die(std::string("socket: ") + std::strerror(errno));
    if (connect(client, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0)
      die("connect #" + std::to_string(i) + ": " + std::strerror(errno));
    setsockopt(client, SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
    if (accept4(listener, nullptr, nullptr, SOCK_CLOEXEC) < 0)
      die(std::string("accept: ") + std::strerror(errno));
  }
  const char byte = 1;
  if (write(ready_fd, &byte, 1) != 1) _exit(1);
  alarm(seconds + 5);  // never outlive the parent by much, whatever happens to it
  while (!stop)
    pause();
  _exit(0);
}

long option(int argc, char** argv, const char* name, long fallback) {
  for (int i = 1; i + 1 < argc; ++i)
    if (std::strcmp(argv[i], name) == 0) {
      char* end = nullptr;
      const long value = std::strtol(argv[i + 1], &end, 10);
      if (*end != '\0' || value <= 0) die(std::string(name) + " needs a positive number");
      return value;
    }
  return fallback;
}

}  // namespace

int main(int argc, char** argv) {
  const long connections = option(argc, argv, "--connections", 1000);
  const long processes = option(argc, argv, "--processes", 4);
  const long seconds = option(argc, argv, "--seconds", 120);
  if (connections > 200000 || processes > 64 || seconds > 3600)
    die("limits: --connections <= 200000, --processes <= 64, --seconds <= 3600");

  long low = 32768, high = 60999;
  std::ifstream("/proc/sys/net/ipv4/ip_local_port_range") >> low >> high;
  const long per_process = (connections + processes - 1) / processes;
  // Every client end needs an ephemeral port unique per destination (one listener each).
  if (per_process > (high - low + 1) * 9 / 10)
    die("each process would need " + std::to_string(per_process) + " ephemeral ports of " +
        std::to_string(high - low + 1) + ": use more --processes");

  struct sigaction action {};
  action.sa_handler = on_signal;
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  sigaction(SIGALRM, &action, nullptr);

  int ready[2];
  if (pipe(ready) != 0) die("pipe");
  std::vector<pid_t> children;
  long left = connections;
  for (long p = 0; p < processes && left > 0; ++p) {
    const long share = std::min(per_process, left);
    left -= share;
    const pid_t child = fork();
    if (child < 0) die(std::string("fork: ") + std::strerror(errno));
    if (child == 0) {
      close(ready[0]);
      hold(share, ready[1], static_cast<unsigned>(seconds));
    }
    children.push_back(child);
  }
  close(ready[1]);
  alarm(static_cast<unsigned>(seconds));
  std::size_t up = 0;
  char byte;
  while (up < children.size() && !stop && read(ready[0], &byte, 1) == 1)
    ++up;
  if (up == children.size()) {
    std::printf("ready %ld\n", connections);
    std::fflush(stdout);
  }
  while (!stop)
    pause();
  for (pid_t child : children)
    kill(child, SIGTERM);
  for (pid_t child : children)
    waitpid(child, nullptr, 0);
  return up == children.size() ? 0 : 1;
}
