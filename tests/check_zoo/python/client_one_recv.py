# Mistake: one recv() is taken for the whole echo; an echo that arrives in pieces is cut.
import socket
import sys

s = socket.create_connection((sys.argv[1], int(sys.argv[2])))
for line in sys.stdin:
    s.sendall(line.encode())
    data = s.recv(4096)
    if not data:
        print("the server closed the connection", file=sys.stderr)
        sys.exit(1)
    print("echo:", data.decode(errors="replace").rstrip("\n"), flush=True)
s.close()
