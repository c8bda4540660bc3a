#pragma once
// The few places where Winsock and POSIX sockets differ, so that the four textbook programs are
// the same text on Linux and on Windows. Everything else (socket, bind, listen, accept, connect,
// send, recv, sendto, recvfrom, getaddrinfo, inet_ntop) has the same name and meaning on both.
#ifdef _WIN32
#include <winsock2.h>
#include <ws2tcpip.h>

// A Winsock socket is a handle (an unsigned number), not a small int file descriptor.
using socket_t = SOCKET;
constexpr socket_t invalid_socket = INVALID_SOCKET;
// Windows closes a socket with closesocket(); close() is for files only.
inline int close_socket(socket_t socket) {
  return closesocket(socket);
}
#else
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

// On POSIX a socket is a file descriptor: the same kind of number open() returns.
using socket_t = int;
constexpr socket_t invalid_socket = -1;
inline int close_socket(socket_t socket) {
  return close(socket);
}
#endif
