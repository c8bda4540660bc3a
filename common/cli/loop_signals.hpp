#pragma once
// Ctrl-C for a program that lives in an Asio event loop (the servers), the same on every OS:
// the handlers run on the loop's thread, where the program may close its sockets and log.
//   stop:  Ctrl-C and SIGTERM on Linux; Ctrl-C, and the console window closing, on Windows (the
//          console control handler: Windows has no signals to send a program)
//   list:  "show me what you hold" without stopping: SIGUSR1 on Linux (`kill -USR1 PID`),
//          Ctrl-Break on Windows (without a list handler Ctrl-Break stops, like Ctrl-C)
// SIGHUP (the terminal closed) keeps its default here: it ends a server at once, and the kernel
// closes its sockets. Programs outside an event loop use cli/interrupt.hpp, which turns SIGHUP
// into a Ctrl-C so that they remove what they set up (an nft table, a tracefs instance).
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include <asio/io_context.hpp>

namespace lab {

class LoopSignals {
 public:
  explicit LoopSignals(asio::io_context& io);
  ~LoopSignals();
  LoopSignals(const LoopSignals&) = delete;
  LoopSignals& operator=(const LoopSignals&) = delete;

  // Runs once, at the first Ctrl-C.
  void on_stop(std::function<void()> handler);
  // Runs at every request (SIGUSR1, Ctrl-Break) until cancel().
  void on_list(std::function<void()> handler);
  // No more handlers run (the event loop may then end).
  void cancel();

  struct State;  // the backend's

 private:
  std::shared_ptr<State> state_;
};

// How a student asks the program with this PID for its list, in words for a hint:
// "kill -USR1 4312" on Linux, "Ctrl-Break" on Windows.
std::string list_request_hint(long pid);

// The same for --help, before there is a PID.
struct ListRequestWords {
  std::string_view name;     // "SIGUSR1", "Ctrl-Break"
  std::string_view example;  // "kill -USR1 <PID>", "Ctrl-Break"
  std::string_view en;       // after "press Enter or": "send SIGUSR1", "Ctrl-Break"
  std::string_view ko;       // "SIGUSR1을 보내면", "Ctrl-Break를 누르면"
};
ListRequestWords list_request_words();

}  // namespace lab
