# Worksheet 8: a first try at the TCP echo server, written from labs/textbook/tcp_server.cpp.
# It runs, and it echoes what you type. lab-check finds what it does not do yet.
import socket
import sys

port = int(sys.argv[1])
listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
listener.bind(("127.0.0.1", port))
listener.listen(8)
print("listening on 127.0.0.1 port", port, flush=True)

connection, address = listener.accept()
print("accepted", address, flush=True)
data = connection.recv(1024)
connection.sendall(data)
connection.close()
