// common/bind on each OS: the error names as this OS gives them (errno on Linux, WSA codes on
// Windows) with the other system's counterpart, the options each OS has, and the one-line
// refusal of an option it lacks. Built into both unit test programs (Linux and Windows).
#include <catch2/catch.hpp>

#include <asio.hpp>

#include "bind/bind.hpp"
#include "cli/error_names.hpp"
#include "cli/lang.hpp"

namespace {
constexpr bool windows = lab::bind::has_exclusive_address_use;
}  // namespace

TEST_CASE("bind errors: this OS's name and number, and the other system's") {
  const int in_use = asio::error::address_in_use;
  const int denied = asio::error::access_denied;
  CHECK(lab::error_name(in_use) == (windows ? "WSAEADDRINUSE" : "EADDRINUSE"));
  CHECK(lab::error_name_and_number(in_use) == (windows ? "WSAEADDRINUSE 10048" : "EADDRINUSE 98"));
  CHECK(lab::error_name_and_number(denied) == (windows ? "WSAEACCES 10013" : "EACCES 13"));
  for (int value : {in_use, denied}) {
    INFO(value);
    CHECK(lab::windows_error_text(value).starts_with("WSAE"));
    CHECK(lab::linux_error_text(value).starts_with("E"));
  }
  CHECK(lab::windows_error_text(in_use) == "WSAEADDRINUSE 10048");
  CHECK(lab::linux_error_text(in_use) == "EADDRINUSE 98");
  CHECK(lab::windows_error_text(denied) == "WSAEACCES 10013");
  CHECK(lab::linux_error_text(denied) == "EACCES 13");
  CHECK(lab::windows_error_text(123456).empty());
  CHECK(lab::error_name_and_number(123456) == "123456");
}

TEST_CASE(
    "bind options: SO_REUSEPORT on Linux, SO_EXCLUSIVEADDRUSE on Windows, the other refused") {
  lab::set_lang(lab::Lang::en);
  CHECK(lab::bind::has_reuse_port != windows);
  lab::bind::BindRequest request;
  CHECK(lab::bind::unsupported_option(request).empty());
  CHECK(lab::bind::options_text(request) == (windows ? "SO_REUSEADDR off, SO_EXCLUSIVEADDRUSE off"
                                                     : "SO_REUSEADDR off, SO_REUSEPORT off"));
  request.reuse_port = true;
  CHECK(lab::bind::unsupported_option(request).empty() != windows);
  request.reuse_port = false;
  request.exclusive_address = true;
  CHECK(lab::bind::unsupported_option(request).empty() == windows);
  CHECK(lab::bind::options_text(request).ends_with("SO_EXCLUSIVEADDRUSE on"));

  // The option reaches setsockopt where it exists; elsewhere open_bind_listen stops there.
  asio::io_context io;
  asio::ip::tcp::acceptor acceptor(io);
  std::string step;
  auto ec = lab::bind::open_bind_listen(acceptor, request, step);
  if (windows) {
    CHECK(!ec);
  } else {
    CHECK(ec == asio::error::operation_not_supported);
    CHECK(step == "setsockopt");
    CHECK(lab::bind_error_message(ec, lab::Transport::tcp, request.address, 7000) ==
          lab::bind::unsupported_option(request));
  }
}

TEST_CASE(
    "bind errors: access denied means privileged ports on Linux, reserved ranges on Windows") {
  lab::set_lang(lab::Lang::en);
  const auto text = lab::bind_error_message(asio::error::access_denied, lab::Transport::tcp,
                                            asio::ip::make_address("127.0.0.1"), 80);
  if (windows) {
    CHECK(text.find("1024") == std::string::npos);
    CHECK(text.find("netsh interface ipv4 show excludedportrange protocol=tcp") !=
          std::string::npos);
  } else {
    CHECK(text == "port 80/tcp is below 1024: only root may bind it (try a port from 1024 up)");
  }
}
