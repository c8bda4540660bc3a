# Sourced by tests/windows/run.sh (helpers: check, run, start, stop, wait_for, waits_for, contains,
# wait_port_closed, and worksheet_steps.sh's wstep, wstep_bg, wskip, wsteps_match).
# Worksheet 4 (one port, one process): every Windows command it shows, run under Wine as a student
# types it, with what the text promises checked. Where Wine follows Linux's bind rules instead of
# Windows', the check asserts what Wine gives and says what Windows gives (the worksheet says both).

echo "== windows: worksheet 4, every Windows step"
ws4_in_use='\[WSAEADDRINUSE 10048; Linux: EADDRINUSE 98\]$'
ws4_denied='\[WSAEACCES 10013; Linux: EACCES 13\]$'

# Step 1: two servers on one port, and who holds it.
wstep_bg ws4_a 'lab-tcp-server.exe --port 7400'
check "step 1: the server in A listens on 127.0.0.1:7400" waits_for ws4_a 'TCP 127\.0\.0\.1:7400'
wstep 'lab-netstat -ano --port 7400'
check "step 1: one LISTENING row on 127.0.0.1:7400 (Wine: PID 0)" \
  test "$(grep -cE '^  TCP    127\.0\.0\.1:7400 +0\.0\.0\.0:0 +LISTENING' <<<"$out")" -eq 1
wstep 'lab-tcp-server.exe --port 7400'
check "step 1: a second server fails at once: exit 1, 'port 7400/tcp … is already in use'" \
  test "$code" -eq 1 -a "$(grep -c 'already in use' <<<"$err")" -ge 1
wskip 'netstat -ano | findstr :7400' "Wine 8's findstr prints nothing, even for a line that matches"
wskip 'tasklist /FI "PID eq 4312"' "Wine's tasklist prints nothing, and Wine gives sockets PID 0"

# Step 2: the error's name, and SO_REUSEADDR on Windows: the first socket decides.
wstep 'lab-port-conflict.exe try --tcp --port 7400'
check "step 2: a plain second bind: WSAEADDRINUSE 10048 (Wine: the holder's PID is 0, not named)" \
  test "$code" -eq 1 -a "$(grep -c "$ws4_in_use" <<<"$err")" -eq 1
wstep 'lab-port-conflict.exe try --tcp --port 7400 --reuse-address'
check "step 2: SO_REUSEADDR over a first socket that did not set it: refused, WSAEACCES 10013 (as on Windows)" \
  test "$code" -eq 1 -a "$(grep -c "$ws4_denied" <<<"$err")" -eq 1
wstep_bg ws4_c 'lab-port-conflict.exe hold --tcp --port 7410 --reuse-address'
check "step 2: hold --reuse-address keeps 7410 with SO_REUSEADDR on" \
  waits_for ws4_c 'SO_REUSEADDR on, SO_EXCLUSIVEADDRUSE off'
wstep 'lab-port-conflict.exe try --tcp --port 7410 --reuse-address'
ws4_hijack=$code
if [ "$ws4_hijack" -eq 0 ]; then
  check "step 2: the hijack: SO_REUSEADDR on both, the second binds beside the first (as on Windows)" \
    grep -q '→ OK' <<<"$out"
else
  check "step 2: the hijack: Wine refuses SO_REUSEADDR on both (Windows binds it): one line, exit 1" \
    test "$(wc -l <<<"$err")" -eq 1 -a "$(grep -cE "$ws4_denied|$ws4_in_use" <<<"$err")" -eq 1
fi
stop ws4_c
wstep_bg ws4_c2 'lab-port-conflict.exe hold --tcp --port 7411 --exclusive'
check "step 2: hold --exclusive sets SO_EXCLUSIVEADDRUSE" waits_for ws4_c2 'SO_REUSEADDR off, SO_EXCLUSIVEADDRUSE on'
wstep 'lab-port-conflict.exe try --tcp --port 7411 --reuse-address'
check "step 2: SO_REUSEADDR against SO_EXCLUSIVEADDRUSE: refused, WSAEACCES 10013" \
  test "$code" -eq 1 -a "$(grep -c "$ws4_denied" <<<"$err")" -eq 1
stop ws4_c2

# Step 3: same number, other protocol.
wstep 'lab-port-conflict.exe try --udp --port 7400'
check "step 3: UDP 7400 binds while TCP 7400 is held" grep -q '7400/udp .*→ OK: the port was free' <<<"$out"
wstep_bg ws4_d 'lab-port-conflict.exe hold --udp --port 7400'
check "step 3: D holds UDP 7400" waits_for ws4_d 'UDP 127\.0\.0\.1:7400'
wstep 'lab-netstat -ano --port 7400'
check "step 3: two rows with the number 7400: TCP LISTENING and UDP *:*" \
  test "$(grep -cE '^  TCP    127\.0\.0\.1:7400 .*LISTENING' <<<"$out")/$(grep -cE '^  UDP    127\.0\.0\.1:7400 +\*:\*' <<<"$out")" = "1/1"

# Step 4: another address.
wstep 'lab-port-conflict.exe try --tcp --port 7400 --bind 0.0.0.0'
check "step 4: 0.0.0.0 beside 127.0.0.1: Wine refuses it as Linux does, WSAEADDRINUSE (Windows binds it)" \
  test "$code" -eq 1 -a "$(grep -c "$ws4_in_use" <<<"$err")" -eq 1
wstep 'lab-port-conflict.exe try --tcp --port 7400 --bind 127.0.0.2'
check "step 4: 127.0.0.2:7400 is another address: bound" grep -q '127\.0\.0\.2:7400/tcp .*→ OK' <<<"$out"

# Step 5: TIME_WAIT and the restart.
wstep_bg ws4_e 'lab-tcp-server.exe --port 7401 --half-close --reuse-address'
check "step 5: the --half-close server listens on 7401" waits_for ws4_e 'TCP 127\.0\.0\.1:7401'
wstep 'lab-tcp-client.exe --port 7401 --count 1'
check "step 5: one message echoed" test "$code" -eq 0 -a "$(grep -c 'every byte matched' <<<"$out")" -eq 1
waits_for ws4_e 'close' || true
stop ws4_e
wait_port_closed 7401 || true
wstep 'lab-netstat -ano --port 7401'
check "step 5: a TIME_WAIT row on 127.0.0.1:7401 with PID 0, and no LISTENING row" \
  test "$(grep -cE '^  TCP    127\.0\.0\.1:7401 .*TIME_WAIT +0$' <<<"$out")" -ge 1 -a "$(grep -c 'LISTENING' <<<"$out")" -eq 0
wstep 'lab-tcp-server.exe --port 7401'
# Windows binds over TIME_WAIT without SO_REUSEADDR; Wine 8 may follow Linux and refuse. Either
# outcome is one the worksheet names: bound (it serves until the step's time limit ends it) or
# refused in one line.
check "step 5: the restart without SO_REUSEADDR: bound (as on Windows) or 'already in use' (as on Linux)" \
  test "$code" -eq 124 -o \( "$code" -eq 1 -a "$(grep -c 'already in use' <<<"$err")" -ge 1 \)

# Step 6: no SO_REUSEPORT on Windows.
wstep 'lab-port-conflict.exe hold --tcp --port 7402 --reuse-port'
check "step 6: --reuse-port: exit 2, the one line the worksheet quotes" \
  test "$code" -eq 2 -a "$err" = "lab-port-conflict: error: --reuse-port: Windows has no SO_REUSEPORT (Linux and BSD have it): here two sockets share a port only through SO_REUSEADDR (demo scenario 1), and Windows does not spread connections among them"

# Step 7: the demo.
wstep 'lab-port-conflict.exe demo'
check "step 7: the demo runs every scenario to its end and reaps every child" \
  test "$(grep -cE '^Scenario [1-6] — ' <<<"$out")" -eq 6 -a "$(grep -cE '^[0-9]+ checks: [0-9]+ ✓, [0-9]+ ✗ · [0-9]+ processes started, all reaped$' <<<"$out")" -eq 1
echo "  - the demo's ✗ under Wine are where Wine follows Linux (tests/windows/checks/60-port-conflict.sh names each)"

# Step 8: clean up.
stop ws4_d
stop ws4_a
wait_port_closed 7400 || true

# Try this at home.
wskip "powershell -Command \"\$l = New-Object Net.Sockets.TcpListener([Net.IPAddress]::Loopback, 7400); \$l.Start(); Read-Host 'listening on 7400, Enter to stop'\"" "Wine has no PowerShell"
wskip 'netstat -ano | findstr :7400' "Wine 8's findstr prints nothing, even for a line that matches"
wskip 'tasklist /FI "PID eq 1234"' "Wine's tasklist prints nothing"
wclassroom_steps 4-port-conflict
wsteps_match 4-port-conflict
