# Sourced by tests/windows/run.sh, which defines $wine, $win_bin, $linux_bin, $work and the helpers
# (check, run, start, stop, wait_for, port_of, contains; wstep, wstep_bg, wstep_typed, wskip,
# wsteps_match from lib/worksheet_steps.sh). Every wait is bounded.
# Worksheet 1 (worksheets/{en,ko}/1-netstat.md): every command of its ```bat blocks, typed into
# Wine's cmd.exe as a student types it into a Command Prompt, and what the text promises.
# Wine 8 cannot show some of it: every socket's PID is 0 (so no program names), its tasklist
# hangs, its netstat lists connections only (no LISTENING rows, no PID column) and its findstr
# prints nothing (worksheet_steps.sh filters in its place); those checks say so by name and
# check the rest.

echo "== windows: worksheet 1 (reading netstat -ano), step by step in cmd.exe"
# The worksheet's own ports: run the suite in a private network namespace (netns-isolated).
ws1_ports_free=1
for ws1_port in 7100 7101; do
  if ss -Hltun "sport = :$ws1_port" | grep -q .; then
    fail "worksheet 1: port $ws1_port is in use here (run the suite under netns-isolated)"
    ws1_ports_free=0
  fi
done
# A row of Windows' layout: two spaces, Proto, Local, Foreign, State, PID (any: Wine's are 0).
ws1_row() { printf '^  %-7s%-23s%-23s%-16s[0-9]+$' "$@"; }
# Sends Ctrl-C (SIGINT: Wine hands it to the console control handler) and waits for the end.
ws1_ctrl_c() {  # ws1_ctrl_c NAME
  local pid_var="${1}_pid"
  kill -INT "${!pid_var}" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "${!pid_var}" 2>/dev/null || break; sleep 0.1; done
  stop "$1"
}

if [ "$ws1_ports_free" -eq 1 ]; then
  # Step 1: the server, its LISTENING row in lab-netstat and in Windows' own netstat.
  wstep_bg ws1_server 'lab-tcp-server --port 7100'
  check "step 1: the server announces its PID and address" \
    waits_for ws1_server 'PID [0-9]+ · TCP 127\.0\.0\.1:7100 LISTENING'
  wstep 'lab-netstat -ano --port 7100'
  check "step 1: lab-netstat shows one row, LISTENING on 127.0.0.1:7100, foreign 0.0.0.0:0" \
    test "$code" -eq 0 -a "$(grep -Ec "$(ws1_row TCP 127.0.0.1:7100 0.0.0.0:0 LISTENING)" <<<"$out")" -eq 1 \
    -a "$(grep -Ec '^  (TCP|UDP) ' <<<"$out")" -eq 1
  echo "  - not checked under Wine: the row's PID is the server's (Wine 8 reports PID 0 for every socket)"
  wstep 'netstat -ano | findstr :7100'
  echo "  - not checked under Wine: step 1: Windows' netstat piped to findstr: exit 0, only lines with :7100 (Wine 8's netstat differs from Windows')"
  echo "  - not checked under Wine: the LISTENING line with the server's PID (Wine 8's netstat lists no listening sockets and no PID column)"

  # Step 2: the same table in English, then in Korean: only the headers change.
  wstep 'lab-netstat -ano --lang en --port 7100'
  check "step 2: --lang en: English headers, the LISTENING row" \
    test "$(grep -c '^Active Connections$' <<<"$out")" -eq 1 -a \
    "$(grep -Ec "$(ws1_row TCP 127.0.0.1:7100 0.0.0.0:0 LISTENING)" <<<"$out")" -eq 1
  wstep 'lab-netstat -ano --lang ko --port 7100'
  check "step 2: --lang ko: Korean headers, the same row with its English state name" \
    test "$(grep -c '^활성 연결$' <<<"$out")" -eq 1 -a \
    "$(grep -Ec '^  TCP +127\.0\.0\.1:7100 +0\.0\.0\.0:0 +LISTENING +[0-9]+$' <<<"$out")" -eq 1

  # Step 3: a step-mode client waits for Enter; one connection, two ESTABLISHED rows.
  wstep_typed ws1_client 'lab-tcp-client --port 7100 --step'
  client_port=$(wait_for ws1_client '127\.0\.0\.1:[0-9]+ → 127\.0\.0\.1:7100' | grep -Eo ':[0-9]+ ' | tr -d ': ')
  check "step 3: the client is connected and waits at [1/4]" waits_for ws1_client '\[1/4\]'
  wstep 'lab-netstat -ano --port 7100'
  check "step 3: three rows: LISTENING, the server's ESTABLISHED row and the client's" \
    test "$(grep -Ec '^  TCP ' <<<"$out")" -eq 3 -a \
    "$(grep -Ec "$(ws1_row TCP 127.0.0.1:7100 "127.0.0.1:$client_port" ESTABLISHED)" <<<"$out")" -eq 1 -a \
    "$(grep -Ec "$(ws1_row TCP "127.0.0.1:$client_port" 127.0.0.1:7100 ESTABLISHED)" <<<"$out")" -eq 1

  # Step 4: from a PID to a program.
  wstep 'lab-netstat -anob --port 7100'
  check "step 4: -b writes a line under each of the three rows" \
    test "$code" -eq 0 -a "$(grep -Ec '^ (\[.*\]|Can not obtain ownership information)$' <<<"$out")" -eq 3
  echo "  - not checked under Wine: the line names lab-tcp-server.exe / lab-tcp-client.exe (Wine 8 gives no PIDs, so it says \"Can not obtain ownership information\")"
  wstep 'lab-netstat -ano --state ESTABLISHED --program lab-tcp-client'
  check "step 4: --state and --program are accepted (exit 0, the table's header)" \
    test "$code" -eq 0 -a "$(grep -c '^Active Connections$' <<<"$out")" -eq 1
  echo "  - not checked under Wine: --program finds the client's row (Wine 8 gives no PIDs, so no program names)"
  wskip 'tasklist /FI "PID eq 4312"' "Wine 8's tasklist hangs, and its PIDs are 0"

  # Step 5: UDP: foreign address *:*, no state.
  wstep_bg ws1_udp 'lab-udp-receiver --port 7101'
  check "step 5: the receiver announces its address" waits_for ws1_udp 'UDP 127\.0\.0\.1:7101'
  wstep 'lab-netstat -anop UDP --port 7101'
  check "step 5: one UDP row, foreign *:*, the state column empty" \
    test "$(grep -Ec '^  UDP +127\.0\.0\.1:7101 +\*:\* +[0-9]+$' <<<"$out")" -eq 1 -a \
    "$(grep -Ec '^  (TCP|UDP) ' <<<"$out")" -eq 1

  # Step 6: the ss layout (the real ss is Linux-only: the worksheet says so).
  wstep 'lab-netstat -ano --style ss --port 7100'
  check "step 6: the ss layout: one LISTEN row and two ESTAB rows" \
    test "$(grep -Ec '^  tcp +LISTEN ' <<<"$out")" -eq 1 -a "$(grep -Ec '^  tcp +ESTAB ' <<<"$out")" -eq 2

  # Step 7: --explain; Windows' ephemeral range is the dynamic range.
  wstep 'lab-netstat -ano --explain --port 7100'
  check "step 7: a note on what LISTENING means" grep -q -- '-> LISTENING: waiting for clients' <<<"$out"
  if [ "${client_port:-0}" -ge 49152 ]; then
    check "step 7: the client's port: dynamic range and this OS's ephemeral range" \
      grep -q -- "-> port $client_port: dynamic range (49152-65535) and this OS's ephemeral range (49152-65535)" <<<"$out"
  else
    check "step 7: the client's port $client_port is outside Windows' ephemeral range: no ephemeral note" \
      test "$(grep -c "ephemeral" <<<"$out")" -eq 0
    echo "  - not checked under Wine: the ephemeral note on the client's row (Wine's sockets are Linux's: port $client_port comes from Linux's range, not Windows' 49152-65535)"
  fi

  # Step 8: Enter four times, Ctrl-C in D and A; then only the client's TIME_WAIT is left.
  wtype ws1_client '\n\n\n\n'
  check "step 8: after four Enters the client closes and ends" waits_for ws1_client '\[4/4\]'
  for _ in $(seq 1 100); do kill -0 "$ws1_client_pid" 2>/dev/null || break; sleep 0.1; done
  wend_input ws1_client
  stop ws1_client
  ws1_ctrl_c ws1_udp
  check "step 8: Ctrl-C: the receiver's one-line summary" waits_for ws1_udp 'summary: 0 received'
  ws1_ctrl_c ws1_server
  check "step 8: Ctrl-C: the server's one-line summary" waits_for ws1_server '^lab-tcp-server: stopped · 1 client served'
  wait_port_closed 7100 || true
  wstep 'lab-netstat -ano --port 7100'
  check "step 8: one row is left, the client's TIME_WAIT; nothing listens or is connected" \
    test "$(grep -Ec "$(ws1_row TCP "127.0.0.1:$client_port" 127.0.0.1:7100 TIME_WAIT)" <<<"$out")" -eq 1 -a \
    "$(grep -Ec '^  TCP ' <<<"$out")" -eq 1

  # Try this at home: Windows' own netstat and its variations.
  # (Wine 8's netstat lists only connections, here the client's TIME_WAIT, and no PID column.)
  wstep 'netstat -ano'
  check "at home: netstat -ano: the table's header and the client's TIME_WAIT row" \
    test "$code" -eq 0 -a "$(grep -c '^  Proto  Local Address' <<<"$out")" -eq 1 -a \
    "$(grep -Ec "127\.0\.0\.1:$client_port +127\.0\.0\.1:7100 +TIME_WAIT" <<<"$out")" -eq 1
  wstep 'netstat -ano -p TCP'
  echo "  - not checked under Wine: at home: netstat -ano -p TCP: TCP rows only (Wine 8's netstat differs from Windows')"
  wstep 'netstat -ano -p TCPv6'
  echo "  - not checked under Wine: at home: netstat -ano -p TCPv6: no IPv4 rows (Wine 8's netstat differs from Windows')"
  echo "  - not checked under Wine: the PID column and the LISTENING rows of Windows' netstat (Wine 8's netstat prints neither)"
  wstep 'netstat -ano | findstr LISTENING'
  echo "  - not checked under Wine: at home: findstr LISTENING keeps only LISTENING lines (Wine 8's netstat differs from Windows')"
  wstep 'netstat -ano | findstr ESTABLISHED'
  echo "  - not checked under Wine: at home: findstr ESTABLISHED keeps only ESTABLISHED lines (Wine 8's netstat differs from Windows')"
  wskip 'tasklist /FI "PID eq 1234"' "Wine 8's tasklist hangs, and its PIDs are 0"

  wclassroom_steps 1-netstat

  wsteps_match 1-netstat
fi
