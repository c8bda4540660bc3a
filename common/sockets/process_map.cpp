#include "sockets/process_map.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <thread>
#include <vector>

namespace lab::sockets {
namespace {

bool parse_pid_name(const char* name, int& pid) {
  if (*name == '\0') return false;
  long value = 0;
  for (const char* p = name; *p; ++p) {
    if (*p < '0' || *p > '9' || value > 100'000'000) return false;
    value = value * 10 + (*p - '0');
  }
  pid = static_cast<int>(value);
  return true;
}

}  // namespace

bool read_proc_file(const std::string& path, std::string& contents) {
  contents.clear();
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  char buffer[65536];
  ssize_t got;
  while ((got = read(fd, buffer, sizeof buffer)) != 0) {
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) break;  // ESRCH: the process ended between open() and read()
    contents.append(buffer, static_cast<std::size_t>(got));
  }
  close(fd);
  return got == 0;
}

namespace {

// What a /proc/PID file says, or nothing once the process is gone.
std::string read_small_file(const std::string& path) {
  std::string contents;
  return read_proc_file(path, contents) ? contents : std::string();
}

// What one worker found. Workers never share a container; the results are merged at the end.
struct Partial {
  std::vector<std::pair<std::uint64_t, int>> holders;  // (inode, pid) in scan order
  std::vector<int> pids_with_sockets;
  std::size_t unreadable = 0;
};

void scan_one_process(int proc_fd, int pid, Partial& out) {
  char path[32];
  std::snprintf(path, sizeof path, "%d/fd", pid);
  const int fd_dir_fd = openat(proc_fd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd_dir_fd < 0) {
    if (errno == EACCES || errno == EPERM) ++out.unreadable;
    return;  // ENOENT: the process ended while we looked; nothing to say
  }
  bool holds_socket = false;
  char link[64];
  auto look_at = [&](const char* name) {
    const ssize_t length = readlinkat(fd_dir_fd, name, link, sizeof link);
    std::uint64_t inode = 0;
    if (length > 0 && parse_socket_link(link, static_cast<std::size_t>(length), inode)) {
      out.holders.emplace_back(inode, pid);
      holds_socket = true;
    }
    return length >= 0;
  };

  // Linux 6.2+ reports the number of open files as the size of /proc/PID/fd. File numbers are
  // dense in most processes, so reading links 0, 1, 2 ... until that many were found skips
  // listing the folder, which costs as much again as the links themselves.
  struct stat folder {};
  const long open_files = fstat(fd_dir_fd, &folder) == 0 ? static_cast<long>(folder.st_size) : 0;
  long next_number = 0;
  if (open_files > 0) {
    long found = 0, missing = 0;
    char name[24];
    while (found < open_files && missing <= open_files + 64) {
      *std::to_chars(name, name + sizeof name - 1, next_number++).ptr = '\0';
      if (look_at(name))
        ++found;
      else if (errno == ENOENT)
        ++missing;
      else
        break;  // the process ended, or we may not look
    }
    if (found >= open_files) {
      close(fd_dir_fd);
      if (holds_socket) out.pids_with_sockets.push_back(pid);
      return;
    }
  }
  // Sparse numbers, an older kernel, or files opened meanwhile: list the folder for the rest.
  DIR* fds = fdopendir(fd_dir_fd);
  if (!fds) {
    close(fd_dir_fd);
    return;
  }
  while (dirent* entry = readdir(fds)) {
    if (entry->d_name[0] == '.') continue;
    if (std::atol(entry->d_name) < next_number) continue;  // looked at already
    look_at(entry->d_name);
  }
  closedir(fds);
  if (holds_socket) out.pids_with_sockets.push_back(pid);
}

}  // namespace

bool parse_socket_link(const char* link, std::size_t length, std::uint64_t& inode) {
  static constexpr char prefix[] = "socket:[";
  constexpr std::size_t prefix_length = sizeof prefix - 1;
  if (length <= prefix_length + 1 || length > prefix_length + 21 ||
      std::memcmp(link, prefix, prefix_length) != 0 || link[length - 1] != ']')
    return false;
  std::uint64_t value = 0;
  for (std::size_t i = prefix_length; i + 1 < length; ++i) {
    if (link[i] < '0' || link[i] > '9') return false;
    const auto digit = static_cast<std::uint64_t>(link[i] - '0');
    if (value > (UINT64_MAX - digit) / 10) return false;
    value = value * 10 + digit;
  }
  inode = value;
  return true;
}

std::optional<int> ProcessMap::pid_of(std::uint64_t inode) const {
  const auto it = std::lower_bound(pid_by_inode.begin(), pid_by_inode.end(),
                                   std::pair<std::uint64_t, int>(inode, INT_MIN));
  if (it == pid_by_inode.end() || it->first != inode) return std::nullopt;
  return it->second;
}

const ProcessInfo* ProcessMap::find(std::uint64_t inode) const {
  const auto pid = pid_of(inode);
  if (!pid) return nullptr;
  found_.pid = *pid;
  auto name = program_by_pid.find(*pid);
  found_.program = name == program_by_pid.end() ? std::string() : name->second;
  return &found_;
}

std::string program_name_of(int pid, const std::string& proc_root) {
  const std::string base = proc_root + "/" + std::to_string(pid);
  // argv[0] holds the full name; comm is cut at 15 characters.
  std::string cmdline = read_small_file(base + "/cmdline");
  std::string argv0 = cmdline.substr(0, cmdline.find('\0'));
  if (!argv0.empty()) {
    auto slash = argv0.rfind('/');
    std::string name = slash == std::string::npos ? argv0 : argv0.substr(slash + 1);
    // Some programs rewrite argv[0] to a status line ("sshd: user [priv]"): keep the first word.
    auto space = name.find_first_of(" :");
    if (space != std::string::npos && space > 0) name.resize(space);
    if (!name.empty()) return name;
  }
  std::string comm = read_small_file(base + "/comm");
  while (!comm.empty() && comm.back() == '\n')
    comm.pop_back();
  return comm;
}

ProcessMap scan_processes(const std::string& proc_root) {
  ScanOptions options;
  options.proc_root = proc_root;
  return scan_processes(options);
}

ProcessMap scan_processes(const ScanOptions& options) {
  ProcessMap map;
  const int proc_fd = open(options.proc_root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (proc_fd < 0) return map;
  std::vector<int> pids;
  if (DIR* proc = fdopendir(dup(proc_fd))) {
    while (dirent* entry = readdir(proc)) {
      int pid = 0;
      if (parse_pid_name(entry->d_name, pid)) pids.push_back(pid);
    }
    closedir(proc);
  }

  unsigned threads = options.threads;
  if (threads == 0) threads = std::clamp(std::thread::hardware_concurrency(), 1u, 4u);
  threads =
      std::min<unsigned>(threads, static_cast<unsigned>(std::max<std::size_t>(pids.size(), 1)));
  std::vector<Partial> partials(threads);
  // Workers take the next PID from a shared counter: one process with 15,000 sockets then does
  // not leave the other workers idle behind it.
  std::atomic<std::size_t> next{0};
  auto work = [&](Partial& partial) {
    for (std::size_t i = next++; i < pids.size(); i = next++)
      scan_one_process(proc_fd, pids[i], partial);
  };
  std::vector<std::thread> workers;
  try {
    for (unsigned t = 1; t < threads; ++t)
      workers.emplace_back(work, std::ref(partials[t]));
  } catch (const std::system_error&) {
    // No thread to be had: the calling thread does all the work.
  }
  work(partials[0]);
  for (auto& worker : workers)
    worker.join();
  close(proc_fd);

  std::size_t total = 0;
  for (const auto& partial : partials)
    total += partial.holders.size();
  map.pid_by_inode.reserve(total);
  for (auto& partial : partials) {
    map.unreadable_processes += partial.unreadable;
    map.pid_by_inode.insert(map.pid_by_inode.end(), partial.holders.begin(), partial.holders.end());
    partial.holders = {};  // let go of each worker's list as soon as it is copied
  }
  // Sorted by inode, then PID: the first pair of each inode has the lowest PID, which wins when
  // a socket is shared after fork(), whatever the thread order.
  std::sort(map.pid_by_inode.begin(), map.pid_by_inode.end());
  const auto same_inode = [](const auto& a, const auto& b) { return a.first == b.first; };
  map.pid_by_inode.erase(std::unique(map.pid_by_inode.begin(), map.pid_by_inode.end(), same_inode),
                         map.pid_by_inode.end());
  if (options.with_names)
    for (const auto& partial : partials)
      for (int pid : partial.pids_with_sockets)
        map.program_by_pid.emplace(pid, program_name_of(pid, options.proc_root));
  return map;
}

}  // namespace lab::sockets
