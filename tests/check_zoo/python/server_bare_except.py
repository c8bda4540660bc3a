# Mistake: a bare `except:` keeps the server alive through every error, and through Ctrl-C too
# (KeyboardInterrupt is caught with the rest).
import socket
import sys

listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
listener.bind(("127.0.0.1", int(sys.argv[1])))
listener.listen(8)
print("listening on port", sys.argv[1], flush=True)
while True:
    try:
        connection, address = listener.accept()
        while True:
            data = connection.recv(4096)
            if not data:
                break
            connection.sendall(data)
        connection.close()
    except:
        continue
