#pragma once
// The checks of each kind, in the order a student meets the lesson, and what they share: how a
// fresh copy of the student's program is started and found in the socket table.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "options.hpp"
#include "report.hpp"
#include "sockets/socket_row.hpp"
#include "student.hpp"

namespace check_lab {

void check_tcp_server(const Options& options, Report& report);
void check_tcp_client(const Options& options, Report& report);
void check_udp_receiver(const Options& options, Report& report);
void check_udp_sender(const Options& options, Report& report);

// How long lab-check waits for a program to start listening, for an answer, for an exit.
inline constexpr int start_ms = 10000;
inline constexpr int answer_ms = 3000;
inline constexpr int exit_ms = 6000;  // a Python traceback takes its time on a busy machine

// A server or receiver under test: a copy lab-check started (program set), or the one already
// running on --port (program empty).
struct Started {
  std::unique_ptr<StudentProgram> program;
  std::uint16_t port = 0;
  std::optional<lab::sockets::SocketRow> row;  // its row in the socket table, once bound
  std::string problem;                         // why it is not there, when row is empty
};

// Starts a fresh copy on a free port (or --port) and waits until the socket table shows it bound
// (TCP: LISTEN). Without COMMAND: looks the running one up on --port. `with_pid`: its row also
// names the process that holds it (slow on a busy machine: only where a check shows it).
Started start_server(const Options& options, lab::sockets::Protocol protocol,
                     bool with_pid = false);

// "TCP 127.0.0.1:7000 LISTEN (Windows netstat: LISTENING), PID 4312 (python3)".
std::string row_text(const lab::sockets::SocketRow& row);
// "127.0.0.1: only this computer can reach it" and the like.
std::string address_in_words(const lab::sockets::Address& address);

// The textbook program that does it right, as a path a student opens.
inline constexpr const char* textbook_tcp_server = "labs/textbook/tcp_server.cpp";
inline constexpr const char* textbook_tcp_client = "labs/textbook/tcp_client.cpp";
inline constexpr const char* textbook_udp_receiver = "labs/textbook/udp_receiver.cpp";
inline constexpr const char* textbook_udp_sender = "labs/textbook/udp_sender.cpp";

}  // namespace check_lab
