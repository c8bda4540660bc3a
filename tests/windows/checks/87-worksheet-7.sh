# Sourced by tests/windows/run.sh (helpers: check, run, start, stop, wait_for, waits_for, contains,
# and worksheet_steps.sh's wstep, wstep_bg, wskip, wsteps_match). Every wait is bounded.
# Worksheet 7 (a bad network): lab-badnet is Linux-only, so a Windows student's steps are the same
# programs on a good network (the bad one comes from the teacher's Linux machine, in the classroom
# section) and the two-computer exercise. Each is run under Wine as a student types it.

echo "== windows: worksheet 7, every Windows step"
# Step 2: UDP on a good network: the baseline.
wstep_bg ws7_d 'lab-udp-receiver.exe --port 7701 --quiet --timeout 2'
check "step 2: the receiver waits on UDP 7701" waits_for ws7_d 'UDP 127\.0\.0\.1:7701'
wstep 'lab-udp-sender.exe --to 127.0.0.1:7701 --count 1000 --rate 2000'
check "step 2: the sender says all 1000 went out" grep -q 'summary: sent 1000 datagrams' <<<"$out"
check "step 2: the receiver ends after its --timeout with a summary" waits_for ws7_d 'summary:'
ws7_line=$(tr -d '\r' <"$work/ws7_d.out" | grep -E '^lab-udp-receiver: summary: ')
read -r ws7_received ws7_lost <<<"$(sed -E 's/.*: ([0-9]+) received, ([0-9]+) lost.*/\1 \2/' <<<"$ws7_line")"
# No bad network here, but a Wine receiver on a busy machine may still drop datagrams its queue
# had no room for: the count must add up, whatever the loss.
check "step 2: no bad network between them: received + lost = 1000 ($ws7_received + $ws7_lost)" \
  test "$((ws7_received + ws7_lost))" -eq 1000
stop ws7_d

# Step 3: TCP on a good network, and Windows' machine-wide counter.
wstep 'netstat -s -p tcp'
ws7_before=$(grep -E '^ *Segments Retransmitted' <<<"$out" | grep -Eo '[0-9]+$')
check "step 3: netstat -s -p tcp has Segments Retransmitted ($ws7_before)" test -n "$ws7_before"
wstep_bg ws7_a 'lab-tcp-server.exe --port 7700'
check "step 3: the server listens on 7700" waits_for ws7_a 'TCP 127\.0\.0\.1:7700'
wstep 'lab-tcp-client.exe --port 7700 --count 200 --size 1000'
check "step 3: every byte came back and matched" test "$code" -eq 0 -a "$(grep -c 'every byte matched' <<<"$out")" -eq 1
echo "  - not shown under Wine: the client's own retransmission count (Wine has no SIO_TCP_INFO; the last line says it is not available)"
wstep 'netstat -s -p tcp'
echo "  - not checked under Wine: netstat -s -p tcp's Segments Retransmitted line (Wine 8's netstat differs from Windows')"
stop ws7_a

# On two computers: the server on every interface; the other computer is not reachable here.
wstep_bg ws7_server 'lab-tcp-server.exe --bind 0.0.0.0 --port 7710'
check "two computers: lab-tcp-server.exe --bind 0.0.0.0 listens on every interface" \
  waits_for ws7_server 'TCP 0\.0\.0\.0:7710'
wskip 'lab-tcp-client.exe --to 192.168.0.10:7710' "another computer's address: the tests send nothing beyond loopback"
wstep 'lab-netstat -ano --port 7710'
check "two computers: lab-netstat shows the LISTENING row on 0.0.0.0:7710" \
  grep -qE '^  TCP    0\.0\.0\.0:7710 +0\.0\.0\.0:0 +LISTENING' <<<"$out"
stop ws7_server
wclassroom_steps 7-bad-network
wsteps_match 7-bad-network
