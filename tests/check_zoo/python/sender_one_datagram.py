# Mistake: all the messages go out as one datagram ("one two 안녕"), not one each.
import socket
import sys

s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
message = " ".join(sys.argv[3:])
s.sendto(message.encode(), (sys.argv[1], int(sys.argv[2])))
print("sent", message)
