#include <csignal>

#include <fmt/format.h>
#include <asio/signal_set.hpp>

#include "cli/loop_signals.hpp"

namespace lab {

struct LoopSignals::State {
  explicit State(asio::io_context& io) : stop(io, SIGINT, SIGTERM), list(io, SIGUSR1) {}
  asio::signal_set stop;
  asio::signal_set list;
  std::function<void()> on_list;
};

namespace {
void wait_for_list(const std::shared_ptr<LoopSignals::State>& state) {
  state->list.async_wait([state](const std::error_code& ec, int) {
    if (ec) return;
    state->on_list();
    wait_for_list(state);
  });
}
}  // namespace

LoopSignals::LoopSignals(asio::io_context& io) : state_(std::make_shared<State>(io)) {}

LoopSignals::~LoopSignals() {
  cancel();
}

void LoopSignals::on_stop(std::function<void()> handler) {
  state_->stop.async_wait([handler = std::move(handler)](const std::error_code& ec, int) {
    if (!ec) handler();
  });
}

void LoopSignals::on_list(std::function<void()> handler) {
  state_->on_list = std::move(handler);
  wait_for_list(state_);
}

void LoopSignals::cancel() {
  std::error_code ignored;
  state_->stop.cancel(ignored);
  state_->list.cancel(ignored);
}

std::string list_request_hint(long pid) {
  return fmt::format("kill -USR1 {}", pid);
}

ListRequestWords list_request_words() {
  return {"SIGUSR1", "kill -USR1 <PID>", "send SIGUSR1", "SIGUSR1을 보내면"};
}

}  // namespace lab
