/* Mistake: one recv() is taken for one message: it echoes what the first recv() returned and
   closes. */
#include <signal.h>

#include "zoo_server.h"

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  signal(SIGPIPE, SIG_IGN);
  int listener = listen_on(argv[1], 0);
  for (;;) {
    int connection = accept(listener, NULL, NULL);
    if (connection < 0) continue;
    char buffer[65536];
    ssize_t received = recv(connection, buffer, sizeof buffer, 0);
    if (received > 0) send_all(connection, buffer, (size_t)received);
    close(connection);
  }
}
