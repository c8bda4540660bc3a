# Mistake: accept() once, not in a loop: the first client is served, then the program ends.
import socket
import sys

listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
listener.bind(("127.0.0.1", int(sys.argv[1])))
listener.listen(8)
print("listening on port", sys.argv[1], flush=True)
connection, address = listener.accept()
try:
    while True:
        data = connection.recv(4096)
        if not data:
            break
        connection.sendall(data)
except OSError as error:
    print("error:", error)
connection.close()
