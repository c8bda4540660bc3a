#pragma once
// lab-tcp-client's command line: the options and the one function that reads them.
#include <chrono>
#include <cstdint>
#include <string>

#include <asio/ip/tcp.hpp>

namespace tcp_echo_lab {

enum class ClientMode { interactive, scripted, step, load };

struct ClientOptions {
  asio::ip::tcp::endpoint server;
  std::string server_text;  // as typed, for messages
  ClientMode mode = ClientMode::interactive;
  std::uint64_t count = 0;  // scripted: messages
  std::uint64_t size = 64;  // scripted / load: bytes per message
  std::uint64_t interval_ms = 0;
  std::uint64_t bulk = 0;            // scripted as one big stream of this many bytes
  unsigned connections = 1;          // load
  unsigned duration_s = 5;           // load
  unsigned threads = 1;              // load
  std::chrono::seconds timeout{10};  // connect, and silence while waiting for an echo
  bool json = false;
};

// Parses the command line: --help and --version print and end the program (exit 0), a usage
// error is one line and exit 2 (through lab::run_main).
ClientOptions parse_options(int argc, char** argv);

}  // namespace tcp_echo_lab
