#include "kernel_events.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <time.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <string_view>

#include <fmt/format.h>

#include "cli/app.hpp"
#include "cli/interrupt.hpp"
#include "sockets/process_map.hpp"

// libtracefs's header has inline helpers that only a C compiler accepts, so the few calls used
// here are declared as the header (libtracefs 1.6) declares them.
extern "C" {
tracefs_instance* tracefs_instance_create(const char* name);
int tracefs_instance_destroy(tracefs_instance* instance);
void tracefs_instance_free(tracefs_instance* instance);
int tracefs_instance_file_write(tracefs_instance* instance, const char* file, const char* str);
int tracefs_instance_file_open(tracefs_instance* instance, const char* file, int mode);
int tracefs_event_enable(tracefs_instance* instance, const char* system, const char* event);
int tracefs_event_file_write(tracefs_instance* instance, const char* system, const char* event,
                             const char* file, const char* str);
}

namespace trace_lab {
namespace {

constexpr const char* tracing_dir = "/sys/kernel/tracing";
constexpr const char* lock_path = "/run/lab-trace.lock";
constexpr const char* mounted_marker = "/run/lab-trace.mounted";
constexpr long tracefs_magic = 0x74726163;  // TRACEFS_MAGIC, linux/magic.h
constexpr std::string_view instance_prefix = "lab-trace-";

struct TraceEventName {
  const char* system;
  const char* event;
};
constexpr std::array<TraceEventName, 4> traced_events{{
    {"sock", "inet_sock_set_state"},
    {"tcp", "tcp_retransmit_skb"},
    {"tcp", "tcp_send_reset"},
    {"tcp", "tcp_receive_reset"},
}};

bool tracefs_is_mounted() {
  struct statfs info {};
  return statfs(tracing_dir, &info) == 0 && info.f_type == tracefs_magic;
}

std::int64_t clock_ns(clockid_t clock) {
  timespec now{};
  clock_gettime(clock, &now);
  return static_cast<std::int64_t>(now.tv_sec) * 1'000'000'000 + now.tv_nsec;
}

// Instances of runs that were killed (their PID is gone): nobody else will ever remove them.
void remove_stale_instances() {
  const std::string dir = std::string(tracing_dir) + "/instances";
  DIR* folder = opendir(dir.c_str());
  if (folder == nullptr) return;
  std::vector<std::string> stale;
  while (const dirent* entry = readdir(folder)) {
    const std::string_view name = entry->d_name;
    if (name.substr(0, instance_prefix.size()) != instance_prefix) continue;
    int pid = 0;
    const auto digits = name.substr(instance_prefix.size());
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), pid);
    if (ec != std::errc() || end != digits.data() + digits.size() || pid <= 0) continue;
    if (kill(pid, 0) == 0 || errno == EPERM) continue;  // still running
    stale.emplace_back(name);
  }
  closedir(folder);
  for (const auto& name : stale)
    rmdir((dir + "/" + name).c_str());
}

// The PIDs that hold a flock on the file open as `fd`, from /proc/locks ("1: FLOCK ADVISORY
// WRITE 4312 00:1a:1234 0 EOF"), ourselves left out.
std::vector<int> lock_holders(int fd) {
  struct stat file {};
  std::vector<int> holders;
  if (fstat(fd, &file) != 0) return holders;
  std::FILE* locks = std::fopen("/proc/locks", "re");
  if (locks == nullptr) return holders;
  char line[256];
  while (std::fgets(line, sizeof line, locks) != nullptr) {
    char kind[16] = {};
    int pid = 0;
    unsigned major = 0;
    unsigned minor = 0;
    unsigned long inode = 0;
    if (std::sscanf(line, "%*s %15s %*s %*s %d %x:%x:%lu", kind, &pid, &major, &minor, &inode) ==
            5 &&
        std::string_view(kind) == "FLOCK" && inode == file.st_ino && pid != getpid())
      holders.push_back(pid);
  }
  std::fclose(locks);
  return holders;
}

// Takes the lock in `mode` (LOCK_SH or LOCK_EX). A holder keeps the exclusive lock only while
// it mounts or unmounts tracefs (milliseconds), so a wait longer than a few seconds means
// something is wrong: one line that names who holds it, instead of hanging in silence. Ctrl-C
// while waiting ends the program quietly (no "Interrupted system call").
void take_lock(int fd, int mode) {
  for (int tries = 0; tries < 500; ++tries) {  // 5 s
    if (flock(fd, mode | LOCK_NB) == 0) return;
    if (errno != EWOULDBLOCK && errno != EINTR)
      lab::fail(fmt::format("{}: {}", lock_path, std::strerror(errno)));
    if (lab::interrupted()) throw lab::ExitNow{lab::exit_ok};
    usleep(10'000);
  }
  std::string pids;
  for (const int pid : lock_holders(fd))
    pids += (pids.empty() ? "" : ", ") + std::to_string(pid);
  if (pids.empty()) pids = "?";
  lab::fail(lab::trf(
      "another lab-trace (PID {}) has held {} for 5 s while mounting or unmounting tracefs; "
      "wait for it to end, or stop it (Ctrl-C in its terminal, or: sudo kill PID)",
      "다른 lab-trace(PID {})가 tracefs를 마운트하거나 해제하면서 {} 잠금을 5초째 잡고 있습니다. "
      "끝나기를 기다리거나 그것을 멈추세요 (그 터미널에서 Ctrl-C, 또는 sudo kill PID)",
      pids, lock_path));
}

}  // namespace

KernelTracer::KernelTracer(const std::vector<std::uint16_t>& ports) {
  // Several lab-trace runs may overlap (a class, a test suite): each holds a shared lock for
  // its whole run, so they never wait for each other. Only mounting needs the exclusive lock
  // (and only when tracefs is not mounted, which no running lab-trace allows), and the last run
  // to finish unmounts what a lab-trace mounted (the marker file says so), never anybody
  // else's mount.
  lock_fd_ = open(lock_path, O_CREAT | O_RDWR | O_CLOEXEC, 0600);
  if (lock_fd_ < 0) lab::fail(fmt::format("{}: {}", lock_path, std::strerror(errno)));
  take_lock(lock_fd_, LOCK_SH);
  if (!tracefs_is_mounted()) take_lock(lock_fd_, LOCK_EX);
  if (!tracefs_is_mounted()) {
    if (mount("nodev", tracing_dir, "tracefs", 0, nullptr) != 0) {
      const int error = errno;
      release_lock();
      lab::fail(lab::trf("mount tracefs at {}: {}", "tracefs를 {}에 마운트하지 못했습니다: {}",
                         tracing_dir, std::strerror(error)));
    }
    mounted_here_ = true;
    close(open(mounted_marker, O_CREAT | O_WRONLY | O_CLOEXEC, 0600));
  }
  take_lock(lock_fd_, LOCK_SH);  // from exclusive: at once
  remove_stale_instances();
  name_ = fmt::format("{}{}", instance_prefix, getpid());
  instance_ = tracefs_instance_create(name_.c_str());
  if (instance_ == nullptr)
    lab::fail(lab::trf("tracefs instance {}: {}", "tracefs 인스턴스 {}: {}", name_,
                       std::strerror(errno)));
  try {
    auto must = [&](int result, const std::string& what) {
      if (result < 0) lab::fail(fmt::format("tracefs: {}: {}", what, std::strerror(errno)));
    };
    // The "mono" clock: CLOCK_MONOTONIC, which we can turn into wall time like libpcap's.
    must(tracefs_instance_file_write(instance_, "trace_clock", "mono"), "trace_clock");
    must(tracefs_instance_file_write(instance_, "buffer_size_kb", "4096"), "buffer_size_kb");
    const std::string state_filter = kernel_filter(ports, true);
    const std::string port_filter = kernel_filter(ports, false);
    must(tracefs_event_file_write(instance_, "sock", "inet_sock_set_state", "filter",
                                  state_filter.c_str()),
         "sock/inet_sock_set_state/filter");
    must(tracefs_event_file_write(instance_, "tcp", "tcp_retransmit_skb", "filter",
                                  port_filter.c_str()),
         "tcp/tcp_retransmit_skb/filter");
    must(tracefs_event_file_write(instance_, "tcp", "tcp_receive_reset", "filter",
                                  port_filter.c_str()),
         "tcp/tcp_receive_reset/filter");
    // tcp_send_reset has its addresses as sockaddr bytes: matched here, not by the kernel.
    for (const auto& traced : traced_events)
      must(tracefs_event_enable(instance_, traced.system, traced.event),
           fmt::format("{}/{}", traced.system, traced.event));
    must(tracefs_instance_file_write(instance_, "tracing_on", "1"), "tracing_on");
    pipe_fd_ = tracefs_instance_file_open(instance_, "trace_pipe", O_RDONLY | O_NONBLOCK);
    must(pipe_fd_, "trace_pipe");
    mono_to_real_ns_ = clock_ns(CLOCK_REALTIME) - clock_ns(CLOCK_MONOTONIC);
  } catch (...) {
    remove();
    throw;
  }
}

void KernelTracer::remove() {
  if (pipe_fd_ >= 0) close(pipe_fd_);
  pipe_fd_ = -1;
  if (instance_ != nullptr) {
    tracefs_instance_destroy(instance_);
    tracefs_instance_free(instance_);
    instance_ = nullptr;
  }
  release_lock();
}

void KernelTracer::release_lock() {
  if (lock_fd_ < 0) return;
  // The last lab-trace out unmounts tracefs if a lab-trace mounted it.
  if (flock(lock_fd_, LOCK_EX | LOCK_NB) == 0 && access(mounted_marker, F_OK) == 0 &&
      umount2(tracing_dir, 0) == 0)
    unlink(mounted_marker);
  close(lock_fd_);
  lock_fd_ = -1;
}

KernelTracer::~KernelTracer() {
  remove();
}

void KernelTracer::read(std::vector<Event>& out, std::size_t max_bytes) {
  std::array<char, 65536> buffer{};
  std::size_t taken = 0;
  while (taken < max_bytes) {
    const ssize_t n = ::read(pipe_fd_, buffer.data(), buffer.size());
    if (n <= 0) break;  // EAGAIN: nothing more now
    taken += static_cast<std::size_t>(n);
    partial_.append(buffer.data(), static_cast<std::size_t>(n));
    std::size_t begin = 0;
    for (std::size_t end; (end = partial_.find('\n', begin)) != std::string::npos;
         begin = end + 1) {
      std::uint64_t lost = 0;
      auto event = parse_trace_line(std::string_view(partial_).substr(begin, end - begin), lost);
      lost_ += lost;
      if (!event) continue;
      // The trace writes "<...>" when it kept no name for the process: ask /proc now, while a
      // short-lived client may still be running (the timeline looks later).
      if (event->task_name == "<...>" && event->task_pid > 0) {
        std::string name = lab::sockets::program_name_of(event->task_pid);
        if (!name.empty()) event->task_name = std::move(name);
      }
      event->time_ns += mono_to_real_ns_;
      out.push_back(std::move(*event));
    }
    partial_.erase(0, begin);
    if (partial_.size() > 65536) partial_.clear();  // no line is that long: not a trace line
  }
}

}  // namespace trace_lab
