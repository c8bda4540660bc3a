/* Mistake: strlen(message) + 1: each datagram carries the C string's NUL terminator too. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char** argv) {
  if (argc < 3) return 2;
  int s = socket(AF_INET, SOCK_DGRAM, 0);
  struct sockaddr_in receiver;
  memset(&receiver, 0, sizeof receiver);
  receiver.sin_family = AF_INET;
  receiver.sin_port = htons((unsigned short)atoi(argv[2]));
  inet_pton(AF_INET, argv[1], &receiver.sin_addr);
  for (int i = 3; i < argc; ++i) {
    if (sendto(s, argv[i], strlen(argv[i]) + 1, 0, (struct sockaddr*)&receiver, sizeof receiver) <
        0) {
      perror("sendto");
      return 1;
    }
    printf("sent %s\n", argv[i]);
  }
  close(s);
  return 0;
}
