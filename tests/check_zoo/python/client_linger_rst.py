# Mistake: SO_LINGER {1, 0} "to avoid TIME_WAIT": close() then sends RST instead of FIN.
import socket
import struct
import sys

s = socket.create_connection((sys.argv[1], int(sys.argv[2])))
s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
for line in sys.stdin:
    data = line.encode()
    s.sendall(data)
    echo = b""
    while len(echo) < len(data):
        chunk = s.recv(4096)
        if not chunk:
            print("the server closed the connection", file=sys.stderr)
            sys.exit(1)
        echo += chunk
    print("echo:", echo.decode(errors="replace").rstrip("\n"), flush=True)
s.close()
