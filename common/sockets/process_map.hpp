#pragma once
// Which process holds which socket: every /proc/PID/fd/N that links to "socket:[INODE]".
// Processes that exit mid-scan and folders we may not read are normal; they are counted, not
// reported as errors.
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace lab::sockets {

struct ProcessInfo {
  int pid = 0;
  std::string program;  // full name: argv[0]'s base name, else /proc/PID/comm
};

struct ProcessMap {
  // (inode, PID) sorted by inode, one pair per socket: the lowest PID when a socket is shared
  // after fork(). A sorted array, not a hash table: at 60,000 sockets it takes a third of the
  // memory, and lab-netstat should need no more than `ss -tuanp`.
  std::vector<std::pair<std::uint64_t, int>> pid_by_inode;
  std::unordered_map<int, std::string> program_by_pid;  // only for PIDs that hold sockets
  std::size_t unreadable_processes = 0;                 // fd folders we were not allowed to read

  std::optional<int> pid_of(std::uint64_t inode) const;
  const ProcessInfo* find(std::uint64_t inode) const;

 private:
  mutable ProcessInfo found_;
};

struct ScanOptions {
  std::string proc_root = "/proc";
  bool with_names = true;  // read each socket holder's name (PIDs alone need no more)
  // Worker threads for the readlink scan; 0 = one per online CPU, at most 4. The scan is one
  // readlink per open file of every process, so it is what makes `-ano` slow on a busy host.
  unsigned threads = 0;
};

// Scans /proc (or `proc_root`, for tests). Only PIDs holding at least one socket are named.
// A whole /proc file. false when it cannot be opened or a read fails (a process that ends
// between open() and read() gives ESRCH): the normal case in a scan, never an exception, which
// std::istreambuf_iterator over an ifstream would throw out of the read.
bool read_proc_file(const std::string& path, std::string& contents);

ProcessMap scan_processes(const std::string& proc_root = "/proc");
ProcessMap scan_processes(const ScanOptions& options);

// Full program name of one process ("" if it is gone or hidden).
std::string program_name_of(int pid, const std::string& proc_root = "/proc");

// "socket:[12345]" -> 12345; false for any other link text. Pure, for tests and the fuzzer.
bool parse_socket_link(const char* link, std::size_t length, std::uint64_t& inode);

}  // namespace lab::sockets
