#include "registry.hpp"

#include <unistd.h>

#include <fmt/format.h>

#include "bind/port_list.hpp"
#include "cli/color.hpp"
#include "cli/loop_signals.hpp"
#include "cli/validators.hpp"
#include "cli/wording.hpp"
#include "net/endpoints.hpp"
#include "render/json.hpp"
#include "render/output.hpp"

namespace multi_port_lab {
namespace {

// {0}: how to ask for the listing on this OS (kill -USR1 <PID>, Ctrl-Break), padded.
constexpr const char* examples =
    "  lab-multi-port --tcp 7001,7002,7005-7007 --udp 7001\n"
    "  lab-tcp-client --to 127.0.0.1:7002           # answers \"PID 4312, port 7002/tcp\"\n"
    "  lab-netstat -ano                             # one PID on every row\n"
    "  {0:<45}# or press Enter: list the connections\n"
    "  lab-multi-port --tcp 7001-7003 --list-every 5 --json\n"
    "  lab-multi-port --tcp 7001 --echo-only        # then: lab-tcp-client --port 7001 "
    "--connections 20\n";
constexpr const char* examples_ko =
    "  lab-multi-port --tcp 7001,7002,7005-7007 --udp 7001\n"
    "  lab-tcp-client --to 127.0.0.1:7002           # \"PID 4312, port 7002/tcp\"로 답함\n"
    "  lab-netstat -ano                             # 모든 줄에 같은 PID\n"
    "  {0:<45}# 또는 Enter: 연결 목록\n"
    "  lab-multi-port --tcp 7001-7003 --list-every 5 --json\n"
    "  lab-multi-port --tcp 7001 --echo-only        # 그다음: lab-tcp-client --port 7001 "
    "--connections 20\n";

using lab::transport_name;

void add_list_option(CLI::App& app, const std::string& name, std::vector<std::uint16_t>& target,
                     const std::string& help) {
  app.add_option_function<std::string>(
         name,
         [&target, name](const std::string& text) {
           auto list = lab::bind::parse_port_list(text);
           if (!list.ok()) lab::usage_error(fmt::format("{}: {}", name, list.problem));
           target = list.ports;
         },
         help)
      ->type_name("LIST");
}

}  // namespace

std::unique_ptr<CLI::App> make_cli(Options& options) {
  const auto list_request = lab::list_request_words();  // SIGUSR1, or Ctrl-Break on Windows
  auto app = lab::make_app(
      lab::help_text(
          fmt::format(
              "One process, many ports: listens on every TCP and UDP port listed, answers on each "
              "with its PID and the port it was reached on, then echoes (UDP: both in one "
              "datagram; never to what looks like another responder's answer, to ports 0, 7, 13, "
              "17, 19, 37, or more than 50 times a second to one address). Lists its connections, "
              "grouped by local port, when you press Enter or {} (and every --list-every "
              "seconds).",
              list_request.en),
          fmt::format(
              "프로세스 하나, 포트 여럿: 목록의 TCP와 UDP 포트마다 기다리고, 각 포트에서 PID와 "
              "닿은 포트를 알려 준 뒤 에코합니다 (UDP: 둘을 데이터그램 하나로. 다른 응답 "
              "프로그램의 답처럼 보이는 것, 포트 0, 7, 13, 17, 19, 37, 한 주소에 초당 50번 "
              "넘게는 답하지 않음). Enter를 누르거나 {} (그리고 "
              "--list-every초마다) 연결을 로컬 포트별로 보여 줍니다.",
              list_request.ko)),
      lab::help_text(fmt::format(fmt::runtime(examples), list_request.example),
                     fmt::format(fmt::runtime(examples_ko), list_request.example)));
  add_list_option(
      *app, "--tcp", options.tcp_ports,
      lab::help_text(fmt::format("TCP ports: 7001,7002,7005-7007 (at most {} per list, no 0)",
                                 lab::bind::max_ports_per_list),
                     fmt::format("TCP 포트: 7001,7002,7005-7007 (목록마다 최대 {}개, 0은 안 됨)",
                                 lab::bind::max_ports_per_list)));
  add_list_option(
      *app, "--udp", options.udp_ports,
      lab::help_text(
          fmt::format("UDP ports, same form (at most {})", lab::bind::max_ports_per_list),
          fmt::format("UDP 포트, 같은 형식 (최대 {}개)", lab::bind::max_ports_per_list)));
  app->add_option("--bind", options.bind,
                  lab::help_text("Local address for every port", "모든 포트에 쓸 로컬 주소"))
      ->capture_default_str();
  app->add_option(
         "--max-connections", options.max_connections,
         lab::help_text(fmt::format("Open TCP connections at most, all ports together (1-{}; "
                                    "the default serves a classroom); more are told so and closed",
                                    max_max_connections),
                        fmt::format("열어 둘 TCP 연결의 최대 수, 모든 포트 합계 (1-{}, 기본값이면 "
                                    "교실 하나를 받음); 넘으면 알리고 닫음",
                                    max_max_connections)))
      ->check(lab::count_validator(1, max_max_connections))
      ->capture_default_str();
  app->add_option(
         "--list-every", options.list_every_s,
         lab::help_text(
             fmt::format("Also list the connections every N seconds (0 = only on "
                         "Enter / {})",
                         list_request.name),
             fmt::format("N초마다 연결 목록도 출력 (0 = Enter / {} 때만)", list_request.name)))
      ->check(lab::count_validator(0, 3600))
      ->capture_default_str();
  app->add_flag("--echo-only", options.echo_only,
                lab::help_text("TCP: echo only, without the first line naming PID and port (for "
                               "lab-tcp-client --count / --connections, which check every byte). "
                               "UDP answers always start with that line: it is how two "
                               "responders tell each other's answers apart",
                               "TCP: PID와 포트를 알리는 첫 줄 없이 에코만 (모든 바이트를 확인하는 "
                               "lab-tcp-client --count / --connections용). UDP 답은 언제나 그 "
                               "줄로 시작합니다. 응답 프로그램 둘이 서로의 답을 알아보는 "
                               "표시입니다"));
  lab::add_json_flag(*app, options.common);
  app->parse_complete_callback([&options] {
    if (options.tcp_ports.empty() && options.udp_ports.empty())
      lab::usage_error(lab::tr("give --tcp and/or --udp with a port list (e.g. --tcp 7001,7002)",
                               "--tcp 또는 --udp로 포트 목록을 주세요 (예: --tcp 7001,7002)"));
    options.address = lab::resolve_host(options.bind);
  });
  return app;
}

Registry::Registry(const Options& options)
    : address_(options.address.to_string()),
      json_(options.common.json),
      max_connections_(options.max_connections) {}

Registry::Port* Registry::find(lab::Transport transport, std::uint16_t port) {
  for (Port& entry : ports_)
    if (entry.transport == transport && entry.port == port) return &entry;
  return nullptr;
}

void Registry::holding(lab::Transport transport, std::uint16_t port) {
  ports_.push_back(Port{transport, port, {}, 0, 0});
}

void Registry::skipped(lab::Transport transport, std::uint16_t port, const std::string& reason) {
  ++skipped_;
  if (json_) {
    lab::out::json({{"event", "skipped"},
                    {"protocol", transport_name(transport)},
                    {"port", static_cast<unsigned>(port)},
                    {"reason", reason}});
  } else {
    lab::print_warning(lab::trf("{} — skipped, the other ports are served",
                                "{} — 건너뛰고 나머지 포트로 서비스합니다", reason));
  }
}

void Registry::announce_all(std::size_t wanted) const {
  lab::out::keep_running_without_reader();  // a log reader that leaves must not end the server
  if (ports_.empty())
    lab::fail(lab::trf("could not take any of the {} ports", "포트 {}개 중 하나도 잡지 못했습니다",
                       wanted));
  if (json_) {
    lab::json::Value ports = lab::json::Value::array();
    for (const Port& entry : ports_)
      ports.push_back({{"protocol", transport_name(entry.transport)},
                       {"port", static_cast<unsigned>(entry.port)}});
    lab::out::json({{"event", "holding"},
                    {"pid", static_cast<int>(getpid())},
                    {"address", address_},
                    {"ports", std::move(ports)},
                    {"skipped", skipped_}});
  } else {
    lab::out::print(
        "{}: {}\n", lab::program_name(),
        lab::trf(
            "PID {} holds {} of {} ports:", "PID {} 프로세스가 포트 {}개 중 {}개를 잡았습니다:",
            lab::paint(lab::Color::bold, std::to_string(getpid())), ports_.size(), wanted));
    for (const Port& entry : ports_) {
      bool tcp = entry.transport == lab::Transport::tcp;
      lab::out::print("  {}  {:<22} {}\n", tcp ? "TCP" : "UDP",
                      lab::to_string(asio::ip::make_address(address_), entry.port),
                      tcp ? lab::paint(lab::Color::green, "LISTENING") : "");
    }
    lab::out::print("{}\n", lab::trf("Press Enter (or: {}) to list the connections.",
                                     "Enter를 누르면 (또는 {}) 연결 목록을 보여 줍니다.",
                                     lab::list_request_hint(getpid())));
  }
}

std::uint64_t Registry::opened(asio::ip::tcp::socket& socket,
                               const asio::ip::tcp::endpoint& listener,
                               const asio::ip::tcp::endpoint& peer) {
  std::error_code ec;
  auto local = socket.local_endpoint(ec);
  if (ec || local.port() == 0) local = listener;  // reset before we looked: the listener's end
  const auto& remote = peer;
  std::uint64_t id = next_id_++;
  if (reserved_ > 0) --reserved_;
  Port* entry = find(lab::Transport::tcp, local.port());
  if (!entry) return id;  // cannot happen: we accepted on one of our ports
  entry->connections.emplace(id,
                             Connection{&socket, lab::to_string(local), lab::to_string(remote)});
  ++entry->connections_total;
  ++open_;
  if (json_) {
    lab::out::json({{"event", "accepted"},
                    {"local", lab::to_string(local)},
                    {"remote", lab::to_string(remote)},
                    {"open_on_port", entry->connections.size()}});
  } else {
    lab::out::print(
        "{}\n", lab::trf("accepted {} ⇄ {} ({} open on port {})",
                         "연결 수락 {0} ⇄ {1} (포트 {3}에 열린 연결 {2}개)", lab::to_string(local),
                         lab::to_string(remote), entry->connections.size(), local.port()));
  }
  return id;
}

void Registry::closed(std::uint64_t id) {
  for (Port& entry : ports_) {
    auto found = entry.connections.find(id);
    if (found == entry.connections.end()) continue;
    if (json_) {
      lab::out::json(
          {{"event", "closed"}, {"local", found->second.local}, {"remote", found->second.remote}});
    } else {
      lab::out::print("{}\n", lab::trf("closed   {} ⇄ {}", "연결 종료 {} ⇄ {}", found->second.local,
                                       found->second.remote));
    }
    entry.connections.erase(found);
    --open_;
    return;
  }
}

void Registry::refused(const asio::ip::tcp::endpoint& listener,
                       const asio::ip::tcp::endpoint& peer) {
  ++refused_;
  if (json_) {
    lab::out::json({{"event", "refused"},
                    {"local", lab::to_string(listener)},
                    {"remote", lab::to_string(peer)},
                    {"reason", "max-connections"}});
  } else {
    lab::out::print("{}\n",
                    lab::trf("refused  {} ⇄ {}: already {} open (--max-connections)",
                             "연결 거절 {} ⇄ {}: 이미 {}개 열림 (--max-connections)",
                             lab::to_string(listener), lab::to_string(peer), max_connections_));
  }
}

void Registry::datagram(std::uint16_t port) {
  if (Port* entry = find(lab::Transport::udp, port)) ++entry->datagrams;
}

void Registry::close_all() {
  for (Port& entry : ports_)
    for (auto& [id, connection] : entry.connections) {
      std::error_code ignored;
      connection.socket->close(ignored);
    }
}

void Registry::print_listing() const {
  if (json_) {
    lab::json::Value ports = lab::json::Value::array();
    for (const Port& entry : ports_) {
      lab::json::Value port = {{"protocol", transport_name(entry.transport)},
                               {"port", static_cast<unsigned>(entry.port)}};
      if (entry.transport == lab::Transport::udp) {
        port["datagrams"] = entry.datagrams;
      } else {
        lab::json::Value connections = lab::json::Value::array();
        for (const auto& [id, connection] : entry.connections)
          connections.push_back({{"local", connection.local}, {"remote", connection.remote}});
        port["connections"] = std::move(connections);
      }
      ports.push_back(std::move(port));
    }
    lab::out::json({{"event", "connections"},
                    {"pid", static_cast<int>(getpid())},
                    {"open", open_},
                    {"ports", std::move(ports)}});
    return;
  }
  lab::out::print(
      "{}\n", lab::paint(lab::Color::bold, lab::trf("PID {} · {} open connections",
                                                    "PID {} · 열린 연결 {}개", getpid(), open_)));
  for (const Port& entry : ports_) {
    auto local = lab::to_string(asio::ip::make_address(address_), entry.port);
    if (entry.transport == lab::Transport::udp) {
      lab::out::print("  UDP {:<22} {}\n", local,
                      lab::trf("no connections (UDP is connectionless); {} datagram{} answered",
                               "연결 없음 (UDP는 비연결형); 데이터그램 {}개{}에 응답",
                               entry.datagrams, lab::plural_s(entry.datagrams)));
      continue;
    }
    lab::out::print(
        "  TCP {:<22} {}\n", local,
        lab::trf("LISTENING · {} connections (4-tuples: local ⇄ remote)",
                 "LISTENING · 연결 {}개 (4-튜플: 로컬 ⇄ 원격)", entry.connections.size()));
    for (const auto& [id, connection] : entry.connections)
      lab::out::print("      {} ⇄ {}  ESTABLISHED\n", connection.local, connection.remote);
  }
}

void Registry::print_summary() const {
  std::uint64_t connections = 0, datagrams = 0;
  for (const Port& entry : ports_) {
    connections += entry.connections_total;
    datagrams += entry.datagrams;
  }
  if (json_) {
    lab::out::json({{"event", "stopped"},
                    {"pid", static_cast<int>(getpid())},
                    {"connections", connections},
                    {"refused", refused_},
                    {"datagrams", datagrams},
                    {"ignored_datagrams", guard_.ignored()}});
  } else {
    if (guard_.ignored() > 0)
      lab::out::summary(fmt::format("{}: {}", lab::program_name(), guard_.summary()));
    lab::out::summary(lab::trf(
        "{}: PID {} stopped: {} port{}, {} connection{}, {} refused, {} datagram{}",
        "{}: PID {} 종료: 포트 {}개{}, 연결 {}개{}, 거절 {}개, 데이터그램 {}개{}",
        lab::program_name(), getpid(), ports_.size(), lab::plural_s(ports_.size()), connections,
        lab::plural_s(connections), refused_, datagrams, lab::plural_s(datagrams)));
  }
}

}  // namespace multi_port_lab
