// Starting the program under test and finding it in the socket table (common/sockets): the row
// a student would find with lab-netstat, with its PID and the address it bound.
#include <fmt/format.h>

#include "checks.hpp"
#include "cli/lang.hpp"
#include "probe.hpp"
#include "sockets/socket_table.hpp"

namespace check_lab {
namespace {

using lab::sockets::Protocol;
using lab::sockets::SocketRow;
using lab::sockets::TcpState;

// Its row: TCP LISTEN or UDP bound on `port`. Finding PIDs means reading every process's open
// files, slow on a busy machine: asked for only when the check shows the PID.
std::optional<SocketRow> bound_row(Protocol protocol, std::uint16_t port, bool with_pid) {
  lab::sockets::TableQuery query;
  query.tcp = protocol == Protocol::tcp;
  query.udp = protocol == Protocol::udp;
  query.with_processes = with_pid;
  for (auto& row : lab::sockets::read_socket_table(query).rows)
    if (row.local.port == port && (protocol == Protocol::udp || row.state == TcpState::listen))
      return std::move(row);
  return std::nullopt;
}

// Whether anything on this machine holds `port` (a listener, a connection's local end): after a
// copy ended without binding the port lab-check chose, it tells a lost race (another program
// took the port between lab-check finding it free and the copy binding it) from a mistake.
bool port_in_use(Protocol protocol, std::uint16_t port) {
  lab::sockets::TableQuery query;
  query.tcp = protocol == Protocol::tcp;
  query.udp = protocol == Protocol::udp;
  for (const auto& row : lab::sockets::read_socket_table(query).rows)
    if (row.local.port == port) return true;
  return false;
}

// What the program holds instead, when it is not on the port it was given (a port written into
// the program, say).
std::string ports_held_by(int pid, Protocol protocol) {
  std::string ports;
  for (const auto& row : lab::sockets::sockets_of_pid(pid))
    if (row.protocol == protocol && (protocol == Protocol::udp || row.state == TcpState::listen))
      ports += (ports.empty() ? "" : ", ") + row.local.to_string();
  return ports;
}

// Why a copy that still runs is not on its port: another port written into it, or nothing.
void explain_not_bound(Started& started, Protocol protocol) {
  const bool tcp = protocol == Protocol::tcp;
  const std::string elsewhere =
      started.program ? ports_held_by(started.program->pid(), protocol) : std::string();
  if (!elsewhere.empty())
    started.problem = lab::trf(
        "nothing on port {} after {} s, but its PID holds {}: use the port "
        "it is given ({{port}} in COMMAND)",
        "{1}초가 지나도 포트 {0}에 아무것도 없다. 그 PID가 잡고 있는 것: {2}. "
        "주어진 포트를 써야 한다 (COMMAND의 {{port}})",
        started.port, start_ms / 1000, elsewhere);
  else
    started.problem =
        lab::trf("nothing {} port {} within {} s", "{2}초 안에 포트 {1}에 {0} 소켓이 없다",
                 tcp ? lab::tr("listens on", "LISTEN 상태인") : lab::tr("is bound to", "바인드된"),
                 started.port, start_ms / 1000);
}

}  // namespace

std::string address_in_words(const lab::sockets::Address& address) {
  if (address.is_unspecified())
    return lab::trf(
        "{}: every address of this computer, so other computers (the whole room) can "
        "reach it",
        "{}: 이 컴퓨터의 모든 주소라서 다른 컴퓨터(교실 전체)도 접속할 수 있다",
        address.to_string());
  if (address.to_string() == "127.0.0.1" || address.to_string() == "::1")
    return lab::trf("{}: loopback, so only this computer can reach it",
                    "{}: 루프백이라서 이 컴퓨터만 접속할 수 있다", address.to_string());
  return lab::trf("{}: one address of this computer, reached only through it",
                  "{}: 이 컴퓨터의 주소 하나라서 그 주소로만 접속할 수 있다", address.to_string());
}

std::string row_text(const SocketRow& row) {
  std::string text =
      fmt::format("{} {}", lab::sockets::protocol_name(row.protocol), row.local.to_string());
  if (row.protocol == Protocol::tcp) text += " LISTEN (Windows netstat: LISTENING)";
  if (row.pid && *row.pid > 0)
    text +=
        fmt::format(", PID {}{}", *row.pid, row.program.empty() ? "" : " (" + row.program + ")");
  else
    text += lab::tr(", PID not visible here", ", PID는 여기서 보이지 않음");
  return text;
}

Started start_server(const Options& options, Protocol protocol, bool with_pid) {
  // Once a copy never got as far as its port, every later copy would wait as long for nothing.
  static std::string first_problem;
  Started started;
  if (!first_problem.empty()) {
    started.problem = first_problem;
    return started;
  }
  const bool tcp = protocol == Protocol::tcp;
  started.port = options.port ? options.port : free_port(tcp);
  if (!options.command.empty())
    started.program =
        std::make_unique<StudentProgram>(fill_in(options.command, started.port), false);

  const auto deadline = Clock::now() + std::chrono::milliseconds(start_ms);
  int lost_races = 0;
  for (;;) {
    started.row = bound_row(protocol, started.port, false);
    if (started.row) {
      if (with_pid)
        if (auto with_its_pid = bound_row(protocol, started.port, true))
          started.row = std::move(with_its_pid);
      return started;
    }
    if (started.program && !started.program->running()) {
      started.program->wait_exit(0);
      if (!options.port && port_in_use(protocol, started.port) && ++lost_races < 3) {
        started.port = free_port(tcp);  // the port went to someone else: a new one, a new copy
        started.program =
            std::make_unique<StudentProgram>(fill_in(options.command, started.port), false);
        continue;
      }
      const std::string last = started.program->last_line();
      started.problem =
          lab::trf("it ended ({}) before binding port {}{}",
                   "포트 {1}에 바인드하기 전에 끝났다 ({0}){2}", started.program->how_it_ended(),
                   started.port, last.empty() ? "" : ": " + shown(last, 160));
      break;
    }
    if (Clock::now() >= deadline) {
      explain_not_bound(started, protocol);
      break;
    }
    pause_ms(30);
  }
  first_problem = lab::trf("it never got as far as its port ({})", "포트까지 가지 못했다 ({})",
                           started.problem);
  return started;
}

}  // namespace check_lab
