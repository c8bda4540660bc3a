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
#include <cstring>

#include <fmt/format.h>

#include "cli/app.hpp"

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

namespace lab::trace {
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

std::string_view field(std::string_view text, std::string_view key) {
  // "key=value" separated by spaces; the key must start the text or follow a space.
  std::size_t at = 0;
  while ((at = text.find(key, at)) != std::string_view::npos) {
    const bool starts = at == 0 || text[at - 1] == ' ';
    if (starts && at + key.size() < text.size() && text[at + key.size()] == '=') {
      const std::size_t begin = at + key.size() + 1;
      const std::size_t end = text.find(' ', begin);
      return text.substr(begin, end == std::string_view::npos ? text.size() - begin : end - begin);
    }
    at += key.size();
  }
  return {};
}

template <class Number>
bool number(std::string_view text, Number& out, int base = 10) {
  if (text.empty()) return false;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out, base);
  return ec == std::errc() && end == text.data() + text.size();
}

// "127.0.0.1" with port -> Endpoint; for AF_INET6 the v6 field is used.
std::optional<Endpoint> endpoint_of(std::string_view family, std::string_view v4,
                                    std::string_view v6, std::string_view port_text) {
  std::uint16_t port = 0;
  if (!number(port_text, port)) return std::nullopt;
  const auto address = sockets::Address::parse(family == "AF_INET6" ? v6 : v4);
  if (!address) return std::nullopt;
  return Endpoint{*address, port};
}

// "127.0.0.1:7000" or "[::1]:7000" (the %pISpc format of tcp_send_reset).
std::optional<Endpoint> endpoint_of(std::string_view text) {
  const auto colon = text.rfind(':');
  if (colon == std::string_view::npos) return std::nullopt;
  std::string_view host = text.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  std::uint16_t port = 0;
  if (!number(text.substr(colon + 1), port)) return std::nullopt;
  const auto address = sockets::Address::parse(host);
  if (!address) return std::nullopt;
  return Endpoint{*address, port};
}

}  // namespace

std::optional<TcpState> parse_kernel_state(std::string_view name) {
  if (name.substr(0, 4) != "TCP_") return std::nullopt;
  name.remove_prefix(4);
  if (name == "CLOSE") return TcpState::close;
  return sockets::parse_state_name(name);
}

std::optional<Event> parse_trace_line(std::string_view line, std::uint64_t& lost) {
  lost = 0;
  // "CPU:1 [LOST 42 EVENTS]": the ring buffer was full and the kernel overwrote events.
  if (const auto at = line.find("[LOST "); at != std::string_view::npos) {
    const auto rest = line.substr(at + 6);
    number(rest.substr(0, rest.find(' ')), lost);
    return std::nullopt;
  }
  // "   lab-tcp-client-4312    [001] ..... 12345.678901234: inet_sock_set_state: family=..."
  static constexpr std::array<std::pair<std::string_view, EventKind>, 4> kinds{{
      {": inet_sock_set_state: ", EventKind::state},
      {": tcp_retransmit_skb: ", EventKind::retransmit},
      {": tcp_send_reset: ", EventKind::reset_sent},
      {": tcp_receive_reset: ", EventKind::reset_received},
  }};
  Event event;
  std::size_t marker = std::string_view::npos;
  std::size_t marker_size = 0;
  for (const auto& [text, kind] : kinds) {
    marker = line.find(text);
    if (marker != std::string_view::npos) {
      event.kind = kind;
      marker_size = text.size();
      break;
    }
  }
  if (marker == std::string_view::npos) return std::nullopt;
  const std::string_view head = line.substr(0, marker);
  const std::string_view body = line.substr(marker + marker_size);

  // The timestamp is the last word of the head: seconds '.' fraction (9 digits with "mono").
  const std::string_view stamp = head.substr(head.rfind(' ') + 1);
  const auto dot = stamp.find('.');
  std::int64_t seconds = 0;
  std::int64_t fraction = 0;
  if (dot == std::string_view::npos || !number(stamp.substr(0, dot), seconds) ||
      !number(stamp.substr(dot + 1), fraction))
    return std::nullopt;
  std::int64_t scale = 1;
  for (std::size_t digits = stamp.size() - dot - 1; digits < 9; ++digits)
    scale *= 10;
  event.time_ns = seconds * 1'000'000'000 + fraction * scale;

  // The task: "comm-PID" before " [CPU]"; comm itself may hold dashes and spaces.
  const auto cpu = head.find(" [");
  if (cpu != std::string_view::npos) {
    std::string_view task = head.substr(0, cpu);
    task.remove_prefix(std::min(task.find_first_not_of(' '), task.size()));
    task.remove_suffix(task.size() - std::min(task.find_last_not_of(' ') + 1, task.size()));
    const auto dash = task.rfind('-');
    if (dash != std::string_view::npos && number(task.substr(dash + 1), event.task_pid))
      event.task_name = std::string(task.substr(0, dash));
  }

  if (event.kind == EventKind::reset_sent) {
    const auto src = endpoint_of(field(body, "src"));
    const auto dst = endpoint_of(field(body, "dest"));
    if (!src || !dst) return std::nullopt;
    event.src = *src;
    event.dst = *dst;
    number(field(body, "skaddr"), event.socket_id, 16);
    return event;
  }
  const auto family = field(body, "family");
  const auto src =
      endpoint_of(family, field(body, "saddr"), field(body, "saddrv6"), field(body, "sport"));
  const auto dst =
      endpoint_of(family, field(body, "daddr"), field(body, "daddrv6"), field(body, "dport"));
  if (!src || !dst) return std::nullopt;
  event.src = *src;
  event.dst = *dst;
  std::string_view skaddr = field(body, "skaddr");
  if (skaddr.substr(0, 2) == "0x") skaddr.remove_prefix(2);
  number(skaddr, event.socket_id, 16);
  if (event.kind == EventKind::state) {
    if (field(body, "protocol") != "IPPROTO_TCP") return std::nullopt;
    const auto old_state = parse_kernel_state(field(body, "oldstate"));
    const auto new_state = parse_kernel_state(field(body, "newstate"));
    if (!old_state || !new_state) return std::nullopt;
    event.old_state = *old_state;
    event.new_state = *new_state;
  } else if (event.kind == EventKind::retransmit) {
    if (const auto state = parse_kernel_state(field(body, "state"))) event.old_state = *state;
  }
  return event;
}

std::string kernel_filter(const std::vector<std::uint16_t>& ports, bool with_protocol) {
  std::string terms;
  for (const auto port : ports) {
    if (!terms.empty()) terms += " || ";
    terms += fmt::format("sport == {} || dport == {}", port, port);
  }
  return with_protocol ? fmt::format("protocol == 6 && ({})", terms) : terms;
}

KernelTracer::KernelTracer(const std::vector<std::uint16_t>& ports) {
  // Several lab-trace runs may overlap (a class, a test suite): each holds a shared lock for
  // its whole run. Mounting happens under the exclusive lock, and the last run to finish
  // unmounts what a lab-trace mounted (the marker file says so), never anybody else's mount.
  lock_fd_ = open(lock_path, O_CREAT | O_RDWR | O_CLOEXEC, 0600);
  if (lock_fd_ < 0 || flock(lock_fd_, LOCK_EX) != 0)
    fail(trf("{}: {}", "{}: {}", lock_path, std::strerror(errno)));
  if (!tracefs_is_mounted()) {
    if (mount("nodev", tracing_dir, "tracefs", 0, nullptr) != 0) {
      const int error = errno;
      release_lock();
      fail(trf("mount tracefs at {}: {}", "tracefs를 {}에 마운트하지 못했습니다: {}", tracing_dir,
               std::strerror(error)));
    }
    mounted_here_ = true;
    close(open(mounted_marker, O_CREAT | O_WRONLY | O_CLOEXEC, 0600));
  }
  flock(lock_fd_, LOCK_SH);
  remove_stale_instances();
  name_ = fmt::format("{}{}", instance_prefix, getpid());
  instance_ = tracefs_instance_create(name_.c_str());
  if (instance_ == nullptr)
    fail(trf("tracefs instance {}: {}", "tracefs 인스턴스 {}: {}", name_, std::strerror(errno)));
  try {
    auto must = [&](int result, const std::string& what) {
      if (result < 0) fail(trf("tracefs: {}: {}", "tracefs: {}: {}", what, std::strerror(errno)));
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
      event->time_ns += mono_to_real_ns_;
      out.push_back(std::move(*event));
    }
    partial_.erase(0, begin);
    if (partial_.size() > 65536) partial_.clear();  // no line is that long: not a trace line
  }
}

}  // namespace lab::trace
