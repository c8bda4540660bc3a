#pragma once
// The demo's own processes: started from this very program (hold / try) through the OS's
// child-process backend (child_process.hpp), their output read line by line, and every one of
// them ended and reaped before the demo returns, also when Ctrl-C arrives in the middle.
#include <list>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "child_process.hpp"
#include "render/json.hpp"

namespace port_conflict_lab {

// Thrown out of any wait when Ctrl-C (or SIGTERM) arrives during the demo.
struct Interrupted {};

// Ctrl-C ends every wait below (lab::catch_interrupts, the suite's one mechanism).
void install_interrupt_handlers();
void throw_if_interrupted();
// Sleeps up to `ms`; throws Interrupted when Ctrl-C comes first.
void pause_ms(int ms);

struct Child {
  std::unique_ptr<ChildProcess> process;
  int pid = 0;
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
  // Waits for the child to end on its own (try does); killed after `timeout_ms`. Exit code.
  int finish(Child& child, int timeout_ms);
  // Ends it (Linux: SIGTERM, up to 2 s, then SIGKILL; Windows: TerminateProcess); reaped.
  void stop(Child& child);
  void stop_all();

  std::size_t started() const { return started_; }
  std::size_t reaped() const { return reaped_; }

 private:
  ChildProcess::Read read_some(Child& child, int timeout_ms);
  void note_exit(Child& child);
  std::string program_;
  std::vector<std::string> common_args_;
  std::list<Child> children_;  // std::list: a Child& stays valid while others come and go
  std::size_t started_ = 0;
  std::size_t reaped_ = 0;
};

}  // namespace port_conflict_lab
