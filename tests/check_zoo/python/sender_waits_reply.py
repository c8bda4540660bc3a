# Mistake: after sending, it waits for a reply that UDP never promised: with nobody listening it
# waits for ever.
import socket
import sys

s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for message in sys.argv[3:]:
    s.sendto(message.encode(), (sys.argv[1], int(sys.argv[2])))
    print("sent", message, flush=True)
reply, address = s.recvfrom(65536)
print("reply:", reply.decode(errors="replace"))
