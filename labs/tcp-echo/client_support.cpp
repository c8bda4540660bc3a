#include "client_support.hpp"

#include <asio/co_spawn.hpp>
#include <asio/connect.hpp>
#include <asio/detached.hpp>
#include <asio/use_awaitable.hpp>

#include "cli/app.hpp"
#include "cli/validators.hpp"
#include "net/await.hpp"
#include "net/endpoints.hpp"
#include "net/errors.hpp"
#include "render/visible.hpp"
#include "sockets/socket_table.hpp"
#include "wire/refusal.hpp"

namespace tcp_echo_lab {

bool run_with_deadline(asio::io_context& io, asio::ip::tcp::socket& socket,
                       asio::awaitable<void> work, std::chrono::steady_clock::duration timeout) {
  bool done = false;
  std::exception_ptr failure;
  asio::co_spawn(io, std::move(work), [&](std::exception_ptr error) {
    done = true;
    failure = error;
  });
  io.restart();
  io.run_for(timeout);
  if (!done) {
    asio::error_code ignored;
    socket.cancel(ignored);
    io.restart();
    io.run();  // let the work see operation_aborted and finish
  }
  if (failure) std::rethrow_exception(failure);
  return done;
}

void connect_or_fail(asio::io_context& io, asio::ip::tcp::socket& socket,
                     const ClientOptions& options) {
  asio::error_code result;
  auto attempt = [&]() -> asio::awaitable<void> {
    auto [error] = co_await socket.async_connect(options.server, lab::use_tuple);
    result = error;
  };
  if (!run_with_deadline(io, socket, attempt(), options.timeout)) result = asio::error::timed_out;
  if (result) lab::fail(lab::connect_error_message(result, options.server_text, "connect"));
}

std::string kernel_state(const asio::ip::tcp::endpoint& local,
                         const asio::ip::tcp::endpoint& remote) {
  try {
    lab::sockets::TableQuery query;
    query.udp = false;
    for (const auto& row : lab::sockets::read_socket_table(query).rows) {
      if (row.local.port == local.port() && row.remote.port == remote.port() &&
          row.local.address.to_string() == local.address().to_string())
        return std::string(lab::sockets::windows_state_name(row.state));
    }
  } catch (const std::exception&) {
  }
  return {};
}

void fail_if_server_full(std::string_view came_back, std::string_view sent,
                         const ClientOptions& options) {
  if (!lab::wire::looks_like_server_full(came_back) || sent.starts_with(came_back)) return;
  const std::string_view reason = lab::wire::server_full_reason(came_back);
  lab::fail(lab::trf("{} is full and turned us away{}{}",
                     "서버 {} 가득 참: 연결을 거절당했습니다{}{}", options.server_text,
                     reason.empty() ? "" : ": ", lab::visible(reason)));
}

}  // namespace tcp_echo_lab
