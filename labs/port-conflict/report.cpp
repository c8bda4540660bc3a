#include "report.hpp"

#include <unistd.h>

#include <fmt/format.h>

#include "cli/app.hpp"
#include "cli/color.hpp"
#include "cli/error_names.hpp"
#include "cli/wording.hpp"
#include "net/endpoints.hpp"
#include "render/json.hpp"
#include "render/output.hpp"

namespace port_conflict_lab {
namespace {

// "port 7000/tcp on 127.0.0.1 is already in use by PID 4312 (...) [EADDRINUSE 98; Windows:
// WSAEADDRINUSE 10048]", on Windows "[WSAEADDRINUSE 10048; Linux: EADDRINUSE 98]": this OS's
// name and number first, the other system's after it.
std::string failure_text(const lab::bind::BindRequest& request, const std::string& step,
                         std::error_code ec) {
  std::string text = lab::bind_error_message(ec, request.transport, request.address, request.port);
  if (step != "bind") text = fmt::format("{}: {}", step, text);  // the call that failed
  const auto own = lab::error_name_and_number(ec.value());
  const bool windows = lab::bind::has_exclusive_address_use;
  const auto other =
      windows ? lab::linux_error_text(ec.value()) : lab::windows_error_text(ec.value());
  if (other.empty()) return fmt::format("{} [{}]", text, own);
  return fmt::format("{} [{}; {}: {}]", text, own, windows ? "Linux" : "Windows", other);
}

using lab::transport_name;

void add_request_fields(lab::json::Value& document, const lab::bind::BindRequest& request) {
  document["pid"] = getpid();
  document["protocol"] = transport_name(request.transport);
  document["address"] = request.address.to_string();
  document["port"] = request.port;
  document["reuse_address"] = request.reuse_address;
  document["reuse_port"] = request.reuse_port;
  document["exclusive_address"] = request.exclusive_address;
}

}  // namespace

void report_holding(const lab::bind::BindRequest& request, bool json) {
  if (json) {
    lab::json::Value document = {{"event", "holding"}};
    add_request_fields(document, request);
    lab::out::json(document);
  } else {
    bool tcp = request.transport == lab::Transport::tcp;
    lab::announce(tcp ? "TCP" : "UDP", lab::to_string(request.address, request.port),
                  tcp ? "LISTENING" : "");
    lab::out::print("  {} · {}\n", lab::bind::options_text(request),
                    lab::trf("now try: lab-port-conflict try --{} --port {}",
                             "다른 터미널에서: lab-port-conflict try --{} --port {}",
                             transport_name(request.transport), request.port));
  }
}

void hold_failed(const lab::bind::BindRequest& request, const std::string& step,
                 std::error_code ec) {
  lab::fail(failure_text(request, step, ec));
}

void report_stopped(const HoldStats& stats, bool json) {
  if (json) {
    lab::out::json({{"event", "stopped"},
                    {"pid", getpid()},
                    {"connections", stats.connections},
                    {"datagrams", stats.datagrams},
                    {"ignored_datagrams", stats.guard.ignored()}});
  } else {
    if (stats.guard.ignored() > 0)
      lab::out::summary(fmt::format("{}: {}", lab::program_name(), stats.guard.summary()));
    lab::out::summary(lab::trf(
        "{}: PID {}{} let go of its ports ({} connection{}, {} datagram{} answered)",
        "{}: PID {}{} 포트를 놓았습니다 (연결 {}개{}, 데이터그램 {}개에 응답{})",
        lab::program_name(), getpid(),
        lab::ko_particle(std::to_string(getpid()), lab::Particle::i_ga), stats.connections,
        lab::plural_s(stats.connections), stats.datagrams, lab::plural_s(stats.datagrams)));
  }
}

int report_attempt(const lab::bind::BindRequest& request, const std::string& step,
                   std::error_code ec, bool json) {
  const auto where = lab::to_string(request.address, request.port);
  const auto options = lab::bind::options_text(request);
  if (json) {
    lab::json::Value document = {{"ok", !ec}};
    add_request_fields(document, request);
    if (ec) {
      document["step"] = step;
      document["errno"] = ec.value();
      document["error"] = lab::error_name(ec.value());  // this OS's name: WSAE... on Windows
      document["windows_error"] = lab::windows_error_text(ec.value());
      document["linux_error"] = lab::linux_error_text(ec.value());
      document["message"] = failure_text(request, step, ec);
      lab::json::Value& holders = document["holders"] = lab::json::Value::array();
      for (const auto& holder :
           lab::bind::port_holders(request.transport, request.address, request.port))
        holders.push_back({{"pid", holder.pid}, {"program", holder.program}});
      document["time_wait"] = request.transport == lab::Transport::tcp
                                  ? lab::bind::time_wait_count(request.port)
                                  : std::size_t{0};
    }
    lab::out::json(document);
    return ec ? lab::exit_failure : lab::exit_ok;
  }
  if (ec) {
    lab::print_error(lab::trf("bind: {}/{} ({}): {}", "bind: {}/{} ({}): {}", where,
                              transport_name(request.transport), options,
                              failure_text(request, step, ec)));
    return lab::exit_failure;
  }
  // Bound, yet someone else holds the port: it is shared now (SO_REUSEPORT, two UDP sockets
  // with SO_REUSEADDR, or Windows' SO_REUSEADDR takeover). Our own socket is closed by now.
  std::vector<lab::bind::Holder> others;
  try {
    others = lab::bind::port_holders(request.transport, request.address, request.port);
  } catch (const std::exception&) {
  }
  if (!others.empty()) {
    std::string named;
    for (const auto& holder : others)
      named += fmt::format("{}PID {} ({})", named.empty() ? "" : ", ", holder.pid, holder.program);
    lab::out::line(lab::trf(
        "{}: PID {} · bind {}/{} ({}) → {}: bound beside {}, which holds the port too: it is "
        "shared now",
        "{}: PID {} · bind {}/{} ({}) → {}: {} 옆에 bind했습니다. 그쪽도 이 포트를 쥐고 있어 이제 "
        "함께 씁니다",
        lab::program_name(), getpid(), where, transport_name(request.transport), options,
        lab::paint(lab::Color::green, "OK"), named));
    return lab::exit_ok;
  }
  lab::out::line(lab::trf("{}: PID {} · bind {}/{} ({}) → {}: the port was free",
                          "{}: PID {} · bind {}/{} ({}) → {}: 비어 있던 포트입니다",
                          lab::program_name(), getpid(), where, transport_name(request.transport),
                          options, lab::paint(lab::Color::green, "OK")));
  return lab::exit_ok;
}

}  // namespace port_conflict_lab
