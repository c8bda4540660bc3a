# Sourced by tests/windows/run.sh (helpers: check, run, start, stop, wait_for, waits_for, contains,
# and worksheet_steps.sh's wstep, wstep_bg, wskip, wsteps_match). Every wait is bounded.
# Worksheet 3 (TCP against UDP): every Windows command it shows, run as a student types it in a
# Command Prompt, with what the text promises checked. The worksheet's own ports (7300-7304):
# run.sh runs in a private network namespace.

echo "== windows: worksheet 3, every Windows step"
# The line of a receiver's summary (in its output file) with the numbers a student adds up.
ws3_summary() { tr -d '\r' <"$work/$1.out" | grep -E '^lab-udp-receiver: summary: '; }

# Step 1: sending to nobody.
wstep 'lab-udp-sender.exe --to 127.0.0.1:7301 --count 3'
check "step 1: the sender sends 3 and exits with success; no warning under Wine (Linux's sockets)" \
  test "$code" -eq 0 -a "$(grep -c 'summary: sent 3 datagrams' <<<"$out")" -eq 1 -a -z "$err"
wstep 'lab-netstat -ano --port 7301'
check "step 1: lab-netstat shows its header and no row on port 7301" \
  test "$(grep -c 'Active Connections' <<<"$out")" -eq 1 -a "$(grep -cE '^  (TCP|UDP) ' <<<"$out")" -eq 0
wstep 'lab-tcp-client.exe --port 7301 --count 1'
check "step 1: TCP is refused at once (exit 1, one line naming the refusal)" \
  test "$code" -eq 1 -a "$(grep -c 'refused' <<<"$err")" -eq 1
wstep 'lab-udp-sender.exe --to 127.0.0.1:7301 --count 3 --connect'
check "step 1: --connect hears the ICMP: WSAECONNREFUSED 10061 under Wine, as the text says (Windows: WSAECONNRESET 10054)" \
  test "$code" -eq 1 -a "$(grep -c 'connection refused: 127\.0\.0\.1:7301 answered with ICMP port unreachable.*WSAECONNREFUSED 10061 on the connected socket' <<<"$err")" -eq 1
echo "  - not shown under Wine: WSAECONNRESET 10054 on an unconnected socket (Wine's sockets are Linux's, which report the ICMP to connected sockets only)"

# Step 2: a UDP receiver in the socket table.
wstep_bg ws3_a 'lab-udp-receiver.exe --port 7300'
check "step 2: the receiver announces UDP 127.0.0.1:7300" \
  waits_for ws3_a '^lab-udp-receiver: PID [0-9]+ · UDP 127\.0\.0\.1:7300$'
wstep 'lab-netstat -ano --port 7300'
check "step 2: one UDP row, foreign address *:*, no state (Wine: PID 0)" \
  test "$(grep -cE '^  UDP    127\.0\.0\.1:7300 +\*:\* +[0-9]+$' <<<"$out")" -eq 1 -a "$(grep -cE '^  (TCP|UDP) ' <<<"$out")" -eq 1
wskip 'netstat -ano -p UDP | findstr :7300' "Wine 8's findstr prints nothing, even for a line that matches"

# Step 3: three typed lines, three datagrams (the input ends: Ctrl-Z, Enter on a console).
wstep 'lab-udp-sender.exe --to 127.0.0.1:7300' 'one\ntwo\nthree\n'
check "step 3: the sender sends three datagrams" grep -q 'summary: sent 3 datagrams (14 bytes)' <<<"$out"
waits_for ws3_a '"three\\n"$' || true
check "step 3: the receiver got three separate datagrams" \
  test "$(tr -d '\r' <"$work/ws3_a.out" | grep -cE '→ [46] bytes  not a lab datagram: "(one|two|three)\\n"$')" -eq 3
stop ws3_a

# Step 4: read 4 bytes of 11.
wstep_bg ws3_d 'lab-udp-receiver.exe --port 7302 --read-size 4'
waits_for ws3_d 'UDP 127\.0\.0\.1:7302$' || true
wstep 'lab-udp-sender.exe --to 127.0.0.1:7302' 'abcdefghij\n'
check "step 4: the receiver read 4 bytes and says the rest is lost, without the length (WSAEMSGSIZE)" \
  waits_for ws3_d '→ more than 4 bytes  not a lab datagram: "abcd"  \[read only 4 bytes: the rest is lost \(truncated; WSAEMSGSIZE'
stop ws3_d

# Step 5: a slow receiver with a small buffer.
wstep_bg ws3_e 'lab-udp-receiver.exe --port 7303 --rcvbuf 4k --slow 1 --quiet --timeout 1'
check "step 5: Windows does not double the buffer: 4096 bytes, as asked" \
  waits_for ws3_e 'receive buffer \(SO_RCVBUF\): 4096 bytes \(asked for 4096\)'
wstep 'lab-udp-sender.exe --to 127.0.0.1:7303 --count 1000 --size 64 --rate 2000'
check "step 5: the sender says all 1000 were sent" grep -q 'summary: sent 1000 datagrams' <<<"$out"
check "step 5: the receiver ends after its --timeout with a summary" waits_for ws3_e 'summary:'
ws3_line=$(ws3_summary ws3_e)
ws3_nums=$(sed -E 's/.*: ([0-9]+) received, ([0-9]+) lost.*highest sequence ([0-9]+) = [0-9]+ received \+ ([0-9]+) lost.*/\1 \2 \3 \4/' <<<"$ws3_line")
read -r ws3_received ws3_lost ws3_highest ws3_gaps <<<"$ws3_nums"
ws3_never=$(grep -Eo 'the [0-9]+ after the last one never came' <<<"$ws3_line" | grep -Eo '[0-9]+' || echo 0)
check "step 5: datagrams were lost, and the numbers add up ($ws3_nums, $ws3_never never came)" \
  test "$ws3_lost" -gt 0 -a "$((ws3_received + ws3_gaps))" -eq "$ws3_highest" -a "$((ws3_gaps + ws3_never))" -eq "$ws3_lost" -a "$((ws3_received + ws3_lost))" -eq 1000
check "step 5: the summary says the kernel's own count is not available on this OS" \
  contains "$ws3_line" "not available on this OS: kernel drops"
stop ws3_e

# Step 6: the script is Linux-only; its TCP half by hand.
wstep_bg ws3_tcp 'lab-tcp-server.exe --port 7304 --read-delay 1'
waits_for ws3_tcp 'LISTENING' || true
wstep 'lab-tcp-client.exe --port 7304 --count 1000 --size 64'
check "step 6: TCP: every byte of the 1000 messages came back, in fewer reads than messages" \
  test "$code" -eq 0 -a "$(grep -c 'every byte matched' <<<"$out")" -eq 1 -a "$(grep -c 'TCP is a byte stream and keeps no message boundaries' <<<"$out")" -eq 1
stop ws3_tcp

# Try this at home: Windows' own netstat.
wstep 'netstat -ano -p UDP'
check "at home: netstat -ano -p UDP prints the table (exit 0)" test "$code" -eq 0 -a "$(grep -c 'Active Connections' <<<"$out")" -eq 1
wstep 'netstat -ano -p UDPv6'
check "at home: netstat -ano -p UDPv6 prints the table (exit 0)" test "$code" -eq 0 -a "$(grep -c 'Active Connections' <<<"$out")" -eq 1
wskip 'netstat -ano | findstr /C:":53 "' "Wine 8's findstr prints nothing, even for a line that matches"
wstep 'netstat -s -p UDP'
check "at home: netstat -s -p UDP has the two counters the text names, No Ports and Receive Errors" \
  test "$(grep -cE '^  (No Ports|Receive Errors) +=' <<<"$out")" -eq 2
wsteps_match 3-tcp-vs-udp
