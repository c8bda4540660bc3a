# Sourced by tests/windows/run.sh, which defines $wine, $win_bin, $linux_bin, $work and the helpers
# (check, run, start, stop, wait_for, port_of, contains). Every wait is bounded.
# lab-tcp-server.exe and lab-tcp-client.exe under Wine, each against the other's Linux build.

# Bytes a line may hold on both OSes: a NUL, bytes that are not UTF-8 (0xff 0xfe 0x80), Korean.
binary_lines='plain text\nNUL:\0:end\nraw:\xff\xfe\x80:end\n한국어 줄\n'
expected_echo() {  # what the client prints for those lines, one "echo (… ms): LINE" each
  # Bytes a terminal would obey or cannot show are printed escaped (\x00, \xff): the echo's
  # every byte is compared by --count below, and here as the client shows it.
  printf '%s\n' 'plain text' 'NUL:\x00:end' 'raw:\xff\xfe\x80:end' '한국어 줄'
}
echoed() {  # the echoed lines out of a client's output file, the round-trip times taken out
  tr -d '\r' <"$1" | sed -n 's/^echo ([0-9.]* ms): //p'
}

echo "== windows: lab-tcp-server.exe (Wine) + lab-tcp-client (Linux)"
start tcp_server "$wine" "$win_bin/lab-tcp-server.exe" --port 0
tcp_port=$(port_of tcp_server "lab-tcp-server: PID [0-9]+ · TCP 127\.0\.0\.1:[0-9]+")
check "the server announces its PID and listening socket" test -n "$tcp_port"
printf '%b' "$binary_lines" | timeout 20 "$linux_bin/lab-tcp-client" --port "$tcp_port" \
  >"$work/tcp_client.out" 2>&1 && code=0 || code=$?
check "the Linux client exits 0" test "$code" -eq 0
check "every byte comes back: NUL, bytes that are not UTF-8, Korean (compared exactly)" \
  cmp -s <(echoed "$work/tcp_client.out") <(expected_echo)
client_port=$(grep -aEo 'TCP 127\.0\.0\.1:[0-9]+ →' "$work/tcp_client.out" | grep -Eo '[0-9]+ ' | tr -d ' ')
check "the server logs the accept with the client's port" \
  waits_for tcp_server "accept #1 127\.0\.0\.1:$tcp_port ← 127\.0\.0\.1:$client_port "
check "  ... and the close: the client closed first" \
  waits_for tcp_server "close  #1 127\.0\.0\.1:$tcp_port ← 127\.0\.0\.1:$client_port  client closed first"
run '' "$linux_bin/lab-tcp-client" --port "$tcp_port" --count 20 --size 1000
check "--count 20 --size 1000: every byte checked" \
  test "$code" -eq 0 -a "$(grep -c 'every byte matched ✓' <<<"$out")" -eq 1

echo "== windows: lab-netstat.exe shows lab-tcp-server.exe's rows; Ctrl-C closes what is open"
# Two clients that stay connected until their input (FIFOs held open here) closes.
for n in 1 2; do
  mkfifo "$work/hold$n.in"
  "$linux_bin/lab-tcp-client" --port "$tcp_port" <"$work/hold$n.in" >"$work/hold$n.out" 2>&1 &
  started_pids+=($!)
  eval "hold${n}_pid=$!"
  eval "exec $((7 + n))>\"\$work/hold$n.in\""
done
hold1_port=$(port_of hold1 "TCP 127\.0\.0\.1:[0-9]+")
hold2_port=$(port_of hold2 "TCP 127\.0\.0\.1:[0-9]+")
waits_for tcp_server "accept #[0-9]+ .*:$hold2_port " || true
row() { printf '  %-7s%-23s%-23s%-16s%s' "$@"; }
run '' "$wine" "$win_bin/lab-netstat.exe" -ano --port "$tcp_port"
check "lab-netstat.exe -ano: the LISTENING row" \
  contains "$out" "$(row TCP "127.0.0.1:$tcp_port" 0.0.0.0:0 LISTENING 0)"
check "  ... the server's ESTABLISHED row of each held client" \
  test "$(grep -cE "^  TCP    127\.0\.0\.1:$tcp_port +127\.0\.0\.1:($hold1_port|$hold2_port) +ESTABLISHED" <<<"$out")" -eq 2
kill -INT "$tcp_server_pid"
server_code=0
for _ in $(seq 1 100); do kill -0 "$tcp_server_pid" 2>/dev/null || break; sleep 0.1; done
kill -KILL "$tcp_server_pid" 2>/dev/null || true  # still there after 10 s: the check fails, bounded
wait "$tcp_server_pid" || server_code=$?
server_log=$(tr -d '\r' <"$work/tcp_server.out")
check "Ctrl-C ends the server with exit 0" test "$server_code" -eq 0
check "  ... each open connection logged as closed by the server" \
  test "$(grep -cE "close  #[0-9]+ 127\.0\.0\.1:$tcp_port ← 127\.0\.0\.1:($hold1_port|$hold2_port)  server stopped \(Ctrl-C\)" <<<"$server_log")" -eq 2
check "  ... and the summary line last" \
  grep -qE '^lab-tcp-server: stopped · 4 clients served, 0 refused, [0-9]+ bytes echoed' <<<"$(tail -1 <<<"$server_log")"
exec 8>&- 9>&-
for n in 1 2; do pid_var="hold${n}_pid"; wait "${!pid_var}" 2>/dev/null || true; done

echo "== windows: lab-tcp-server.exe whose reader left (| head -1) goes on serving"
( "$wine" "$win_bin/lab-tcp-server.exe" --port 0 </dev/null 2>"$work/piped.err" &
  echo $! >"$work/piped.pid"; wait ) | head -1 >"$work/piped.out" &
started_pids+=($!)
piped_port=$(port_of piped "TCP 127\.0\.0\.1:[0-9]+")
piped_pid=$(cat "$work/piped.pid")
started_pids+=("$piped_pid")
for n in 1 2; do run 'still here\n' "$linux_bin/lab-tcp-client" --port "$piped_port"; done
check "  ... every client is echoed after the reader left" \
  test "$code" -eq 0 -a "$(grep -c '^1 line echoed; closing\.$' <<<"$out")" -eq 1
kill -INT "$piped_pid"
for _ in $(seq 1 100); do kill -0 "$piped_pid" 2>/dev/null || break; sleep 0.1; done
check "  ... and Ctrl-C puts the summary on stderr, no error line" \
  test "$(tr -d '\r' <"$work/piped.err")" = "lab-tcp-server: stopped · 2 clients served, 0 refused, 22 bytes echoed in 2 reads"

echo "== windows: lab-tcp-server.exe --json and --lang ko"
start tcp_json "$wine" "$win_bin/lab-tcp-server.exe" --port 0 --json
json_port=$(port_of tcp_json '"local":"127\.0\.0\.1:[0-9]+' | tr -d '"')
run 'one line\n' "$linux_bin/lab-tcp-client" --port "$json_port"
waits_for tcp_json '"event":"close"' || true
stop tcp_json
# Every line a JSON document; the events in order with their fields.
json_summary=$(tr -d '\r' <"$work/tcp_json.out" | python3 -c '
import json, sys
events = [json.loads(line) for line in sys.stdin if line.strip()]
kinds = [e["event"] for e in events]
accept = next(e for e in events if e["event"] == "accept")
close = next(e for e in events if e["event"] == "close")
print(kinds[0], isinstance(events[0]["pid"], int), events[0]["protocol"], accept["id"],
      accept["local"] == events[0]["local"], close["closed_by"], close["bytes"], close["reads"])
' 2>&1)
check "--json: listening (with a PID), accept, close: parsed, fields as sent ($json_summary)" \
  test "$json_summary" = "listening True TCP 1 True client 9 1"
start tcp_ko "$wine" "$win_bin/lab-tcp-server.exe" --port 0 --lang ko
ko_port=$(port_of tcp_ko "TCP 127\.0\.0\.1:[0-9]+")
run 'x\n' "$linux_bin/lab-tcp-client" --port "$ko_port"
check "--lang ko: the close line in Korean (UTF-8)" \
  waits_for tcp_ko "클라이언트가 먼저 닫음 \(클라이언트의 FIN; 클라이언트 쪽이 TIME_WAIT\) · 2바이트, 읽기 1번"

echo "== windows: errors of lab-tcp-server.exe and lab-tcp-client.exe, one line each"
run '' "$wine" "$win_bin/lab-tcp-server.exe" --port "$ko_port"
check "a bind to a port in use: exit 1, one error line naming bind" \
  test "$code" -eq 1 -a "$(wc -l <<<"$err")" -eq 1 -a \
  "$(grep -c "^lab-tcp-server: error: bind: port $ko_port/tcp on 127\.0\.0\.1 is already in use" <<<"$err")" -eq 1
stop tcp_ko
wait_port_closed "$ko_port"
run '' "$wine" "$win_bin/lab-tcp-client.exe" --port "$ko_port"
check "lab-tcp-client.exe to a closed port: exit 1, one line (WSAECONNREFUSED 10061)" \
  test "$code" -eq 1 -a "$err" = "lab-tcp-client: error: connect: connection to 127.0.0.1:$ko_port refused: nothing listens on that port (WSAECONNREFUSED 10061)"
run '' "$wine" "$win_bin/lab-tcp-client.exe" --port "$ko_port" --lang ko
check "  ... in Korean with --lang ko" \
  grep -q "^lab-tcp-client: error: connect: 127\.0\.0\.1:$ko_port에 연결이 거부되었습니다" <<<"$err"
run '' "$wine" "$win_bin/lab-tcp-client.exe" --to no-such-host.invalid:7000
check "a name under .invalid: exit 2, one line" test "$code" -eq 2 -a "$(wc -l <<<"$err")" -eq 1

echo "== windows: lab-tcp-client.exe (Wine) + lab-tcp-server (Linux)"
start linux_tcp_server "$linux_bin/lab-tcp-server" --port 0
linux_tcp_port=$(port_of linux_tcp_server "TCP 127\.0\.0\.1:[0-9]+")
printf '%b' "$binary_lines" | timeout 20 "$wine" "$win_bin/lab-tcp-client.exe" --port "$linux_tcp_port" \
  >"$work/wine_client.out" 2>&1 && code=0 || code=$?
check "the Wine client exits 0 at the end of its input" test "$code" -eq 0
check "every byte comes back to the Wine client (stdin read in binary, compared exactly)" \
  cmp -s <(echoed "$work/wine_client.out") <(expected_echo)
check "the Wine client's connection line and its closing line" \
  test "$(tr -d '\r' <"$work/wine_client.out" | grep -acE "^lab-tcp-client: PID [0-9]+ · TCP 127\.0\.0\.1:[0-9]+ → 127\.0\.0\.1:$linux_tcp_port ESTABLISHED$|^4 lines echoed; closing\.$")" -eq 2
check "the Linux server logs the Wine client's close" \
  waits_for linux_tcp_server "client closed first"
run '' "$wine" "$win_bin/lab-tcp-client.exe" --port "$linux_tcp_port" --count 50 --size 3000 --json
json_check=$(python3 -c '
import json, sys
d = json.loads(sys.stdin.read())
print(d["messages"], d["bytes_sent"], d["bytes_received"], d["verified"], d["server"], d["tcp_info"])
' <<<"$out" 2>&1)
check "--count 50 --size 3000 --json parses: every byte back, verified ($json_check)" \
  test "$code" -eq 0 -a "$json_check" = "50 150000 150000 True 127.0.0.1:$linux_tcp_port None"
run '' "$wine" "$win_bin/lab-tcp-client.exe" --port "$linux_tcp_port" --count 3
# Wine 8 answers SIO_TCP_INFO with an error: the client says it has no figures (not zeros).
check "--count: TCP_INFO under Wine: says it is not available, no zeros" \
  test "$code" -eq 0 -a "$(tail -1 <<<"$out")" = "TCP_INFO: not available here (this OS gave no figures for the connection)"
run '' "$wine" "$win_bin/lab-tcp-client.exe" --port "$linux_tcp_port" --count 3 --lang ko
check "--lang ko: Korean (UTF-8)" grep -q '^에코를 받음: 192바이트를 읽기 [0-9]*번으로 — 모든 바이트 일치 ✓$' <<<"$out"
run '' "$wine" "$win_bin/lab-tcp-client.exe" --port "$linux_tcp_port" --connections 4 --duration 1
check "--connections 4 --duration 1: load mode, no errors" \
  test "$code" -eq 0 -a "$(grep -c '^4 of 4 connections echoing' <<<"$out")" -eq 1
check "  ... and no TCP_INFO zeros: says it has no figures" \
  grep -q '^TCP_INFO: no figures' <<<"$out"
run '' "$wine" "$win_bin/lab-tcp-client.exe" --port "$linux_tcp_port" --step
check "--step with stdin at its end: all four steps, exit 0" \
  test "$code" -eq 0 -a "$(grep -cE '^\[[1-4]/4\]' <<<"$out")" -eq 4
check "  ... in Windows' words: shutdown(SD_SEND), TIME_WAIT about 120 s (not SHUT_WR, not 60 s)" \
  test "$(grep -c 'shutdown(SD_SEND)' <<<"$out")" -ge 1 -a "$(grep -c 'about 120 s' <<<"$out")" -ge 1 -a \
  "$(grep -c 'SHUT_WR\|about 60 s' <<<"$out")" -eq 0
code=0
timeout 20 "$wine" "$win_bin/lab-tcp-client.exe" --port "$linux_tcp_port" <&- \
  >"$work/closed_stdin.out" 2>&1 || code=$?
check "a closed stdin is the end of input, as on Linux: exit 0" \
  test "$code" -eq 0 -a "$(tr -d '\r' <"$work/closed_stdin.out" | tail -1)" = "0 lines echoed; closing."
stop linux_tcp_server
