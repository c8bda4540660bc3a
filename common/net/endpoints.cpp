#include "net/endpoints.hpp"

#include <fmt/format.h>
#include <asio/io_context.hpp>

#include "cli/lang.hpp"
#include "cli/os_words.hpp"
#include "cli/validators.hpp"
#include "cli/wording.hpp"

namespace lab {

std::string to_string(const asio::ip::address& address, std::uint16_t port) {
  if (address.is_v6()) return fmt::format("[{}]:{}", address.to_string(), port);
  return fmt::format("{}:{}", address.to_string(), port);
}
std::string to_string(const asio::ip::tcp::endpoint& endpoint) {
  return to_string(endpoint.address(), endpoint.port());
}
std::string to_string(const asio::ip::udp::endpoint& endpoint) {
  return to_string(endpoint.address(), endpoint.port());
}

asio::ip::address resolve_host(std::string_view host) {
  std::string name(host);
  if (name.size() > 2 && name.front() == '[' && name.back() == ']')
    name = name.substr(1, name.size() - 2);
  if (name.empty()) throw AddressError(tr("the host name is empty", "호스트 이름이 비어 있습니다"));
  asio::error_code ec;
  auto address = asio::ip::make_address(name, ec);
  if (!ec) return address;

  // Digits and dots only: meant as an IPv4 address, not a name (999.1.1.1 is no host name).
  if (name.find_first_not_of("0123456789.") == std::string::npos)
    throw AddressError(trf("'{}'{} is not an IPv4 address (four numbers 0-255, e.g. 127.0.0.1)",
                           "'{}'{} IPv4 주소가 아닙니다 (0-255 숫자 네 개, 예: 127.0.0.1)", name,
                           ko_particle(name, Particle::eun_neun)));

  // A name that does not resolve is part of a bad command line (exit 2), like a mistyped port:
  // every name is checked before a socket is opened.
  asio::io_context io;
  asio::ip::tcp::resolver resolver(io);
  auto results = resolver.resolve(name, "", ec);
  if (ec == asio::error::host_not_found || ec == asio::error::host_not_found_try_again ||
      (!ec && results.empty()))
    throw AddressError(trf("host '{}'{} not found (no such name in DNS or {})",
                           "호스트 '{}'{} 찾을 수 없습니다 (DNS에도 {}에도 없는 이름)", name,
                           ko_particle(name, Particle::eul_reul), os_words::hosts_file()));
  if (ec)
    throw AddressError(trf("cannot look up host '{}'{}: {}", "호스트 '{}'{} 찾지 못했습니다: {}",
                           name, ko_particle(name, Particle::eul_reul), ec.message()));
  for (const auto& entry : results)  // prefer IPv4: the lessons read 127.0.0.1
    if (entry.endpoint().address().is_v4()) return entry.endpoint().address();
  return results.begin()->endpoint().address();
}

HostAndPort resolve_host_port(std::string_view text, std::string_view option) {
  auto parts = split_host_port(text);
  if (!parts)
    throw AddressError(trf("{}: '{}'{} is not HOST:PORT (e.g. 127.0.0.1:7000 or [::1]:7000)",
                           "{}: '{}'{} HOST:PORT 형식이 아닙니다 (예: 127.0.0.1:7000, [::1]:7000)",
                           option, text, ko_particle(text, Particle::eun_neun)));
  auto port = parse_port(parts->port);
  if (!port)
    throw AddressError(
        fmt::format("{}: {}", option, port_problem(parts->port, PortZero::forbidden)));
  return HostAndPort{resolve_host(parts->host), *port};
}

}  // namespace lab
