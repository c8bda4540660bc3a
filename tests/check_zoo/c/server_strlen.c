/* Mistake: the echo is measured with strlen(), so it stops at the first NUL byte. */
#include <signal.h>

#include "zoo_server.h"

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  signal(SIGPIPE, SIG_IGN);
  int listener = listen_on(argv[1], 0);
  for (;;) {
    int connection = accept(listener, NULL, NULL);
    if (connection < 0) continue;
    char buffer[4096];
    ssize_t received;
    while ((received = recv(connection, buffer, sizeof buffer - 1, 0)) > 0) {
      buffer[received] = '\0';
      if (send_all(connection, buffer, strlen(buffer)) < 0) break;
    }
    close(connection);
  }
}
