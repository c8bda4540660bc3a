#include "report.hpp"

#include <unistd.h>

#include <fmt/format.h>

#include "cli/app.hpp"
#include "cli/color.hpp"
#include "net/endpoints.hpp"
#include "render/json.hpp"

namespace conflict {
namespace {

std::string_view transport_name(lab::Transport transport) {
  return transport == lab::Transport::tcp ? "tcp" : "udp";
}

// "port 7000/tcp on 127.0.0.1 is already in use by PID 4312 (...) [EADDRINUSE 98; Windows:
// WSAEADDRINUSE 10048]"
std::string failure_text(const lab::bind::BindRequest& request, const std::string& step,
                         std::error_code ec) {
  std::string text = lab::bind_error_message(ec, request.transport, request.address, request.port);
  if (step != "bind") text = fmt::format("{}(): {}", step, text);
  auto windows = lab::bind::windows_error_text(ec.value());
  if (windows.empty()) return fmt::format("{} [{}]", text, lab::bind::errno_text(ec.value()));
  return fmt::format("{} [{}; Windows: {}]", text, lab::bind::errno_text(ec.value()), windows);
}

void request_fields(lab::json::Writer& out, const lab::bind::BindRequest& request) {
  out.key("pid").value(static_cast<int>(getpid()));
  out.key("protocol").value(transport_name(request.transport));
  out.key("address").value(request.address.to_string());
  out.key("port").value(static_cast<unsigned>(request.port));
  out.key("reuse_address").value(request.reuse_address);
  out.key("reuse_port").value(request.reuse_port);
}

}  // namespace

std::string answer_line(lab::Transport transport, std::uint16_t port) {
  return fmt::format("PID {}, port {}/{}\n", getpid(), port, transport_name(transport));
}

void report_holding(const lab::bind::BindRequest& request, bool json) {
  if (json) {
    lab::json::Writer out;
    out.begin_object().key("event").value("holding");
    request_fields(out, request);
    out.end_object();
    fmt::print("{}\n", out.str());
  } else {
    bool tcp = request.transport == lab::Transport::tcp;
    lab::announce(tcp ? "TCP" : "UDP", lab::to_string(request.address, request.port),
                  tcp ? "LISTENING" : "");
    fmt::print("  {} · {}\n", lab::bind::options_text(request.reuse_address, request.reuse_port),
               lab::trf("now try: lab-port-conflict try --{} --port {}",
                        "다른 터미널에서: lab-port-conflict try --{} --port {}",
                        transport_name(request.transport), request.port));
  }
  std::fflush(stdout);
}

void hold_failed(const lab::bind::BindRequest& request, const std::string& step,
                 std::error_code ec) {
  lab::fail(failure_text(request, step, ec));
}

void report_stopped(const HoldStats& stats, bool json) {
  if (json) {
    lab::json::Writer out;
    out.begin_object().key("event").value("stopped").key("pid").value(static_cast<int>(getpid()));
    out.key("connections").value(stats.connections).key("datagrams").value(stats.datagrams);
    out.end_object();
    fmt::print("{}\n", out.str());
  } else {
    fmt::print("{}\n",
               lab::trf("{}: PID {} let go of its ports ({} connections, {} datagrams "
                        "answered)",
                        "{}: PID {}가 포트를 놓았습니다 (연결 {}개, 데이터그램 {}개에 응답)",
                        lab::program_name(), getpid(), stats.connections, stats.datagrams));
  }
  std::fflush(stdout);
}

int report_attempt(const lab::bind::BindRequest& request, const std::string& step,
                   std::error_code ec, bool json) {
  const auto where = lab::to_string(request.address, request.port);
  const auto options = lab::bind::options_text(request.reuse_address, request.reuse_port);
  if (json) {
    lab::json::Writer out;
    out.begin_object().key("ok").value(!ec);
    request_fields(out, request);
    if (ec) {
      out.key("step").value(step);
      out.key("errno").value(ec.value());
      out.key("error").value(lab::errno_name(ec.value()));
      out.key("windows_error").value(lab::bind::windows_error_text(ec.value()));
      out.key("message").value(failure_text(request, step, ec));
      out.key("holders").begin_array();
      for (const auto& holder :
           lab::bind::port_holders(request.transport, request.address, request.port))
        out.begin_object()
            .key("pid")
            .value(holder.pid)
            .key("program")
            .value(holder.program)
            .end_object();
      out.end_array();
      out.key("time_wait")
          .value(request.transport == lab::Transport::tcp ? lab::bind::time_wait_count(request.port)
                                                          : std::size_t{0});
    }
    out.end_object();
    fmt::print("{}\n", out.str());
    std::fflush(stdout);
    return ec ? lab::exit_failure : lab::exit_ok;
  }
  if (ec) {
    lab::print_error(lab::trf("bind {}/{} ({}) failed: {}", "bind {}/{} ({}) 실패: {}", where,
                              transport_name(request.transport), options,
                              failure_text(request, step, ec)));
    return lab::exit_failure;
  }
  fmt::print("{}\n",
             lab::trf("{}: PID {} · bind {}/{} ({}) → {}: the port was free",
                      "{}: PID {} · bind {}/{} ({}) → {}: 비어 있던 포트입니다",
                      lab::program_name(), getpid(), where, transport_name(request.transport),
                      options, lab::paint(lab::Color::green, "OK")));
  return lab::exit_ok;
}

}  // namespace conflict
