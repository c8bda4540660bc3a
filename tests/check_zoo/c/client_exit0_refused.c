/* Mistake: a refused connect() is reported, but the program still ends with exit status 0. */
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
    printf("could not connect to the server\n");
    return 0;
  }
  char line[1024];
  while (fgets(line, sizeof line, stdin)) {
    size_t length = strlen(line);
    if (send(s, line, length, 0) < 0) {
      perror("send");
      return 1;
    }
    char echo[1024];
    size_t got = 0;
    while (got < length) {
      ssize_t n = recv(s, echo + got, sizeof echo - 1 - got, 0);
      if (n <= 0) {
        fprintf(stderr, "recv: the server closed the connection\n");
        return 1;
      }
      got += (size_t)n;
    }
    echo[got] = '\0';
    printf("echo: %s", echo);
    fflush(stdout);
  }
  close(s);
  return 0;
}
