# Worksheet 8: a first try at the UDP receiver, written from labs/textbook/udp_receiver.cpp.
import socket
import sys

port = int(sys.argv[1])
receiver = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
receiver.bind(("127.0.0.1", port))
print("receiving on 127.0.0.1 port", port, flush=True)

while True:
    data, sender = receiver.recvfrom(1024)
    print(len(data), "bytes from", sender, ":", data.decode(errors="replace"), flush=True)
