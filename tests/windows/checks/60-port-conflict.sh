# Sourced by tests/windows/run.sh, which defines $wine, $win_bin, $linux_bin, $work and the helpers
# (check, run, start, stop, wait_for, port_of, contains). Every wait is bounded.
# lab-port-conflict.exe: Winsock's bind rules for real, as far as Wine 8 follows them. Where Wine
# differs from Windows (tests/windows/README.md's table) the check asserts what Wine gives and
# says what Windows gives (Microsoft's table of every first/second bind pair, "Sharing Transport
# Addresses" in the Winsock Kernel docs).

pc="$win_bin/lab-port-conflict.exe"
# Fields of a JSON document on stdin, one per line, by python3 (exit 1 if it does not parse).
json_fields() { python3 -c 'import json,sys; d=json.load(sys.stdin); print("\n".join(str(eval(e, {"d": d})) for e in sys.argv[1:]))' "$@"; }

echo "== windows: lab-port-conflict.exe try against a port another Wine process holds"
start pc_holder "$wine" "$pc" hold --tcp --port 0
pc_port=$(port_of pc_holder "lab-port-conflict: PID [0-9]+ · TCP 127\.0\.0\.1:[0-9]+")
check "hold prints its PID, the port and the Windows options (SO_EXCLUSIVEADDRUSE, no SO_REUSEPORT)" \
  waits_for pc_holder "^  SO_REUSEADDR off, SO_EXCLUSIVEADDRUSE off · now try: lab-port-conflict try --tcp --port $pc_port$"
run '' "$wine" "$pc" try --port "$pc_port"
check "a second bind: exit 1, one line naming bind and WSAEADDRINUSE 10048" \
  test "$code" -eq 1 -a "$(wc -l <<<"$err")" -eq 1 -a -z "$out"
check "  ... the line: bind, the port, what was set, both systems' error names" \
  grep -Eq "^lab-port-conflict: error: bind: 127\.0\.0\.1:$pc_port/tcp \(SO_REUSEADDR off, SO_EXCLUSIVEADDRUSE off\): port $pc_port/tcp on 127\.0\.0\.1 is already in use .*\[WSAEADDRINUSE 10048; Linux: EADDRINUSE 98\]$" <<<"$err"
# Wine 8 gives PID 0 for every TCP row (Windows gives the holder's PID, and the line names it).
check "  ... Wine: the holder's PID is not in the socket table (PID 0), and the line says so" \
  contains "$err" "by a socket whose process the socket table does not name (PID 0)"
run '' "$wine" "$pc" try --port "$pc_port" --json
check "try --json: ok false, errno 10048, WSAEADDRINUSE, step bind, both systems' names" \
  test "$(json_fields 'd["ok"]' 'd["errno"]' 'd["error"]' 'd["step"]' 'd["windows_error"]' 'd["linux_error"]' 'd["port"]' 'd["exclusive_address"]' <<<"$out" | tr '\n' ' ')" \
  = "False 10048 WSAEADDRINUSE bind WSAEADDRINUSE 10048 EADDRINUSE 98 $pc_port False "
run '' "$linux_bin/lab-port-conflict" try --port "$pc_port"
check "the Linux try sees the Wine listener too (EADDRINUSE 98; its Linux owner is wineserver)" \
  grep -Eq "already in use by PID [0-9]+ \(wineserver(64)?\) \[EADDRINUSE 98; Windows: WSAEADDRINUSE 10048\]$" <<<"$err"
# SO_REUSEADDR on the second socket only: Microsoft's table gives DENIED (WSAEACCES 10013), since
# Windows Server 2003 the first socket must allow sharing; Wine 8 gives the same. The line says
# why, naming both options.
run '' "$wine" "$pc" try --port "$pc_port" --reuse-address
check "SO_REUSEADDR on the second socket only: WSAEACCES 10013, as on Windows" \
  test "$code" -eq 1 -a "$(grep -c 'that socket does not share it (WSAEACCES: since Windows Server 2003 two sockets share an address:port only when both set SO_REUSEADDR before bind; the holder did not, or it set SO_EXCLUSIVEADDRUSE).*\[WSAEACCES 10013; Linux: EACCES 13\]$' <<<"$err")" -eq 1
run '' "$wine" "$pc" --lang ko try --port "$pc_port" --reuse-address
check "  ... in Korean with --lang ko" contains "$err" "둘 다 bind 전에 SO_REUSEADDR를 켜야 합니다"
run '' "$wine" "$pc" try --udp --port "$pc_port"
check "UDP on the TCP holder's number: another port, bound" \
  grep -Eq "^lab-port-conflict: PID [0-9]+ · bind 127\.0\.0\.1:$pc_port/udp .* → OK: the port was free$" <<<"$out"
run '' "$wine" "$pc" try --port 0
check "a free port: exit 0, the port was free" \
  grep -Eq "^lab-port-conflict: PID [0-9]+ · bind 127\.0\.0\.1:[0-9]+/tcp \(SO_REUSEADDR off, SO_EXCLUSIVEADDRUSE off\) → OK: the port was free$" <<<"$out"
stop pc_holder

echo "== windows: the hijack, both sockets with SO_REUSEADDR"
# Microsoft's table: SUCCESS (the port is shared; which socket gets a connection is undefined).
# Wine 8 refuses it with WSAEACCES 10013: it maps SO_REUSEADDR onto Linux's, which never binds a
# second socket beside a listening one (measured here; tests/windows/README.md's table).
start pc_sharing "$wine" "$pc" hold --port 0 --reuse-address
sh_port=$(port_of pc_sharing "lab-port-conflict: PID [0-9]+ · TCP 127\.0\.0\.1:[0-9]+")
check "hold --reuse-address sets SO_REUSEADDR on the first socket" waits_for pc_sharing "SO_REUSEADDR on, SO_EXCLUSIVEADDRUSE off"
run '' "$wine" "$pc" try --port "$sh_port" --reuse-address
check "  ... a second SO_REUSEADDR socket: Wine 8 gives WSAEACCES 10013 (Windows: bound, the hijack)" \
  test "$code" -eq 1 -a "$(grep -c '\[WSAEACCES 10013; Linux: EACCES 13\]$' <<<"$err")" -eq 1
stop pc_sharing

echo "== windows: SO_EXCLUSIVEADDRUSE, and no SO_REUSEPORT"
start pc_exclusive "$wine" "$pc" hold --port 0 --exclusive
ex_port=$(port_of pc_exclusive "lab-port-conflict: PID [0-9]+ · TCP 127\.0\.0\.1:[0-9]+")
check "hold --exclusive sets SO_EXCLUSIVEADDRUSE" waits_for pc_exclusive "SO_REUSEADDR off, SO_EXCLUSIVEADDRUSE on"
run '' "$wine" "$pc" try --port "$ex_port" --reuse-address
check "SO_REUSEADDR against SO_EXCLUSIVEADDRUSE: refused, WSAEACCES 10013" \
  test "$code" -eq 1 -a "$(grep -c '\[WSAEACCES 10013; Linux: EACCES 13\]$' <<<"$err")" -eq 1
stop pc_exclusive
run '' "$wine" "$pc" try --port 0 --reuse-port
check "--reuse-port: exit 2, one line saying Windows has no SO_REUSEPORT" \
  test "$code" -eq 2 -a "$err" = "lab-port-conflict: error: --reuse-port: Windows has no SO_REUSEPORT (Linux and BSD have it): here two sockets share a port only through SO_REUSEADDR (demo scenario 1), and Windows does not spread connections among them"
run '' "$wine" "$pc" --help
check "--help: no --reuse-port example on Windows; the hijack's and the refusal's examples instead" \
  test "$(grep -c -- '--reuse-port   #' <<<"$out")" -eq 0 -a "$(grep -c 'try --tcp --port 7000 --reuse-address   # over a plain hold: WSAEACCES 10013$' <<<"$out")" -eq 1 -a \
  "$(grep -c 'hold --tcp --port 7001 --reuse-address  # two of these share the port (the hijack)$' <<<"$out")" -eq 1
run '' "$wine" "$pc" --lang ko hold --reuse-port
check "  ... in Korean with --lang ko" grep -q '^lab-port-conflict: error: --reuse-port: Windows에는 SO_REUSEPORT가 없습니다' <<<"$err"

echo "== windows: lab-port-conflict.exe demo, every scenario with its Windows outcome"
# Its children are this same .exe (CreateProcessW); the whole demo takes ~5 s under Wine.
run '' "$wine" "$pc" demo
demo_out=$out
# Wine differs from Windows in three checks (README table): no PID for a TCP holder, the hijack
# (both sockets with SO_REUSEADDR) refused with WSAEACCES, and 0.0.0.0 refused beside 127.0.0.1
# (Linux's rule).
check "the demo runs to its end: 15 checks, 12 ✓ and the 3 Wine differences ✗, every child reaped" \
  test "$code" -eq 1 -a "$(grep -c '^15 checks: 12 ✓, 3 ✗ · 22 processes started, all reaped$' <<<"$demo_out")" -eq 1
check "  ... six scenarios, scenario 6 is Windows' own (no SO_REUSEPORT)" \
  test "$(grep -c '^Scenario [1-6] — ' <<<"$demo_out")" -eq 6 -a "$(grep -c '^Scenario 6 — SO_REUSEPORT: not on Windows$' <<<"$demo_out")" -eq 1
expect_line() { grep -qxF -- "$1" <<<"$demo_out"; }
check "  1: a second plain bind → WSAEADDRINUSE (Wine: holder not named)" \
  expect_line "    observed  WSAEADDRINUSE, holder not named  ✗"
check "  1: SO_REUSEADDR on the second socket only is refused with WSAEACCES (Windows and Wine)" \
  test "$(grep -A3 -F '    · second with SO_REUSEADDR, first without' <<<"$demo_out" | tr '\n' '|')" = \
  "    · second with SO_REUSEADDR, first without|    expected  WSAEACCES (the first socket did not allow sharing)|    observed  WSAEACCES  ✓|    elsewhere Linux: EADDRINUSE (SO_REUSEADDR never takes a listening port there)|"
check "  1: the hijack (hold --reuse-address first) is expected to bind; Wine gives WSAEACCES" \
  test "$(grep -A2 -F '    · both with SO_REUSEADDR (the hijack)' <<<"$demo_out" | tr '\n' '|')" = \
  "    · both with SO_REUSEADDR (the hijack)|    expected  bound (the first allowed sharing: the port is now shared)|    observed  WSAEACCES  ✗|"
check "  1: the first holder of the hijack set SO_REUSEADDR" \
  grep -Eq '^  PID [0-9]+ holds 127\.0\.0\.1:[0-9]+/tcp \(SO_REUSEADDR on, SO_EXCLUSIVEADDRUSE off\)$' <<<"$demo_out"
check "  1: SO_EXCLUSIVEADDRUSE on the first refuses SO_REUSEADDR on the second" \
  test "$(grep -A2 -F '    · first with SO_EXCLUSIVEADDRUSE, second with SO_REUSEADDR' <<<"$demo_out" | tail -1)" = "    observed  WSAEACCES  ✓"
check "  1: the excluded port ranges (Wine's netsh prints none: could not be read)" \
  expect_line "    observed  the ranges could not be read (netsh interface ipv4 show excludedportrange protocol=tcp)  ✓"
check "  1: the narration says the first must allow sharing, what happens to the traffic, and names netsh" \
  grep -q "unless the first socket set SO_REUSEADDR as well: since Windows Server 2003.*which of the two gets a new connection is undefined.*netsh interface ipv4 show excludedportrange protocol=tcp" <<<"$demo_out"
check "  2: UDP on the TCP holder's number → bound" \
  test "$(grep -A2 -F "    · UDP on the TCP holder's number" <<<"$demo_out" | tail -1)" = "    observed  bound  ✓"
check "  3: 0.0.0.0 beside 127.0.0.1 is expected to bind on Windows; Wine follows Linux" \
  test "$(grep -A3 -F '    · 0.0.0.0 on the same port' <<<"$demo_out" | tr '\n' '|')" = \
  "    · 0.0.0.0 on the same port|    expected  bound (wildcard beside a specific address)|    observed  WSAEADDRINUSE  ✗|    elsewhere Linux: EADDRINUSE (0.0.0.0 includes 127.0.0.1)|"
check "  4: a second UDP bind → WSAEADDRINUSE naming the holder (Wine names a UDP holder)" \
  test "$(grep -A2 -F '    · second UDP bind, no options' <<<"$demo_out" | grep -cE '^    observed  WSAEADDRINUSE, holder PID [0-9]+  ✓$')" -eq 1
check "  5: a restart without SO_REUSEADDR binds over TIME_WAIT (Windows' rule, and Wine's)" \
  test "$(grep -A2 -F '    · restart without SO_REUSEADDR' <<<"$demo_out" | tr '\n' '|')" = \
  "    · restart without SO_REUSEADDR|    expected  bound (Windows: TIME_WAIT does not block a new listener)|    observed  bound  ✓|"
check "  6: SO_REUSEPORT refused by a real child, exit 2, its line shown" \
  test "$(grep -c '^      → lab-port-conflict: error: --reuse-port: Windows has no SO_REUSEPORT' <<<"$demo_out")" -eq 1 -a \
  "$(grep -A2 -F '    · a socket asks for SO_REUSEPORT' <<<"$demo_out" | tail -1)" = "    observed  refused (exit 2)  ✓"

run '' "$wine" "$pc" demo --json
check "demo --json parses: os windows, 6 scenarios, 15 checks, 3 failed, every child reaped" \
  test "$(json_fields 'd["os"]' 'len(d["scenarios"])' 'd["passed"]+d["failed"]' 'd["failed"]' 'd["processes_started"]==d["processes_reaped"]==22' 'd["interrupted"]' <<<"$out" | tr '\n' ' ')" = "windows 6 15 3 True False "
check "  ... the failed checks are Wine's three differences" \
  test "$(json_fields '"|".join(c["what"] for s in d["scenarios"] for c in s["checks"] if not c["pass"])' <<<"$out")" = \
  "second bind, no options|both with SO_REUSEADDR (the hijack)|0.0.0.0 on the same port"
check "  ... a check carries the Linux outcome as elsewhere" \
  test "$(json_fields '[c["elsewhere"] for c in d["scenarios"][2]["checks"]][0]' <<<"$out")" = "Linux: EADDRINUSE (0.0.0.0 includes 127.0.0.1)"

run '' "$wine" "$pc" --lang ko demo --scenario 6
check "demo --lang ko: Korean narration" \
  test "$(grep -c '^시나리오 6 — SO_REUSEPORT: Windows에는 없음$\|^확인 1개: ✓ 1개, ✗ 0개 · 프로세스 1개 시작, 모두 거둠$' <<<"$out")" -eq 2

# Ctrl-C in the middle: the demo ends its children (TerminateProcess, by their handles) and
# says so; they are in a kill-on-close job besides.
start pc_demo "$wine" "$pc" demo --scenario 1 --pause 30
check "demo --pause holds its processes for a look" waits_for pc_demo "… 30 s to look"
kill -INT "$pc_demo_pid"
pc_demo_code=0
for _ in $(seq 1 100); do kill -0 "$pc_demo_pid" 2>/dev/null || break; sleep 0.1; done
wait "$pc_demo_pid" || pc_demo_code=$?
check "Ctrl-C ends the demo cleanly (exit 0), every child it started stopped and reaped" \
  test "$pc_demo_code" -eq 0 -a "$(tr -d '\r' <"$work/pc_demo.out" | grep -cE '^lab-port-conflict: interrupted; ([0-9]+) of the \1 processes it started are stopped and reaped$')" -eq 1
