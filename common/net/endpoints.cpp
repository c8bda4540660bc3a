#include "net/endpoints.hpp"

#include <fmt/format.h>
#include <asio/io_context.hpp>

#include "cli/lang.hpp"
#include "cli/validators.hpp"

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

  asio::io_context io;
  asio::ip::tcp::resolver resolver(io);
  auto results = resolver.resolve(name, "", ec);
  if (ec || results.empty())
    throw AddressError(trf("cannot resolve host '{}': {}",
                           "호스트 '{}'의 주소를 찾을 수 없습니다: {}", name,
                           ec ? ec.message() : std::string("no address")));
  for (const auto& entry : results)  // prefer IPv4: the lessons read 127.0.0.1
    if (entry.endpoint().address().is_v4()) return entry.endpoint().address();
  return results.begin()->endpoint().address();
}

HostAndPort resolve_host_port(std::string_view text, std::string_view option) {
  auto parts = split_host_port(text);
  if (!parts)
    throw AddressError(trf(
        "{}: '{}' is not HOST:PORT (e.g. 127.0.0.1:7000 or [::1]:7000)",
        "{}: '{}'은(는) HOST:PORT 형식이 아닙니다 (예: 127.0.0.1:7000, [::1]:7000)", option, text));
  auto port = parse_port(parts->port);
  if (!port)
    throw AddressError(
        fmt::format("{}: {}", option, port_problem(parts->port, PortZero::forbidden)));
  return HostAndPort{resolve_host(parts->host), *port};
}

}  // namespace lab
