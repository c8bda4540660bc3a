# Sourced by tests/windows/run.sh, which defines $wine, $win_bin, $linux_bin, $work and the helpers
# (check, run, start, stop, wait_for, port_of, contains). Every wait is bounded.
# The textbook programs, and lab-netstat.exe and lab-ports.exe looking at them.

server_line='TCP 127\.0\.0\.1:[0-9]+'
echo "== windows: the textbook TCP echo pair, Wine server + Linux client"
start wine_server "$wine" "$win_bin/lab-textbook-tcp-server.exe" 0
port=$(port_of wine_server "lab-textbook-tcp-server: PID [0-9]+ · $server_line")
run 'hello\nsecond line\n한국어 줄\n' "$linux_bin/lab-textbook-tcp-client" 127.0.0.1 "$port"
check "the Linux client exits 0" test "$code" -eq 0
check "every line comes back (UTF-8 intact)" \
  contains "$out" $'echo: hello\necho: second line\necho: 한국어 줄'""
client_port=$(grep -Eo '127\.0\.0\.1:[0-9]+ →' <<<"$out" | grep -Eo '[0-9]+ ' | tr -d ' ')
check "the Wine server logs the client's address and port" waits_for wine_server "closed 127\.0\.0\.1:$client_port$"
# Wine's sockets are Linux sockets held by wineserver: the Linux lab-netstat sees the row.
check "lab-netstat (Linux) shows the Wine listener LISTENING at 127.0.0.1:$port" \
  grep -Eq "TCP +127\.0\.0\.1:$port +0\.0\.0\.0:0 +LISTENING" \
  <<<"$("$linux_bin/lab-netstat" -ano --port "$port")"

echo "== windows: lab-netstat.exe -ano shows the Wine server's rows in Windows' own layout"
# A Linux client that stays connected until its input (a FIFO held open here) closes.
mkfifo "$work/held.in"
"$linux_bin/lab-textbook-tcp-client" 127.0.0.1 "$port" <"$work/held.in" >"$work/held.out" 2>&1 &
started_pids+=($!)
exec 7>"$work/held.in"
held_port=$(port_of held "TCP 127\.0\.0\.1:[0-9]+")
# Two-space indent, then Proto, Local and Foreign Address and State 7, 23, 23 and 16 wide, then
# the PID. Wine 8 reports PID 0 for every socket (Wine 9.17+ and Windows give the real one).
row() { printf '  %-7s%-23s%-23s%-16s%s' "$@"; }
run '' "$wine" "$win_bin/lab-netstat.exe" -ano --port "$port"
check "lab-netstat.exe exits 0" test "$code" -eq 0
check "the header is Windows' own" \
  contains "$out" $'Active Connections\n\n  Proto  Local Address          Foreign Address        State           PID\n'
check "the LISTENING row" contains "$out" "$(row TCP "127.0.0.1:$port" 0.0.0.0:0 LISTENING 0)"
check "the server's ESTABLISHED row" \
  contains "$out" "$(row TCP "127.0.0.1:$port" "127.0.0.1:$held_port" ESTABLISHED 0)"
check "the client's ESTABLISHED row (a Linux socket: Wine lists those too)" \
  contains "$out" "$(row TCP "127.0.0.1:$held_port" "127.0.0.1:$port" ESTABLISHED 0)"
check "no other open rows (the first client's TIME_WAIT aside)" \
  test "$(grep -Ec '^  TCP .*(LISTENING|ESTABLISHED)' <<<"$out")" -eq 3
run '' "$wine" "$win_bin/lab-netstat.exe" -ano --port "$port" --lang ko
check "--lang ko: the Korean header" contains "$out" $'활성 연결\n\n  프로토콜  로컬 주소'
run '' "$wine" "$win_bin/lab-netstat.exe" -a --json --port "$port" --state listening
check "--json: one row, from iphlpapi, with the port and state" \
  json_true --argjson port "$port" '.source == "iphlpapi" and (.rows | length) == 1 and
    .rows[0].local_port == $port and .rows[0].state_windows == "LISTENING"' <<<"$out"
# -b: the executable on a line under each row, as Windows' netstat -b prints it. Wine 8 gives no
# PIDs, so every row says what Windows says for a row with no readable owner (Wine 9.17+ and
# Windows: " [lab-textbook-tcp-server.exe]"; the Linux suite checks the bracket form).
run '' "$wine" "$win_bin/lab-netstat.exe" -anob --port "$port"
under_listener=$(grep -A1 -F "$(row TCP "127.0.0.1:$port" 0.0.0.0:0 LISTENING 0)" <<<"$out" | tail -1)
check "lab-netstat.exe -anob: a line under the LISTENING row (Wine: no owner to name)" \
  test "$code" -eq 0 -a "$under_listener" = " Can not obtain ownership information"
check "  ... and under each of the 3 open rows" \
  test "$(grep -c '^ Can not obtain ownership information$' <<<"$out")" -ge 3
exec 7>&-
check "the held client ends when its input closes" waits_for wine_server "closed 127\.0\.0\.1:$held_port$"

# Watch mode (a trailing interval, as Windows netstat takes it) until Ctrl-C: Wine delivers
# SIGINT to the console control handler, and the program ends itself with its summary line.
start watch "$wine" "$win_bin/lab-netstat.exe" -ano -p TCP --port "$port" 1
check "watch mode prints a snapshot" waits_for watch "LISTENING"
kill -INT "$watch_pid"
watch_code=0
for _ in $(seq 1 100); do kill -0 "$watch_pid" 2>/dev/null || break; sleep 0.1; done
wait "$watch_pid" || watch_code=$?
check "Ctrl-C ends watch mode cleanly (exit 0, one summary line)" \
  test "$watch_code" -eq 0 -a "$(tr -d '\r' <"$work/watch.out" | grep -c '^lab-netstat: stopped after [0-9]* snapshots$')" -eq 1

echo "== windows: lab-ports.exe answers from the lesson's table"
run '' "$wine" "$win_bin/lab-ports.exe" 3306
check "lab-ports.exe 3306: MySQL, registered range" \
  test "$code" -eq 0 -a "$(grep -c '3306 is a registered port\|  3306  tcp       MySQL' <<<"$out")" -eq 2
run '' "$wine" "$win_bin/lab-ports.exe" http
check "lab-ports.exe http: 80/tcp" grep -q '^  80    tcp       HTTP' <<<"$out"
# The Windows services file (%SystemRoot%\System32\drivers\etc\services): Wine's prefix has one.
run '' "$wine" "$win_bin/lab-ports.exe" --json 22
check "lab-ports.exe reads the Windows services file" \
  json_true '.services_file.path == "C:\\windows\\System32\\drivers\\etc\\services"' <<<"$out"
# --ranges: the IANA table, then what netsh says. Wine 8's netsh prints nothing for
# `show dynamicport` and `show excludedportrange`, so here both are "could not be read", named
# with the command a student types on Windows (tests/unit parse netsh's documented layout).
run '' "$wine" "$win_bin/lab-ports.exe" --ranges
check "lab-ports.exe --ranges: the three IANA ranges" \
  test "$code" -eq 0 -a "$(grep -cE '^  (well-known +0 +1023|registered +1024 +49151|dynamic +49152 +65535) ' <<<"$out")" -eq 3
check "  ... the dynamic range from netsh (Wine: unreadable), not from /proc" \
  grep -qx "This OS's ephemeral range could not be read (netsh int ipv4 show dynamicport tcp)." <<<"$out"
check "  ... the excluded ranges from netsh (Wine: unreadable)" \
  grep -qx 'The excluded port ranges could not be read (netsh interface ipv4 show excludedportrange protocol=tcp).' <<<"$out"
check "  ... nothing Linux-only (no /proc, no 'Why Linux differs', no root rule)" \
  test "$(grep -c '/proc\|Why Linux differs\|CAP_NET_BIND_SERVICE' <<<"$out")" -eq 0
run '' "$wine" "$win_bin/lab-ports.exe" --ranges --json
check "lab-ports.exe --ranges --json: ephemeral and excluded null, with netsh as the source" \
  json_true '.ephemeral == null and .excluded == null and .unprivileged_port_start == null and
    .excluded_source == "netsh interface ipv4 show excludedportrange protocol=tcp"' <<<"$out"

echo "== windows: the same pair, Linux server + Wine client"
start linux_server "$linux_bin/lab-textbook-tcp-server" 0
linux_port=$(port_of linux_server "$server_line")
run 'ping\n안녕\n' "$wine" "$win_bin/lab-textbook-tcp-client.exe" 127.0.0.1 "$linux_port"
check "the Wine client exits 0" test "$code" -eq 0
check "the Wine client prints its connection line" \
  grep -Eq "^lab-textbook-tcp-client: PID [0-9]+ · TCP 127\.0\.0\.1:[0-9]+ → 127\.0\.0\.1:$linux_port ESTABLISHED$" <<<"$out"
check "the echo comes back to the Wine client" contains "$out" $'echo: ping\necho: 안녕'""
check "the Linux server logs the Wine client" waits_for linux_server "closed 127\.0\.0\.1:[0-9]+$"
stop linux_server

echo "== windows: the textbook UDP pair, both ways"
start wine_receiver "$wine" "$win_bin/lab-textbook-udp-receiver.exe" 0
udp_port=$(port_of wine_receiver "lab-textbook-udp-receiver: PID [0-9]+ · UDP 127\.0\.0\.1:[0-9]+")
run '' "$linux_bin/lab-textbook-udp-sender" 127.0.0.1 "$udp_port" hello there
check "the Linux sender sends two datagrams" test "$(grep -c '^sent 5 bytes' <<<"$out")" -eq 2
check "the Wine receiver prints each with its sender" \
  waits_for wine_receiver "5 bytes from 127\.0\.0\.1:[0-9]+: there$"
start linux_receiver "$linux_bin/lab-textbook-udp-receiver" 0
linux_udp_port=$(port_of linux_receiver "UDP 127\.0\.0\.1:[0-9]+")
run 'a typed line\n' "$wine" "$win_bin/lab-textbook-udp-sender.exe" localhost "$linux_udp_port"
check "the Wine sender exits 0 and says what it sent" \
  grep -q "^sent 12 bytes to localhost:$linux_udp_port$" <<<"$out"
check "the Linux receiver gets the typed line" \
  waits_for linux_receiver "12 bytes from 127\.0\.0\.1:[0-9]+: a typed line$"
stop linux_receiver

echo "== windows: errors under Winsock name the call and the WSA code"
run '' "$wine" "$win_bin/lab-textbook-tcp-server.exe" "$port"
check "a second bind on the Wine server's port: exit 1, WSAEADDRINUSE 10048" \
  test "$code" -eq 1 -a "${err%%:*}" = "lab-textbook-tcp-server"
check "  ... the line names bind and 10048" grep -q '^lab-textbook-tcp-server: error: bind: WSA error 10048' <<<"$err"
stop wine_server
wait_port_closed "$port"
run '' "$wine" "$win_bin/lab-textbook-tcp-client.exe" 127.0.0.1 "$port"
check "connect to the closed port: exit 1, WSAECONNREFUSED 10061" \
  grep -q '^lab-textbook-tcp-client: error: connect: WSA error 10061' <<<"$err"
run '' "$wine" "$win_bin/lab-textbook-udp-sender.exe" no-such-host.invalid 9 x
check "a name under .invalid: exit 1, getaddrinfo's WSA code" \
  test "$code" -eq 1 -a "$(grep -c '^lab-textbook-udp-sender: error: getaddrinfo: no-such-host.invalid: WSA error' <<<"$err")" -eq 1
run '' "$wine" "$win_bin/lab-textbook-tcp-client.exe" 127.0.0.1
check "a missing argument: exit 2, one usage line" \
  test "$code" -eq 2 -a "$err" = "lab-textbook-tcp-client: error: usage: lab-textbook-tcp-client HOST PORT"
run '' "$wine" "$win_bin/lab-textbook-udp-receiver.exe" --lang ko --help
check "--lang ko --help prints Korean as UTF-8 bytes" grep -q '^사용법: lab-textbook-udp-receiver' <<<"$out"
stop wine_receiver

