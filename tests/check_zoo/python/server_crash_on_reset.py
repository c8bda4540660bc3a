# Mistake: no error handling at all: a client that resets the connection raises
# ConnectionResetError (or BrokenPipeError), which ends the whole server.
import socket
import sys

listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
listener.bind(("127.0.0.1", int(sys.argv[1])))
listener.listen(8)
print("listening on port", sys.argv[1], flush=True)
while True:
    connection, address = listener.accept()
    while True:
        data = connection.recv(4096)
        if not data:
            break
        connection.sendall(data)
    connection.close()
