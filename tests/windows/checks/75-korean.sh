# Sourced by tests/windows/run.sh, which defines $wine, $win_bin, $linux_bin, $work and the helpers
# (check, run, start, stop, wait_for, port_of, contains). Every wait is bounded.
# Korean on a Korean Windows PC, as Wine 8 shows it: Wine takes the ANSI code page from the Unix
# locale (LC_ALL=ko_KR.EUC-KR gives code page 949, GetACP() 949, as on a Korean Windows) and the
# display language from LC_MESSAGES/LANG (GetUserDefaultUILanguage 0x0412). The locales are made
# here with localedef into the work folder (LOCPATH); nothing of the system changes.
# Also the Windows words of the programs' texts (--help, hints).

echo "== windows: Korean on a code page 949 PC (Wine with LC_ALL=ko_KR.EUC-KR)"
locales="$work/locales"
mkdir -p "$locales"
if localedef -i ko_KR -f EUC-KR "$locales/ko_KR.EUC-KR" 2>/dev/null &&
  localedef -i ko_KR -f UTF-8 "$locales/ko_KR.UTF-8" 2>/dev/null; then
  # Commands as words, not shell functions: run() starts them through timeout(1).
  cp949=(env LOCPATH="$locales" LC_ALL=ko_KR.EUC-KR)
  annyeong_949=$(printf '안녕' | iconv -t CP949)  # the bytes a Korean console passes: BE C8 B3 E7

  # A Linux receiver that prints each datagram's bytes in hex (a real socket, any free port,
  # at most 60 s).
  start_hex_receiver() {  # start_hex_receiver NAME
    start "$1" python3 -c '
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); s.settimeout(60)
print("port", s.getsockname()[1], flush=True)
while True:
    data, _ = s.recvfrom(2048); print("got", data.hex(), flush=True)'
  }
  start_hex_receiver korean_receiver
  kr_port=$(port_of korean_receiver "port [0-9]+")
  run '' "${cp949[@]}" "$wine" "$win_bin/lab-textbook-udp-sender.exe" 127.0.0.1 "$kr_port" "$annyeong_949"
  check "lab-textbook-udp-sender.exe 127.0.0.1 PORT 안녕 (typed in code page 949) sends UTF-8 안녕" \
    waits_for korean_receiver "^got ec9588eb8595$"
  check "  ... and says so in Korean, UTF-8 bytes to the pipe (the display language is Korean)" \
    grep -q "^보냄 6 바이트 → 127\.0\.0\.1:$kr_port$" <<<"$out"
  stop korean_receiver
  run '' "${cp949[@]}" "$wine" "$win_bin/lab-udp-sender.exe" --to "$annyeong_949.invalid:7000" --count 1
  check "lab-udp-sender.exe --to 안녕.invalid:7000 (code page 949): the name comes back intact" \
    test "$code" -ne 0 -a "$(grep -c "'안녕.invalid'" <<<"$err")" -eq 1
  run '' "${cp949[@]}" "$wine" "$win_bin/lab-ports.exe" http
  check "lab-ports.exe to a pipe on a Korean PC: Korean as UTF-8 bytes" \
    test "$code" -eq 0 -a "$(grep -c '웹' <<<"$out")" -ge 1
  check "  ... and no warning about the locale (a Windows console is written as UTF-16)" \
    test "$(grep -c 'is not UTF-8' <<<"$err")" -eq 0

  echo "== windows: Hangul typed into a code page 949 console"
  # A console, not a pipe: typed_console.py runs the program on a pseudo-terminal, where Wine
  # gives it a real console (ReadConsoleW, WriteConsoleW) and converts the keys typed as code
  # page 949 bytes, as a Korean PC's console does. It presses Enter, then Ctrl-C.
  typed() { python3 tests/windows/lib/typed_console.py cp949 "$@"; }
  start typed_echo_server "$linux_bin/lab-tcp-server" --port 0
  typed_tcp_port=$(port_of typed_echo_server "TCP 127\.0\.0\.1:[0-9]+")
  typed_out=$(typed 1 "안녕 TCP" -- "${cp949[@]}" "$wine" "$win_bin/lab-textbook-tcp-client.exe" 127.0.0.1 "$typed_tcp_port" 2>&1 || true)
  check "lab-textbook-tcp-client.exe: 안녕 TCP typed in the console comes back as 에코: 안녕 TCP" \
    grep -q "^에코: 안녕 TCP$" <<<"$typed_out"
  check "  ... with no warning about the locale on a console (Windows writes it as UTF-16)" \
    test "$(grep -c 'is not UTF-8' <<<"$typed_out")" -eq 0
  typed_out=$(typed 1 "안녕 TCP" -- "${cp949[@]}" "$wine" "$win_bin/lab-tcp-client.exe" --port "$typed_tcp_port" 2>&1 || true)
  check "lab-tcp-client.exe: the same typed line comes back intact (에코 (… ms): 안녕 TCP)" \
    grep -qE "^에코 \([0-9.]+ ms\): 안녕 TCP$" <<<"$typed_out"
  stop typed_echo_server
  start_hex_receiver typed_receiver
  typed_udp_port=$(port_of typed_receiver "port [0-9]+")
  typed 1 "안녕 UDP" -- "${cp949[@]}" "$wine" "$win_bin/lab-textbook-udp-sender.exe" 127.0.0.1 "$typed_udp_port" >/dev/null 2>&1 || true
  check "lab-textbook-udp-sender.exe: 안녕 UDP typed in the console leaves as UTF-8 (ec9588eb8595 20 554450)" \
    waits_for typed_receiver "^got ec9588eb859520554450$"
  typed 1 "안녕 lab" -- "${cp949[@]}" "$wine" "$win_bin/lab-udp-sender.exe" --to "127.0.0.1:$typed_udp_port" >/dev/null 2>&1 || true
  check "lab-udp-sender.exe: 안녕 lab typed in the console is the datagram, UTF-8 and its newline, as on Linux" \
    waits_for typed_receiver "^got ec9588eb8595206c61620a$"
  stop typed_receiver

  echo "== windows: the Windows display language decides when LANG and LC_* are unset"
  # cmd.exe clears LC_MESSAGES inside Windows: only Wine's display language (from the Unix
  # LC_MESSAGES) is left to say Korean.
  display_ko=(env -u LANG -u LC_ALL LOCPATH="$locales" LC_MESSAGES=ko_KR.UTF-8 "$wine" cmd /c)
  display_en=(env -u LANG -u LC_ALL -u LC_MESSAGES "$wine" cmd /c)
  netstat_exe=$(winepath -w "$win_bin/lab-netstat.exe" 2>/dev/null || echo "Z:${win_bin//\//\\}\\lab-netstat.exe")
  textbook_exe=$(winepath -w "$win_bin/lab-textbook-tcp-server.exe" 2>/dev/null || echo "Z:${win_bin//\//\\}\\lab-textbook-tcp-server.exe")
  run '' "${display_ko[@]}" "set LC_MESSAGES=& $netstat_exe -ano -p UDP"
  check "lab-netstat.exe on a Korean Windows (no LANG): Korean header (활성 연결)" \
    test "$(grep -c '^활성 연결$' <<<"$out")" -eq 1
  run '' "${display_ko[@]}" "set LC_MESSAGES=& $textbook_exe --help"
  check "lab-textbook-tcp-server.exe on a Korean Windows: Korean help, by the same rule" \
    grep -q '^사용법: ' <<<"$out"
  run '' "${display_en[@]}" "$netstat_exe -ano -p UDP"
  check "  ... and English on an English Windows" test "$(grep -c '^Active Connections$' <<<"$out")" -eq 1
else
  echo "  (not checked: localedef cannot make ko_KR here; the Korean code page checks need it)"
fi

echo "== windows: a Windows program speaks Windows"
run '' "$wine" "$win_bin/lab-netstat.exe" --help
check "lab-netstat.exe --help: no Linux-only option (--raw, --details, --source)" \
  test "$code" -eq 0 -a "$(grep -cE -- '--raw|--details|--source' <<<"$out")" -eq 0
run '' "$wine" "$win_bin/lab-netstat.exe" --lang ko --help
check "  ... in Korean with --lang ko, options included" \
  test "$(grep -c '이 프로세스의 소켓만' <<<"$out")" -eq 1
run '' "$wine" "$win_bin/lab-netstat.exe" -an --raw
check "lab-netstat.exe --raw: exit 2, one line saying it is Linux only" \
  test "$code" -eq 2 -a "$err" = "lab-netstat: error: --raw: Linux only (it reads /proc/net or netlink, which Windows does not have); on Windows the table comes from iphlpapi"
run '' "$wine" "$win_bin/lab-netstat.exe" -ano --pid 5000000
check "--pid takes a Windows PID above Linux's largest (4194304): 5000000, exit 0" test "$code" -eq 0
start kr_udp_holder "$wine" "$win_bin/lab-udp-receiver.exe" --port 0
kr_udp_port=$(port_of kr_udp_holder "lab-udp-receiver: PID [0-9]+ · UDP 127\.0\.0\.1:[0-9]+")
run '' "$wine" "$win_bin/lab-netstat.exe" -ano --json --port "$kr_udp_port"
check "--json: a UDP row's state_windows is null, as netstat prints no state for UDP" \
  test "$(python3 -c 'import json,sys; d=json.load(sys.stdin); r=[x for x in d["rows"] if x["protocol"]=="UDP"]; print(len(r), all(x["state_windows"] is None for x in r))' <<<"$out" 2>&1)" = "1 True"
stop kr_udp_holder
run '' "$wine" "$win_bin/lab-ports.exe" --help
check "lab-ports.exe --help names Windows' services file, not /etc/services" \
  test "$(grep -c 'System32\\drivers\\etc\\services' <<<"$out")" -ge 1 -a "$(grep -c '/etc/services' <<<"$out")" -eq 0
run '' "$wine" "$win_bin/lab-udp-sender.exe" --help
check "lab-udp-sender.exe --help: Ctrl-Z then Enter, or Ctrl-C, to stop; no Ctrl-D, no sendmmsg" \
  test "$(grep -c 'Ctrl-Z then Enter, or Ctrl-C, to stop' <<<"$out")" -eq 1 -a "$(grep -c 'Ctrl-D\|sendmmsg' <<<"$out")" -eq 0
run '' "$wine" "$win_bin/lab-udp-sender.exe" --lang ko --help
check "  ... in Korean: Ctrl-Z 다음 Enter" grep -q '끝내려면 Ctrl-Z 다음 Enter 또는 Ctrl-C' <<<"$out"
