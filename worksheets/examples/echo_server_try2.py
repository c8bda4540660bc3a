# Worksheet 8: the echo server after lab-check, each fix where the textbook program has it.
import socket
import sys

port = int(sys.argv[1])
listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
listener.bind(("127.0.0.1", port))  # a port in use: OSError (EADDRINUSE), and the program ends
listener.listen(8)
print("listening on 127.0.0.1 port", port, flush=True)

while True:  # fix 1: the accept loop, one client after another
    connection, address = listener.accept()
    print("accepted", address, flush=True)
    try:
        while True:  # fix 2: recv until the client has finished (b"": its FIN)
            data = connection.recv(4096)
            if not data:
                break
            connection.sendall(data)  # sendall: every byte, however many send() calls it takes
    except OSError as error:  # fix 3: a client that resets ends that client, not the server
        print("client", address, "left:", error, flush=True)
    connection.close()
    print("closed", address, flush=True)
