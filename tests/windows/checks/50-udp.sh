# Sourced by tests/windows/run.sh, which defines $wine, $win_bin, $linux_bin, $work and the helpers
# (check, run, start, stop, wait_for, port_of, contains). Every wait is bounded.
# lab-udp-sender.exe and lab-udp-receiver.exe, each against the Linux other half.

udp_line='UDP 127\.0\.0\.1:[0-9]+'
# A field of the last JSON Lines document whose "event" is EVENT: json_field EVENT FIELD <<<"$out"
json_field() {
  python3 -c '
import json, sys
docs = [json.loads(line) for line in sys.stdin if line.strip()]
doc = [d for d in docs if d.get("event") == sys.argv[1]][-1]
print(json.dumps(doc.get(sys.argv[2])))' "$@"
}
# A loopback UDP port that nothing listens on (bound, read, released).
closed_udp_port() {
  python3 -c 'import socket; s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

echo "== windows: lab-udp-sender.exe → the Linux lab-udp-receiver: the counts add up"
start linux_udp "$linux_bin/lab-udp-receiver" --port 0 --quiet --timeout 1 --json
lport=$(wait_for linux_udp '"local":"127\.0\.0\.1:[0-9]+"' | grep -Eo '[0-9]+"$' | tr -d '"')
run '' "$wine" "$win_bin/lab-udp-sender.exe" --to "127.0.0.1:$lport" --count 500 --rate max --json
check "the Wine sender exits 0" test "$code" -eq 0
check "--json: every line parses, start then summary, sent 500, not connected" \
  test "$(json_field summary sent <<<"$out")/$(json_field start connected <<<"$out")" = "500/false"
check "the Linux receiver ends after its --timeout" waits_for linux_udp '"event":"summary"'
summary=$(tr -d '\r' <"$work/linux_udp.out")
received=$(json_field summary received <<<"$summary")
lost=$(json_field summary lost <<<"$summary")
check "sent 500 = $received received + $lost lost (highest sequence and planned: 500)" \
  test "$((received + lost))/$(json_field summary planned <<<"$summary")" = "500/500"
stop linux_udp

echo "== windows: the Linux lab-udp-sender → lab-udp-receiver.exe"
# --timeout 5: the garbage and the typed line below come after two more program starts, which
# on a loaded machine can take longer than a second; the receiver must still be there.
start wine_udp "$wine" "$win_bin/lab-udp-receiver.exe" --port 0 --timeout 5
wport=$(port_of wine_udp "lab-udp-receiver: PID [0-9]+ · $udp_line")
run '' "$linux_bin/lab-udp-sender" --to "127.0.0.1:$wport" --count 5 --rate 100
check "the Linux sender sends 5" test "$code" -eq 0
check "the Wine receiver prints each with its sequence number (#1/5 … #5/5)" \
  waits_for wine_udp "127\.0\.0\.1:[0-9]+ → 64 bytes  #5/5$"
check "  ... all five, in order" \
  test "$(tr -d '\r' <"$work/wine_udp.out" | grep -Eo '#[0-9]/5$' | tr '\n' ' ')" = "#1/5 #2/5 #3/5 #4/5 #5/5 "
# Garbage: empty, binary, a broken lab header, a long text datagram. Counted as foreign, no crash.
python3 -c '
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for d in (b"", bytes(range(256)) * 2, b"SLAB" + b"\x01" * 40, b"y" * 3000):
    s.sendto(d, ("127.0.0.1", int(sys.argv[1])))' "$wport"
run 'typed line\n' "$linux_bin/lab-udp-sender" --to "127.0.0.1:$wport"
check "garbage and a typed line are shown, not fatal" waits_for wine_udp '→ 11 bytes  not a lab datagram: "typed line\\n"$'
check "the receiver ends itself after --timeout with exit 0" \
  waits_for wine_udp "^lab-udp-receiver: summary: "
wine_udp_code=0; wait "$wine_udp_pid" || wine_udp_code=$?
summary=$(tr -d '\r' <"$work/wine_udp.out" | grep '^lab-udp-receiver: summary: ')
check "  ... exit 0" test "$wine_udp_code" -eq 0
check "the summary adds up: 5 received, 0 lost, 5 foreign; highest sequence 5 = 5 + 0" \
  grep -q '^lab-udp-receiver: summary: 5 received, 0 lost, 0 reordered, 0 duplicated, 5 foreign; highest sequence 5 = 5 received + 0 lost;' <<<"$summary"
check "  ... names what Windows cannot count (no kernel drop counter), printing no zero for it" \
  test "$(grep -c '; not available on this OS: kernel drops (Winsock has no SO_RXQ_OVFL or SO_MEMINFO' <<<"$summary")/$(grep -c 'kernel dropped' <<<"$summary")" = "1/0"

echo "== windows: lab-udp-receiver.exe at full speed, --json, --lang ko"
start wine_udp "$wine" "$win_bin/lab-udp-receiver.exe" --port 0 --quiet --timeout 1 --json
wport=$(wait_for wine_udp '"local":"127\.0\.0\.1:[0-9]+"' | grep -Eo '[0-9]+"$' | tr -d '"')
run '' "$linux_bin/lab-udp-sender" --to "127.0.0.1:$wport" --count 2000 --rate max
check "the Linux sender sends 2000 at full speed" test "$code" -eq 0
check "the Wine receiver's JSON summary comes" waits_for wine_udp '"event":"summary"'
summary=$(tr -d '\r' <"$work/wine_udp.out")
received=$(json_field summary received <<<"$summary")
lost=$(json_field summary lost <<<"$summary")
check "sent 2000 = $received received + $lost lost" test "$((received + lost))" -eq 2000
check "--json: kernel_drops and truncated_bytes_lost null, named in not_available" \
  test "$(json_field summary kernel_drops <<<"$summary") $(json_field summary truncated_bytes_lost <<<"$summary") $(json_field summary not_available <<<"$summary")" = 'null null ["kernel_drops", "truncated_bytes_lost"]'
stop wine_udp
start wine_udp "$wine" "$win_bin/lab-udp-receiver.exe" --port 0 --count 3 --lang ko
wport=$(port_of wine_udp "lab-udp-receiver: PID [0-9]+ · $udp_line")
run '' "$linux_bin/lab-udp-sender" --to "127.0.0.1:$wport" --count 3 --rate 100
check "--lang ko: the summary in Korean, with what this OS cannot count" \
  waits_for wine_udp '^lab-udp-receiver: 요약: 수신 3, 손실 0, .*; 이 OS에서 알 수 없음: 커널이 버린 수'
stop wine_udp

echo "== windows: lab-udp-receiver.exe --read-size 4: the rest of each datagram is lost"
start wine_udp "$wine" "$win_bin/lab-udp-receiver.exe" --port 0 --read-size 4 --count 1
wport=$(port_of wine_udp "lab-udp-receiver: PID [0-9]+ · $udp_line")
run 'hello world\n' "$linux_bin/lab-udp-sender" --to "127.0.0.1:$wport"
check "WSAEMSGSIZE: 4 bytes read, the real length unknown on Windows" \
  waits_for wine_udp '→ more than 4 bytes  not a lab datagram: "hell"  \[read only 4 bytes: the rest is lost \(truncated; WSAEMSGSIZE'
stop wine_udp

echo "== windows: lab-udp-sender.exe typing lines, Ctrl-C, closed stdin and stdout"
start linux_udp "$linux_bin/lab-udp-receiver" --port 0
lport=$(port_of linux_udp "$udp_line")
run 'hello\n안녕\n' "$wine" "$win_bin/lab-udp-sender.exe" --to "127.0.0.1:$lport"
check "each typed line is one datagram (exit 0)" \
  test "$code" -eq 0 -a "$(grep -c '^sent [0-9]* bytes to 127\.0\.0\.1:'"$lport"'$' <<<"$out")" -eq 2
check "the Linux receiver gets both lines, Korean intact" waits_for linux_udp '→ 7 bytes  not a lab datagram: "안녕\\n"$'
# A line typed, then nothing more (stdin held open): Ctrl-C ends the wait for the next one.
mkfifo "$work/typed.in"
"$wine" "$win_bin/lab-udp-sender.exe" --to "127.0.0.1:$lport" <"$work/typed.in" >"$work/typed.out" 2>&1 &
started_pids+=($!); typed_pid=$!
exec 8>"$work/typed.in"
echo "one line" >&8
check "the typed line is sent" waits_for typed '^sent 9 bytes to'
kill -INT "$typed_pid"
for _ in $(seq 1 100); do kill -0 "$typed_pid" 2>/dev/null || break; sleep 0.1; done
typed_code=0; wait "$typed_pid" || typed_code=$?
exec 8>&-
check "Ctrl-C while it waits for a line: exit 0, the summary says interrupted" \
  test "$typed_code" -eq 0 -a "$(tr -d '\r' <"$work/typed.out" | grep -c '^lab-udp-sender: summary: sent 1 datagram (9 bytes) .*, interrupted\.')" -eq 1
code=0; timeout 20 "$wine" "$win_bin/lab-udp-sender.exe" --to "127.0.0.1:$lport" <&- >"$work/run.out" 2>&1 || code=$?
check "stdin closed: end of input at once, nothing sent, exit 0" \
  test "$code" -eq 0 -a "$(tr -d '\r' <"$work/run.out" | grep -c '^lab-udp-sender: summary: sent 0 datagrams')" -eq 1
code=0; timeout 20 "$wine" "$win_bin/lab-udp-sender.exe" --to "127.0.0.1:$lport" --count 1 >&- 2>"$work/run.err" || code=$?
check "stdout closed: one error line, exit 1" \
  test "$code" -eq 1 -a "$(tr -d '\r' <"$work/run.err")" = "lab-udp-sender: error: cannot write the output: Bad file descriptor"
code=0; timeout 20 "$wine" "$win_bin/lab-udp-sender.exe" --to "127.0.0.1:$lport" --count 3 --rate 20 2>"$work/run.err" | head -1 >/dev/null || true
check "stdout's reader leaves (| head -1): quiet, as on Linux" test ! -s "$work/run.err"
stop linux_udp

echo "== windows: ICMP port unreachable (the Windows lesson is WSAECONNRESET 10054; Wine differs)"
cport=$(closed_udp_port)
run '' "$wine" "$win_bin/lab-udp-sender.exe" --to "127.0.0.1:$cport" --count 3
# Windows would warn here: WSAECONNRESET 10054 from recvfrom on this unconnected socket, naming
# SIO_UDP_CONNRESET. Wine 8 runs on Linux sockets, which tell an unconnected socket nothing.
check "nobody listens, unconnected: sending succeeds (exit 0); Wine 8 hears no ICMP" \
  test "$code" -eq 0 -a "$(grep -c 'sent 3 datagrams' <<<"$out")" -eq 1 -a -z "$err"
run '' "$wine" "$win_bin/lab-udp-sender.exe" --to "127.0.0.1:$cport" --count 3 --connect
# Windows: WSAECONNRESET 10054; Wine 8 passes Linux's ECONNREFUSED on as WSAECONNREFUSED 10061.
check "--connect: exit 1, one line: connection refused, with the WSA code on the connected socket" \
  test "$code" -eq 1 -a "$(grep -Ec '^lab-udp-sender: error: connection (refused|reset): 127\.0\.0\.1:'"$cport"' answered with ICMP port unreachable, nothing listens there \(WSAECONN(REFUSED 10061|RESET 10054) on the connected socket' <<<"$err")" -eq 1

echo "== windows: lab-udp-sender.exe and lab-udp-receiver.exe command-line errors"
run '' "$wine" "$win_bin/lab-udp-receiver.exe" --port 70000
check "--port 70000: exit 2, one line" \
  test "$code" -eq 2 -a "$(wc -l <<<"$err")" -eq 1 -a "${err%%:*}" = "lab-udp-receiver"
run '' "$wine" "$win_bin/lab-udp-sender.exe" --to 127.0.0.1:70000
check "--to 127.0.0.1:70000: exit 2, one line" \
  test "$code" -eq 2 -a "$(wc -l <<<"$err")" -eq 1 -a "${err%%:*}" = "lab-udp-sender"
run '' "$wine" "$win_bin/lab-udp-sender.exe" --to no-such-host.invalid:9 --count 1
check "a name under .invalid: one line naming it, non-zero exit" \
  test "$code" -ne 0 -a "$(wc -l <<<"$err")" -eq 1 -a "$(grep -c "^lab-udp-sender: error: host 'no-such-host.invalid' not found" <<<"$err")" -eq 1
check "  ... naming Windows' hosts file, not /etc/hosts" \
  contains "$err" 'no such name in DNS or %SystemRoot%\System32\drivers\etc\hosts)'
