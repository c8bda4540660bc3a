#pragma once
// The demo's own processes: started with fork+exec of this very program (hold / try), their
// output read through a pipe, and every one of them ended and reaped before the demo returns,
// also when Ctrl-C arrives in the middle. Plain POSIX: the demo itself holds no Asio sockets,
// so nothing leaks into the children.
#include <sys/types.h>

#include <list>
#include <optional>
#include <string>
#include <vector>

#include "render/json.hpp"

namespace port_conflict_lab {

// Thrown out of any wait when SIGINT or SIGTERM arrives during the demo.
struct Interrupted {
  int signal_number;
};

// SIGINT/SIGTERM end every wait below (lab::catch_interrupts, the suite's one mechanism).
void install_interrupt_handlers();
void throw_if_interrupted();
// Sleeps up to `ms`; throws Interrupted when a signal comes first.
void pause_ms(int ms);

struct Child {
  pid_t pid = -1;
  int out_fd = -1;          // the child's stdout and stderr, one pipe
  std::string pending;      // read but not yet a whole line
  std::string other_lines;  // what was not JSON (an error line, say)
  std::optional<int> exit_code;
};

class Children {
 public:
  // `program`: this executable; `common_args` go first on every command line (--lang ko).
  Children(std::string program, std::vector<std::string> common_args);
  ~Children();
  Children(const Children&) = delete;
  Children& operator=(const Children&) = delete;

  Child& start(const std::vector<std::string>& args);
  // The next line of the child that is a JSON document; nullopt when it ended or `timeout_ms`
  // ran out first.
  std::optional<lab::json::Value> next_json(Child& child, int timeout_ms);
  // Waits for the child to end on its own (try does); SIGKILL after `timeout_ms`. Exit code.
  int finish(Child& child, int timeout_ms);
  // SIGTERM, up to 2 s for a clean exit, then SIGKILL; always reaped.
  void stop(Child& child);
  void stop_all();

  std::size_t started() const { return started_; }
  std::size_t reaped() const { return reaped_; }
  std::vector<pid_t> running() const;

 private:
  bool read_some(Child& child, int timeout_ms);  // false: end of output or timeout
  bool reap(Child& child, bool block);
  std::string program_;
  std::vector<std::string> common_args_;
  std::list<Child> children_;  // std::list: a Child& stays valid while others come and go
  std::size_t started_ = 0;
  std::size_t reaped_ = 0;
};

}  // namespace port_conflict_lab
