/* Mistake: recvfrom() returning 0 is taken for "the end", as recv() on TCP: an empty datagram
   stops the receiver. */
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
    struct sockaddr_in sender;
    socklen_t length = sizeof sender;
    ssize_t n = recvfrom(s, buffer, sizeof buffer - 1, 0, (struct sockaddr*)&sender, &length);
    if (n <= 0) break;
    buffer[n] = '\0';
    printf("%zd bytes from %s:%d: %s\n", n, inet_ntoa(sender.sin_addr), ntohs(sender.sin_port),
           buffer);
    fflush(stdout);
  }
  close(s);
  return 0;
}
