/* Mistake: SO_REUSEPORT "so that a restart never fails": a second copy then shares the port. */
#include <signal.h>

#include "zoo_server.h"

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  signal(SIGPIPE, SIG_IGN);
  int listener = listen_on(argv[1], 1);
  for (;;) {
    int connection = accept(listener, NULL, NULL);
    if (connection < 0) continue;
    char buffer[4096];
    ssize_t received;
    while ((received = recv(connection, buffer, sizeof buffer, 0)) > 0)
      if (send_all(connection, buffer, (size_t)received) < 0) break;
    close(connection);
  }
}
