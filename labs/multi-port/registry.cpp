#include "registry.hpp"

#include <unistd.h>

#include <fmt/format.h>

#include "cli/color.hpp"
#include "cli/loop_signals.hpp"
#include "cli/validators.hpp"
#include "cli/wording.hpp"
#include "net/endpoints.hpp"
#include "render/json.hpp"
#include "render/output.hpp"

namespace multi_port_lab {

using lab::transport_name;

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
