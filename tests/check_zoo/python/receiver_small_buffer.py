# Mistake: recvfrom(1024): a longer datagram is cut to 1,024 bytes and the rest is lost without
# a word (on Linux; Windows raises an error instead).
import socket
import sys

s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", int(sys.argv[1])))
print("receiving on port", sys.argv[1], flush=True)
while True:
    data, address = s.recvfrom(1024)
    print(address, data.decode(errors="replace"), flush=True)
