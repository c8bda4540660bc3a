#pragma once
// The kernel's own account of TCP: the tracepoints sock:inet_sock_set_state (every state change
// of every TCP socket), tcp:tcp_retransmit_skb, tcp:tcp_send_reset and tcp:tcp_receive_reset,
// read through a private tracefs instance (libtracefs) so that nobody else's tracing is touched.
// The instance is removed on every way out: destructor, Ctrl-C, errors; a run that was killed
// leaves a stale instance that the next run removes (its name carries the dead PID).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "events.hpp"
#include "trace_line.hpp"

struct tracefs_instance;

namespace trace_lab {

class KernelTracer {
 public:
  // Mounts tracefs at /sys/kernel/tracing when it is not mounted (`mounted_here` says so; the
  // last lab-trace to finish unmounts it),
  // creates the instance "lab-trace-PID" and enables the events. Throws lab::Failure.
  explicit KernelTracer(const std::vector<std::uint16_t>& ports);
  ~KernelTracer();
  KernelTracer(const KernelTracer&) = delete;
  KernelTracer& operator=(const KernelTracer&) = delete;

  bool mounted_here() const { return mounted_here_; }
  int fd() const { return pipe_fd_; }
  // Reads what trace_pipe holds now (at most `max_bytes`) and appends the events, their times
  // moved to CLOCK_REALTIME.
  void read(std::vector<Event>& out, std::size_t max_bytes);
  // Events the kernel's ring buffer overwrote before we read them.
  std::uint64_t lost() const { return lost_; }
  const std::string& instance_name() const { return name_; }

 private:
  void remove();
  void release_lock();
  tracefs_instance* instance_ = nullptr;
  std::string name_;
  int pipe_fd_ = -1;
  bool mounted_here_ = false;
  int lock_fd_ = -1;  // shared flock on /run/lab-trace.lock while we run
  std::int64_t mono_to_real_ns_ = 0;
  std::string partial_;  // an unfinished line from the previous read
  std::uint64_t lost_ = 0;
};

}  // namespace trace_lab
