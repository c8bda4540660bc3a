/* Mistake: SIGPIPE is left at its default action and send()'s result is not checked: a client
   that resets while the echo is being written kills the server. */
#include "zoo_server.h"

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  int listener = listen_on(argv[1], 0);
  for (;;) {
    int connection = accept(listener, NULL, NULL);
    if (connection < 0) continue;
    char buffer[4096];
    ssize_t received;
    while ((received = recv(connection, buffer, sizeof buffer, 0)) > 0)
      send(connection, buffer, (size_t)received, 0);
    close(connection);
  }
}
