/* Mistake: recv() instead of recvfrom(): the datagram is printed, but not who sent it. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  int s = socket(AF_INET, SOCK_DGRAM, 0);
  struct sockaddr_in address;
  memset(&address, 0, sizeof address);
  address.sin_family = AF_INET;
  address.sin_port = htons((unsigned short)atoi(argv[1]));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(s, (struct sockaddr*)&address, sizeof address) < 0) {
    perror("bind");
    return 1;
  }
  static char buffer[65536];
  for (;;) {
    ssize_t n = recv(s, buffer, sizeof buffer - 1, 0);
    if (n < 0) {
      perror("recv");
      continue;
    }
    buffer[n] = '\0';
    printf("got %zd bytes: %s\n", n, buffer);
    fflush(stdout);
  }
}
