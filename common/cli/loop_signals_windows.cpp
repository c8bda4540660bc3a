// Ctrl-C in an event loop on Windows: the console control handler runs on a thread of its own,
// so it only posts the program's handler into the event loop and returns. (Asio's signal_set
// would go through the C runtime's signal(), which knows neither Ctrl-Break nor a closing
// console.)
#include <windows.h>

#include <mutex>
#include <optional>

#include <asio/executor_work_guard.hpp>
#include <asio/post.hpp>

#include "cli/loop_signals.hpp"

namespace lab {

struct LoopSignals::State {
  explicit State(asio::io_context& io) : io(io) {}
  asio::io_context& io;
  std::function<void()> on_stop, on_list;
  bool stopped = false;
  // While a stop handler waits, the event loop does not run out of work (as with Linux's
  // signal_set, whose wait is work).
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> waiting;
};

namespace {

std::mutex g_mutex;
std::weak_ptr<LoopSignals::State> g_current;  // the program's one LoopSignals

BOOL WINAPI on_console_event(DWORD event) {
  std::lock_guard lock(g_mutex);
  auto state = g_current.lock();
  if (!state) return FALSE;  // nobody listens: Windows' default (the program ends)
  const bool list = event == CTRL_BREAK_EVENT && state->on_list;
  if (!list && event != CTRL_C_EVENT && event != CTRL_BREAK_EVENT && event != CTRL_CLOSE_EVENT)
    return FALSE;
  std::weak_ptr<LoopSignals::State> weak = state;
  asio::post(state->io, [weak, list] {
    auto alive = weak.lock();
    if (!alive) return;
    if (list) {
      if (alive->on_list) alive->on_list();
    } else if (!alive->stopped && alive->on_stop) {
      alive->stopped = true;
      auto handler = std::move(alive->on_stop);
      alive->on_list = nullptr;
      alive->waiting.reset();
      handler();
    }
  });
  return TRUE;  // handled: the program ends itself, with its summary
}

}  // namespace

LoopSignals::LoopSignals(asio::io_context& io) : state_(std::make_shared<State>(io)) {
  std::lock_guard lock(g_mutex);
  g_current = state_;
  SetConsoleCtrlHandler(on_console_event, TRUE);
}

LoopSignals::~LoopSignals() {
  cancel();
}

void LoopSignals::on_stop(std::function<void()> handler) {
  std::lock_guard lock(g_mutex);
  state_->on_stop = std::move(handler);
  state_->waiting.emplace(state_->io.get_executor());
}

void LoopSignals::on_list(std::function<void()> handler) {
  std::lock_guard lock(g_mutex);
  state_->on_list = std::move(handler);
}

void LoopSignals::cancel() {
  std::lock_guard lock(g_mutex);
  state_->on_stop = nullptr;
  state_->on_list = nullptr;
  state_->waiting.reset();
  g_current.reset();
}

std::string list_request_hint(long) {
  return "Ctrl-Break";
}

ListRequestWords list_request_words() {
  return {"Ctrl-Break", "Ctrl-Break", "Ctrl-Break", "Ctrl-Break를 누르면"};
}

}  // namespace lab
