#pragma once
// The completion token of every lab coroutine:
//   auto [ec, n] = co_await socket.async_read_some(buffer, lab::use_tuple);
// The error comes back as a value, not an exception, so each call's failure is handled (and
// named) right where it happens. as_tuple is still under asio::experimental in Asio 1.22.
#include <asio/experimental/as_tuple.hpp>
#include <asio/use_awaitable.hpp>

namespace lab {

inline constexpr auto use_tuple = asio::experimental::as_tuple(asio::use_awaitable);

}  // namespace lab
