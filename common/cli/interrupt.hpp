#pragma once
// Ctrl-C for programs that wait on the keyboard (std::getline) rather than in an Asio event
// loop: SIGINT/SIGTERM set a flag and end keyboard input (a blocked read returns EINTR; stdin
// then reads as empty), so the program can close its socket and print its summary.
// (Programs that live in an Asio loop use asio::signal_set instead.)
namespace lab {

void catch_interrupts();
bool interrupted();

}  // namespace lab
