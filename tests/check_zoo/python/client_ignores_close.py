# Mistake: recv() returning b"" (the server closed) is not checked: the loop never ends.
import socket
import sys

s = socket.create_connection((sys.argv[1], int(sys.argv[2])))
for line in sys.stdin:
    data = line.encode()
    s.sendall(data)
    echo = b""
    while len(echo) < len(data):
        echo += s.recv(4096)
    print("echo:", echo.decode(errors="replace").rstrip("\n"), flush=True)
s.close()
