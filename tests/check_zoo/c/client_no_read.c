/* Mistake: it sends each typed line and never reads the echo. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char** argv) {
  if (argc != 3) return 2;
  int s = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in server;
  memset(&server, 0, sizeof server);
  server.sin_family = AF_INET;
  server.sin_port = htons((unsigned short)atoi(argv[2]));
  inet_pton(AF_INET, argv[1], &server.sin_addr);
  if (connect(s, (struct sockaddr*)&server, sizeof server) < 0) {
    perror("connect");
    return 1;
  }
  char line[1024];
  while (fgets(line, sizeof line, stdin)) {
    if (send(s, line, strlen(line), 0) < 0) {
      perror("send");
      return 1;
    }
    printf("sent %zu bytes\n", strlen(line));
    fflush(stdout);
  }
  close(s);
  return 0;
}
