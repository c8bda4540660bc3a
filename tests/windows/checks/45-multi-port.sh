# Sourced by tests/windows/run.sh, which defines $wine, $win_bin, $linux_bin, $work and the helpers
# (check, run, start, stop, wait_for, port_of, contains). Every wait is bounded.
# lab-multi-port.exe under Wine: one process, many ports, reached from Linux.

echo "== windows: lab-multi-port.exe holds its TCP and UDP ports"
# Three port numbers free for TCP and UDP on 127.0.0.1 right now (the lists take no 0).
read -r mp_tcp1 mp_tcp2 mp_udp < <(python3 -c '
import socket
ports = []
while len(ports) < 3:
    t = socket.socket(); t.bind(("127.0.0.1", 0)); port = t.getsockname()[1]
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        u.bind(("127.0.0.1", port)); ports.append(port)
    except OSError:
        pass
    t.close(); u.close()
print(*ports)')
# stdin is a FIFO held open here: Enter on it asks for the listing.
mkfifo "$work/multi.in"
"$wine" "$win_bin/lab-multi-port.exe" --tcp "$mp_tcp1,$mp_tcp2" --udp "$mp_udp" \
  <"$work/multi.in" >"$work/multi.out" 2>&1 &
started_pids+=($!)
multi_pid=$!
exec 7>"$work/multi.in"
check "it holds all three ports" waits_for multi "PID [0-9]+ holds 3 of 3 ports:"
check "  ... and says how to ask for the listing on Windows (Enter or Ctrl-Break)" \
  waits_for multi "^Press Enter \(or: Ctrl-Break\) to list the connections\.$"
run '' "$wine" "$win_bin/lab-netstat.exe" -ano
for p in "$mp_tcp1" "$mp_tcp2"; do
  check "lab-netstat.exe shows TCP 127.0.0.1:$p LISTENING" \
    grep -qE "^  TCP    127\.0\.0\.1:$p +0\.0\.0\.0:0 +LISTENING" <<<"$out"
done
check "lab-netstat.exe shows UDP 127.0.0.1:$mp_udp" grep -qE "^  UDP    127\.0\.0\.1:$mp_udp +\*:\*" <<<"$out"

for p in "$mp_tcp1" "$mp_tcp2"; do
  run 'hi\n' "$linux_bin/lab-tcp-client" --port "$p"
  check "a connection to $p/tcp: answered with the PID and the port it reached" \
    grep -qE "^echo \([0-9.]+ ms\): PID [0-9]+, port $p/tcp$" <<<"$out"
done
udp_answer=$(timeout 20 python3 -c '
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.settimeout(10)
s.sendto("데이터그램\0".encode(), ("127.0.0.1", int(sys.argv[1])))
line, _, echo = s.recv(65536).partition(b"\n")
print(line.decode(), echo == "데이터그램\0".encode())' "$mp_udp" 2>&1)
check "a datagram to $mp_udp/udp: one answer, the PID and port, then the datagram itself ($udp_answer)" \
  grep -qE "^PID [0-9]+, port $mp_udp/udp True$" <<<"$udp_answer"
# A connection held open while we ask for the listing (Enter on stdin).
mkfifo "$work/mp_hold.in"
"$linux_bin/lab-tcp-client" --port "$mp_tcp2" <"$work/mp_hold.in" >"$work/mp_hold.out" 2>&1 &
started_pids+=($!)
mp_hold_pid=$!
exec 8>"$work/mp_hold.in"
mp_hold_port=$(port_of mp_hold "TCP 127\.0\.0\.1:[0-9]+")
waits_for multi "accepted 127\.0\.0\.1:$mp_tcp2 ⇄ 127\.0\.0\.1:$mp_hold_port" || true
echo >&7
check "Enter lists the connections: the held one under its port, by its 4-tuple" \
  waits_for multi "^      127\.0\.0\.1:$mp_tcp2 ⇄ 127\.0\.0\.1:$mp_hold_port  ESTABLISHED$"
check "  ... and the UDP port with its datagram" \
  waits_for multi "UDP 127\.0\.0\.1:$mp_udp +no connections \(UDP is connectionless\); 1 datagram answered"
kill -INT "$multi_pid"
multi_code=0
for _ in $(seq 1 100); do kill -0 "$multi_pid" 2>/dev/null || break; sleep 0.1; done
kill -KILL "$multi_pid" 2>/dev/null || true  # still there after 10 s: the check fails, bounded
wait "$multi_pid" || multi_code=$?
check "Ctrl-C: exit 0 with the summary line" \
  test "$multi_code" -eq 0 -a "$(tr -d '\r' <"$work/multi.out" | grep -cE '^lab-multi-port: PID [0-9]+ stopped: 3 ports, 3 connections, 0 refused, 1 datagram$')" -eq 1
exec 7>&- 8>&-
wait "$mp_hold_pid" 2>/dev/null || true

run '' "$wine" "$win_bin/lab-multi-port.exe" --help
check "--help names Ctrl-Break for the listing, not SIGUSR1" \
  test "$(grep -c 'press Enter or Ctrl-Break' <<<"$out")" -eq 1 -a "$(grep -c 'USR1' <<<"$out")" -eq 0

echo "== windows: lab-multi-port.exe --json, and a port that is taken"
# The first TCP port is held by a Linux listener: skipped with its reason, the others served.
start mp_blocker "$linux_bin/lab-tcp-server" --port "$mp_tcp1"
waits_for mp_blocker "LISTENING" || true
start multi_json "$wine" "$win_bin/lab-multi-port.exe" --tcp "$mp_tcp1,$mp_tcp2" --json
waits_for multi_json '"event":"holding"' || true
kill -INT "$multi_json_pid"
for _ in $(seq 1 100); do kill -0 "$multi_json_pid" 2>/dev/null || break; sleep 0.1; done
kill -KILL "$multi_json_pid" 2>/dev/null || true
wait "$multi_json_pid" 2>/dev/null || true
mp_json=$(tr -d '\r' <"$work/multi_json.out" | python3 -c '
import json, sys
events = [json.loads(line) for line in sys.stdin if line.strip()]
skipped, holding, stopped = events
print(skipped["event"], skipped["port"], "in use" in skipped["reason"], holding["event"],
      [p["port"] for p in holding["ports"]], holding["skipped"], stopped["event"])' 2>&1)
check "--json: skipped (the taken port, why), holding, stopped ($mp_json)" \
  test "$mp_json" = "skipped $mp_tcp1 True holding [$mp_tcp2] 1 stopped"
stop mp_blocker
