#include "nft_table.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "cli/app.hpp"
#include "cli/lang.hpp"
#include "queue_rule.hpp"

extern char** environ;

namespace badnet_lab {

std::string table_name(pid_t owner) {
  return fmt::format("{}{}", table_prefix, owner);
}

pid_t owner_of(const std::string& table) {
  if (table.rfind(table_prefix, 0) != 0) return -1;
  const std::string_view digits = std::string_view(table).substr(table_prefix.size());
  pid_t pid = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), pid);
  if (ec != std::errc{} || end != digits.data() + digits.size() || pid <= 0) return -1;
  return pid;
}

std::string table_script(const std::string& name, const RuleSet& rules) {
  std::string ports;
  for (const auto port : rules.ports)
    ports += fmt::format("{}{}", ports.empty() ? "" : ", ", port);
  std::string protocols = rules.tcp && rules.udp ? "{ tcp, udp }" : rules.tcp ? "tcp" : "udp";
  // The queue rule itself lives in chain "enqueue" (see queue_rule.hpp); matches jump there.
  const std::string queue = "goto enqueue";
  auto match = [&](std::string_view device_match) {
    return fmt::format(
        "    meta mark 0x{:x} accept\n"
        "    {} meta l4proto {} th dport {{ {} }} {}\n"
        "    {} meta l4proto {} th sport {{ {} }} {}\n",
        own_packet_mark, device_match, protocols, ports, queue, device_match, protocols, ports,
        queue);
  };
  std::string script = fmt::format("table inet {} {{\n  chain enqueue {{\n  }}\n", name);
  // Arriving packets are impaired before conntrack and routing see them (priority raw - 10):
  // a drop here is silent, as on a wire. On loopback every packet arrives once, both ways.
  script += "  chain arriving {\n    type filter hook prerouting priority -310; policy accept;\n";
  script += match(fmt::format("iifname \"{}\"", rules.interface));
  script += "  }\n";
  if (rules.interface != "lo") {
    // On a real interface the packets this host sends leave through postrouting: impaired
    // there, so both directions of the lab's traffic meet the bad network.
    script += "  chain leaving {\n    type filter hook postrouting priority 310; policy accept;\n";
    script += match(fmt::format("oifname \"{}\"", rules.interface));
    script += "  }\n";
  }
  script += "}\n";
  return script;
}

int run_nft(const std::vector<std::string>& args, const std::string& input, std::string& output) {
  int in_pipe[2];
  int out_pipe[2];
  if (::pipe2(in_pipe, O_CLOEXEC) != 0) return -1;
  if (::pipe2(out_pipe, O_CLOEXEC) != 0) {
    ::close(in_pipe[0]);
    ::close(in_pipe[1]);
    return -1;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in_pipe[0], STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], STDERR_FILENO);
  std::vector<std::string> argv_text{"nft"};
  argv_text.insert(argv_text.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& arg : argv_text)
    argv.push_back(arg.data());
  argv.push_back(nullptr);
  pid_t child = -1;
  const int spawned = posix_spawnp(&child, "nft", &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(in_pipe[0]);
  ::close(out_pipe[1]);
  if (spawned != 0) {
    ::close(in_pipe[1]);
    ::close(out_pipe[0]);
    output = "nft: not found (Debian package nftables)";
    return -1;
  }
  // The scripts are a few hundred bytes: one write fits the pipe, so no deadlock with the read.
  std::size_t written = 0;
  while (written < input.size()) {
    const ssize_t n = ::write(in_pipe[1], input.data() + written, input.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    written += static_cast<std::size_t>(n);
  }
  ::close(in_pipe[1]);
  output.clear();
  char buffer[4096];
  for (;;) {
    const ssize_t n = ::read(out_pipe[0], buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    if (output.size() < 1 << 20) output.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(out_pipe[0]);
  int status = 0;
  while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::vector<std::string> list_own_tables() {
  std::string output;
  if (run_nft({"list", "tables", "inet"}, "", output) != 0) return {};
  std::vector<std::string> tables;
  std::istringstream lines(output);
  for (std::string word; lines >> word;) {
    if (owner_of(word) > 0) tables.push_back(word);
  }
  return tables;
}

namespace {
// Is `pid` a running lab-badnet? (A PID can be reused by another program after a SIGKILL.)
bool runs_badnet(pid_t pid) {
  std::ifstream comm(fmt::format("/proc/{}/comm", pid));
  std::string name;
  return comm && std::getline(comm, name) && name == "lab-badnet";
}
}  // namespace

std::vector<std::string> remove_stale_tables() {
  std::vector<std::string> removed;
  for (const auto& table : list_own_tables()) {
    const pid_t owner = owner_of(table);
    if (owner == ::getpid() || runs_badnet(owner)) continue;
    std::string output;
    if (run_nft({"delete", "table", "inet", table}, "", output) == 0) removed.push_back(table);
  }
  return removed;
}

std::vector<pid_t> other_badnets() {
  std::vector<pid_t> others;
  for (const auto& table : list_own_tables()) {
    const pid_t owner = owner_of(table);
    if (owner != ::getpid() && runs_badnet(owner)) others.push_back(owner);
  }
  return others;
}

std::vector<std::uint16_t> ports_in_listing(const std::string& listing) {
  std::vector<std::uint16_t> ports;
  // nft prints "th dport" for TCP and UDP together, "udp dport" or "tcp dport" for one.
  const auto at = listing.find(" dport ");
  if (at == std::string::npos) return ports;
  std::size_t i = at + 7;
  const bool braced = i < listing.size() && listing[i] == '{';
  const std::size_t end = braced ? listing.find('}', i) : listing.find_first_of(" \n", i);
  const std::string list = listing.substr(i, (end == std::string::npos ? listing.size() : end) - i);
  // Numbers, and "first-last" ranges should nft print one.
  std::uint32_t number = 0;
  std::uint32_t range_start = 0;
  bool in_number = false;
  bool in_range = false;
  auto finish = [&] {
    if (!in_number) return;
    const std::uint32_t first = in_range ? range_start : number;
    for (std::uint32_t port = first; port <= number && port <= 65535; ++port)
      ports.push_back(static_cast<std::uint16_t>(port));
    in_number = in_range = false;
    number = 0;
  };
  for (const char c : list) {
    if (c >= '0' && c <= '9') {
      number = std::min<std::uint32_t>(number * 10 + static_cast<std::uint32_t>(c - '0'), 70000);
      in_number = true;
    } else if (c == '-' && in_number) {
      range_start = number;
      number = 0;
      in_range = true;
    } else {
      finish();
    }
  }
  finish();
  return ports;
}

PortHolder badnet_on_ports(const std::vector<std::uint16_t>& ports) {
  for (const auto& table : list_own_tables()) {
    const pid_t owner = owner_of(table);
    if (owner == ::getpid() || !runs_badnet(owner)) continue;
    // nft may complain about the compat NFQUEUE rule (and exit 1) but lists the rest.
    std::string listing;
    run_nft({"list", "table", "inet", table}, "", listing);
    for (const auto port : ports_in_listing(listing))
      if (std::find(ports.begin(), ports.end(), port) != ports.end()) return {owner, port};
  }
  return {};
}

StartLock::StartLock() {
  // A lock file shared by every network namespace: it only orders the start-ups (milliseconds).
  fd_ = ::open("/run/lab-badnet.lock", O_CREAT | O_RDWR | O_CLOEXEC, 0600);
  if (fd_ < 0) return;  // without it, two start-ups at the same moment are merely unlikely
  for (int tries = 0; tries < 500; ++tries) {  // up to 5 s, never silently forever
    if (::flock(fd_, LOCK_EX | LOCK_NB) == 0) return;
    if (errno != EWOULDBLOCK && errno != EINTR) break;
    ::usleep(10'000);
  }
  ::close(fd_);
  fd_ = -1;
}

void StartLock::release() {
  if (fd_ >= 0) ::close(fd_);  // closing releases the lock
  fd_ = -1;
}

StartLock::~StartLock() {
  release();
}

InstalledTable::InstalledTable(std::string name, const RuleSet& rules) : name_(std::move(name)) {
  std::string output;
  if (run_nft({"-f", "-"}, table_script(name_, rules), output) != 0) {
    while (!output.empty() && (output.back() == '\n' || output.back() == ' '))
      output.pop_back();
    const auto first_line = output.substr(0, output.find('\n'));
    lab::fail(lab::trf("nft could not create table inet {}: {}",
                       "nft가 inet {} 테이블을 만들지 못했습니다: {}", name_, first_line));
  }
  installed_ = true;
  const std::string problem = append_queue_rule(name_, "enqueue", rules.queue);
  if (!problem.empty()) {
    remove();
    lab::fail(lab::trf("the kernel refused the NFQUEUE rule in table inet {}: {}",
                       "커널이 inet {} 테이블의 NFQUEUE 규칙을 거부했습니다: {}", name_, problem));
  }
}

InstalledTable::~InstalledTable() {
  remove();
}

bool InstalledTable::remove() {
  if (!installed_) return true;
  // Signals must not cut the clean-up short: the table goes even when Ctrl-C comes twice.
  sigset_t block;
  sigset_t previous;
  sigemptyset(&block);
  sigaddset(&block, SIGINT);
  sigaddset(&block, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &block, &previous);
  std::string output;
  const bool removed = run_nft({"delete", "table", "inet", name_}, "", output) == 0;
  pthread_sigmask(SIG_SETMASK, &previous, nullptr);
  if (removed) installed_ = false;
  return removed;
}

}  // namespace badnet_lab
