# Sourced by tests/windows/run.sh (helpers: check, run, start, stop, wait_for, waits_for, contains,
# and worksheet_steps.sh's wstep, wstep_bg, wskip, wsteps_match). Every wait is bounded.
# Worksheet 5 (one process, many ports; one port, many connections): every Windows command it
# shows, run under Wine as a student types it. The server and the step clients wait for keys, so
# they are started here with a held stdin (Enter on it asks lab-multi-port for its listing, as
# Ctrl-Break does in a console; Wine's console cannot be sent Ctrl-Break from a test).

echo "== windows: worksheet 5, every Windows step"
# ws5_start NAME FD COMMAND: like wstep_bg, with stdin a FIFO held open on file descriptor FD.
ws5_start() {
  local name=$1 fd=$2 command=$3 words
  read -ra words <<<"$command"
  mkfifo "$work/$name.in"
  "$wine" "$win_bin/${words[0]%.exe}.exe" "${words[@]:1}" <"$work/$name.in" >"$work/$name.out" 2>&1 &
  started_pids+=($!)
  eval "${name}_pid=$!"
  eval "exec $fd>\"\$work/\$name.in\""
}

# Step 1: one process, five ports.
wsteps_named+=('lab-multi-port.exe --tcp 7500-7502 --udp 7500,7503')
ws5_start ws5_a 7 'lab-multi-port.exe --tcp 7500-7502 --udp 7500,7503'
check "step 1: one process holds all five ports" waits_for ws5_a 'PID [0-9]+ holds 5 of 5 ports'
check "  ... and says how to ask for the listing on Windows (Enter or Ctrl-Break)" \
  waits_for ws5_a 'Press Enter \(or: Ctrl-Break\) to list the connections\.'
wskip 'lab-netstat -ano --program lab-multi-port' "Wine gives every socket PID 0, so no row names its program (the next command shows the five rows)"
wskip 'netstat -ano | findstr :750' "Wine 8's findstr prints nothing, even for a line that matches"

# Step 2: which port did I reach? (a typed line, then the end of input: Ctrl-Z, Enter)
wstep 'lab-tcp-client.exe --port 7501' 'Hello! Which program and which port did I reach?\n'
check "step 2: 7501 answers with the server's PID and the port, then echoes the line" \
  test "$(grep -cE 'PID [0-9]+, port 7501/tcp' <<<"$out")" -eq 1 -a "$(grep -c 'Which program and which port did I reach?' <<<"$out")" -ge 1
wstep 'lab-tcp-client.exe --port 7502' 'Hello! Which program and which port did I reach?\n'
check "step 2: 7502: the same PID, another port" grep -qE 'PID [0-9]+, port 7502/tcp' <<<"$out"
wstep 'lab-udp-sender.exe --to 127.0.0.1:7503' 'hello, UDP\n'
check "step 2: one datagram to UDP 7503 sent" grep -q 'summary: sent 1 datagram' <<<"$out"
echo >&7
check "step 2: the listing (Enter; Ctrl-Break in a console) shows the datagram on UDP 7503" \
  waits_for ws5_a 'UDP +127\.0\.0\.1:7503 .*1 datagram answered'

# Step 3: three step-mode clients on one port; the step mode waits for Enter.
wsteps_named+=('lab-tcp-client.exe --port 7500 --step')
ws5_start ws5_b 8 'lab-tcp-client.exe --port 7500 --step'
ws5_start ws5_d 5 'lab-tcp-client.exe --port 7500 --step'
ws5_start ws5_e 6 'lab-tcp-client.exe --port 7500 --step'
for c in ws5_b ws5_d ws5_e; do
  check "step 3: a step-mode client ($c) connected to 7500 and waits at [1/4]" waits_for "$c" '\[1/4\] connected'
done
wstep 'lab-netstat -ano --port 7500'
check "step 3: eight rows: one LISTENING, six ESTABLISHED (three connections, both ends), UDP 7500" \
  test "$(grep -c 'LISTENING' <<<"$out")/$(grep -c 'ESTABLISHED' <<<"$out")/$(grep -cE '^  UDP    127\.0\.0\.1:7500 ' <<<"$out")" = "1/6/1"
echo >&7
# ws5_connections: how many connections of port 7500 the server's listings have shown so far.
ws5_connections() { tr -d '\r' <"$work/ws5_a.out" | grep -cE '^ +127\.0\.0\.1:7500 ⇄ 127\.0\.0\.1:[0-9]+  ESTABLISHED$' || true; }
ws5_deadline=$((SECONDS + 15))
while [ "$(ws5_connections)" -lt 3 ] && [ $SECONDS -lt $ws5_deadline ]; do sleep 0.05; done
check "step 3: the listing shows the three connections of port 7500, each by its 4-tuple" \
  test "$(ws5_connections)" -eq 3
for fd in 8 5 6; do for _ in 1 2 3 4; do echo >&"$fd"; done; done
for c in ws5_b ws5_d ws5_e; do
  check "step 3: $c read the greeting and the whole echo at [2/4], nothing left in its queue" \
    waits_for "$c" 'sent 26 bytes; read [0-9]+ back: the server.s own line first \(PID [0-9]+, port 7500/tcp\), then our 26 bytes echoed'
  waits_for "$c" 'closed' >/dev/null || true
done
check "step 3: no stray byte: no line that is only 'h'" \
  test "$(cat "$work/ws5_b.out" "$work/ws5_d.out" "$work/ws5_e.out" | tr -d '\r' | grep -cx 'h')" -eq 0

# Step 4: clean up.
stop ws5_b; stop ws5_d; stop ws5_e
stop ws5_a
exec 5>&- 6>&- 7>&- 8>&-

# Try this at home.
wskip 'netstat -ano | findstr LISTENING' "Wine 8's findstr prints nothing, even for a line that matches"
wskip 'tasklist /FI "PID eq 4"' "Wine's tasklist prints nothing"
wsteps_match 5-multi-port
