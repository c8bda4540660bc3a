# Mistake: datagrams are collected into one buffer, as one would with a TCP stream, so each print
# shows every datagram so far glued together.
import socket
import sys

s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", int(sys.argv[1])))
print("receiving on port", sys.argv[1], flush=True)
received = b""
while True:
    data, address = s.recvfrom(65536)
    received += data
    print(address, received.decode(errors="replace"), flush=True)
