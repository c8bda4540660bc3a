/* What every C server of the zoo shares, written as a student would: a listening socket on
   127.0.0.1:PORT (argv[1]), with perror() and exit(1) on failure. Each zoo file then makes one
   mistake of its own in how it serves clients. */
#ifndef ZOO_SERVER_H
#define ZOO_SERVER_H
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static inline int listen_on(const char* port_text, int reuse_port) {
  int listener = socket(AF_INET, SOCK_STREAM, 0);
  if (listener < 0) {
    perror("socket");
    exit(1);
  }
  if (reuse_port) {
    int on = 1;
    setsockopt(listener, SOL_SOCKET, SO_REUSEPORT, &on, sizeof on);
  }
  struct sockaddr_in address;
  memset(&address, 0, sizeof address);
  address.sin_family = AF_INET;
  address.sin_port = htons((unsigned short)atoi(port_text));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(listener, (struct sockaddr*)&address, sizeof address) < 0) {
    perror("bind");
    exit(1);
  }
  if (listen(listener, 8) < 0) {
    perror("listen");
    exit(1);
  }
  printf("listening on 127.0.0.1:%s\n", port_text);
  fflush(stdout);
  return listener;
}

/* Sends all `size` bytes; -1 when the connection is gone. */
static inline int send_all(int connection, const char* data, size_t size) {
  while (size > 0) {
    ssize_t sent = send(connection, data, size, 0);
    if (sent < 0) return -1;
    data += sent;
    size -= (size_t)sent;
  }
  return 0;
}
#endif
