#include "children.hpp"

#include <chrono>

#include "cli/interrupt.hpp"

namespace port_conflict_lab {
namespace {

using Clock = std::chrono::steady_clock;

int remaining_ms(Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return left.count() < 0 ? 0 : static_cast<int>(left.count());
}

}  // namespace

void install_interrupt_handlers() {
  lab::catch_interrupts();
}

void throw_if_interrupted() {
  if (interrupt_arrived()) throw Interrupted{};
}

void pause_ms(int ms) {
  sleep_unless_interrupted(ms);
  throw_if_interrupted();
}

Children::Children(std::string program, std::vector<std::string> common_args)
    : program_(std::move(program)), common_args_(std::move(common_args)) {}

Children::~Children() {
  stop_all();
}

Child& Children::start(const std::vector<std::string>& args) {
  throw_if_interrupted();
  std::vector<std::string> all = common_args_;
  all.insert(all.end(), args.begin(), args.end());
  lab::process::ChildOptions options;
  options.argv0 = "lab-port-conflict";
  auto process = std::make_unique<ChildProcess>(program_, all, options);
  ++started_;
  Child& child = children_.emplace_back();
  child.pid = process->pid();
  child.process = std::move(process);
  return child;
}

ChildProcess::Read Children::read_some(Child& child, int timeout_ms) {
  auto result = child.process->read(child.pending, timeout_ms);
  throw_if_interrupted();
  if (child.pending.size() > (1u << 20)) child.pending.erase(0, child.pending.size() / 2);
  return result;
}

std::optional<lab::json::Value> Children::next_json(Child& child, int timeout_ms) {
  auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  for (;;) {
    auto newline = child.pending.find('\n');
    while (newline != std::string::npos) {
      std::string line = child.pending.substr(0, newline);
      child.pending.erase(0, newline + 1);
      if (!line.empty() && line.back() == '\r') line.pop_back();  // Windows writes \r\n
      if (line.starts_with("{"))
        if (auto document = lab::json::parse(line)) return document;
      child.other_lines += line + "\n";
      newline = child.pending.find('\n');
    }
    auto read = read_some(child, remaining_ms(deadline));
    if (read != ChildProcess::Read::data) {
      if (read == ChildProcess::Read::end && !child.pending.empty()) {  // a last line without \n
        child.other_lines += child.pending;
        child.pending.clear();
      }
      return std::nullopt;
    }
  }
}

void Children::note_exit(Child& child) {
  if (child.exit_code) return;
  child.exit_code = child.process->exit_code();
  if (child.exit_code) ++reaped_;
}

int Children::finish(Child& child, int timeout_ms) {
  auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  // Read to the end so the child never blocks on a full pipe, then reap it.
  while (remaining_ms(deadline) > 0)
    if (child.process->read(child.pending, remaining_ms(deadline)) != ChildProcess::Read::data)
      break;
  throw_if_interrupted();
  for (note_exit(child); !child.exit_code && remaining_ms(deadline) > 0; note_exit(child))
    pause_ms(10);
  if (!child.exit_code) {
    child.process->kill();
    note_exit(child);
  }
  return child.exit_code.value_or(1);
}

void Children::stop(Child& child) {
  if (!child.exit_code) {
    // No pause_ms() here: this also runs after Ctrl-C, when waits would throw.
    child.process->stop(2000);
    note_exit(child);
  }
  // Keep what it printed last (its "stopped" line) in case someone asks.
  child.process->drain(child.pending, 65536);
}

void Children::stop_all() {
  for (Child& child : children_)
    stop(child);
}

}  // namespace port_conflict_lab
