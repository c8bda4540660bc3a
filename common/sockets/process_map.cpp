#include "sockets/process_map.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <iterator>

namespace lab::sockets {
namespace {

bool is_pid_name(const char* name) {
  if (*name == '\0') return false;
  for (const char* p = name; *p; ++p)
    if (*p < '0' || *p > '9') return false;
  return true;
}

// "socket:[12345]" -> 12345
bool socket_inode(const char* link, std::size_t length, std::uint64_t& inode) {
  static constexpr char prefix[] = "socket:[";
  constexpr std::size_t prefix_length = sizeof prefix - 1;
  if (length <= prefix_length + 1 || std::memcmp(link, prefix, prefix_length) != 0 ||
      link[length - 1] != ']')
    return false;
  std::uint64_t value = 0;
  for (std::size_t i = prefix_length; i + 1 < length; ++i) {
    if (link[i] < '0' || link[i] > '9') return false;
    value = value * 10 + static_cast<std::uint64_t>(link[i] - '0');
  }
  inode = value;
  return true;
}

std::string read_small_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

const ProcessInfo* ProcessMap::find(std::uint64_t inode) const {
  auto it = pid_by_inode.find(inode);
  if (it == pid_by_inode.end()) return nullptr;
  found_.pid = it->second;
  auto name = program_by_pid.find(it->second);
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
  ProcessMap map;
  DIR* proc = opendir(proc_root.c_str());
  if (!proc) return map;
  while (dirent* entry = readdir(proc)) {
    if (!is_pid_name(entry->d_name)) continue;
    const int pid = std::atoi(entry->d_name);
    const std::string fd_path = proc_root + "/" + entry->d_name + "/fd";
    int fd_dir_fd = open(fd_path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd_dir_fd < 0) {
      if (errno == EACCES || errno == EPERM) ++map.unreadable_processes;
      continue;  // ENOENT: the process ended while we looked; nothing to say
    }
    DIR* fds = fdopendir(fd_dir_fd);
    if (!fds) {
      close(fd_dir_fd);
      continue;
    }
    bool holds_socket = false;
    char link[64];
    while (dirent* fd_entry = readdir(fds)) {
      if (fd_entry->d_name[0] == '.') continue;
      ssize_t length = readlinkat(fd_dir_fd, fd_entry->d_name, link, sizeof link);
      std::uint64_t inode = 0;
      if (length > 0 && socket_inode(link, static_cast<std::size_t>(length), inode)) {
        // The first holder wins; a socket shared after fork() is shown with one PID, as ss does.
        map.pid_by_inode.emplace(inode, pid);
        holds_socket = true;
      }
    }
    closedir(fds);
    if (holds_socket) map.program_by_pid.emplace(pid, program_name_of(pid, proc_root));
  }
  closedir(proc);
  return map;
}

}  // namespace lab::sockets
