#!/usr/bin/env bash
# The room: a teacher's machine and three student PCs, each a network namespace with its own
# "eth0" on one virtual switch (a bridge in a namespace of its own), and the classroom steps of
# worksheets 1, 2, 4 and 7 run in it as the worksheets and the teacher's guide tell them:
#
#   teacher    10.77.0.1    lab-tcp-server / lab-multi-port --bind 0.0.0.0, lab-netstat (watch),
#                           lab-trace --interface eth0 --write, lab-badnet --interface eth0
#   student 1  10.77.0.11   the Linux lab-tcp-client; a server of its own for a neighbour
#   student 2  10.77.0.12   Windows: lab-tcp-client.exe and lab-udp-receiver.exe under Wine
#   student 3  10.77.0.13   a burst of 60 connections at once; the neighbour
#
#   tests/room/room_test.sh [LINUX_BUILD_DIR [WINDOWS_BUILD_DIR]]   (default build, build-windows)
#   tests/room/room_test.sh --clean [WINDOWS_BUILD_DIR]   removes what a killed run left behind
#                                          (namespaces slroom-PID-*, the room prefix's wineserver)
#
# The addresses exist only inside the namespaces this script creates: nothing is routed anywhere
# else, and nothing is added to the machine's own namespace. Every namespace is removed on every
# way out (the trap), and the end checks that none is left. Needs root (exit 77 = skipped
# without it). The Windows student needs Wine and the Windows build: without them that part is
# skipped by name and the test exits 77 (skipped) even when the rest passed. A failed check: 1.
set -uo pipefail
cd "$(dirname "$0")/../.."

prefix=slroom
if [ "${1:-}" = "--clean" ]; then
  # A namespace of a run whose script no longer runs (killed with SIGKILL).
  for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep -E "^$prefix-[0-9]+-"); do
    pid=${ns#"$prefix"-}; pid=${pid%%-*}
    if kill -0 "$pid" 2>/dev/null; then live_run=1; else ip netns del "$ns" && echo "removed namespace $ns"; fi
  done
  # The Windows student's wineserver keeps its namespace alive: stop the room prefix's server.
  room_prefix="$(realpath -m "${2:-build-windows}")/wineprefix-room"
  if [ -d "$room_prefix" ] && [ -z "${live_run:-}" ]; then
    WINEPREFIX=$room_prefix timeout 30 "$(command -v wineserver || echo /usr/lib/wine/wineserver)" -k 2>/dev/null &&
      echo "stopped the wineserver of $room_prefix"
  fi
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "room test: skipped: network namespaces need root"
  exit 77
fi

linux_bin="$(realpath "${1:-build}")/bin"
win_dir="$(realpath -m "${2:-build-windows}")"
win_bin="$win_dir/bin"
[ -x "$linux_bin/lab-tcp-server" ] || { echo "room test: error: no Linux build in $linux_bin" >&2; exit 1; }

run_id="$prefix-$$"
switch="$run_id-switch" teacher="$run_id-teacher"
student1="$run_id-student1" student2="$run_id-student2" student3="$run_id-student3"
our_namespaces=("$switch" "$teacher" "$student1" "$student2" "$student3")
teacher_ip=10.77.0.1
declare -A ip_of=([$student1]=10.77.0.11 [$student2]=10.77.0.12 [$student3]=10.77.0.13)

work=$(mktemp -d)
started_pids=()
wine=$(command -v wine64 || echo /usr/lib/wine/wine64)
wineserver=$(command -v wineserver || echo /usr/lib/wine/wineserver)
wine_ready=0
namespaces_before=$(ip netns list | awk '{print $1}' | sort)

remove_namespaces() {
  for ns in "${our_namespaces[@]}"; do ip netns del "$ns" 2>/dev/null || true; done
}
cleanup() {
  for pid in "${started_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${started_pids[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  [ "$wine_ready" -eq 1 ] && timeout 30 "$wineserver" -k 2>/dev/null  # only the room's prefix
  remove_namespaces
  # ROOM_KEEP=DIR keeps every program's output (the samples in the worksheets come from there).
  if [ -n "${ROOM_KEEP:-}" ]; then mkdir -p "$ROOM_KEEP" && cp "$work"/*.out "$ROOM_KEEP"/ 2>/dev/null; fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

passed=0 failed=0 skipped=0
pass() { echo "  ✓ $1"; passed=$((passed + 1)); }
fail() { echo "  ✗ $1" >&2; failed=$((failed + 1)); }
skip() { echo "  - skipped: $1"; skipped=$((skipped + 1)); }
check() {  # check DESCRIPTION COMMAND...
  local what=$1; shift
  if "$@"; then pass "$what"; else fail "$what"; fi
}
contains() { [[ "$1" == *"$2"* ]]; }

# on NS COMMAND...: a command on one machine of the room.
on() { local ns=$1; shift; ip netns exec "$ns" "$@"; }
# start NAME NS COMMAND...: in the background, output in $work/NAME.out, stdin from
# $work/NAME.in when that FIFO exists (the script holds it open: the program reads until it is
# closed), else /dev/null. The PID is remembered for cleanup and kept in NAME_pid.
start() {
  local name=$1 ns=$2; shift 2
  local input=/dev/null
  [ -p "$work/$name.in" ] && input="$work/$name.in"
  # (The typed-input descriptors 8-12 stay with the script: a child holding one open would keep
  # another program's input from ever ending.)
  ip netns exec "$ns" "$@" <"$input" >"$work/$name.out" 2>&1 8>&- 9>&- 10>&- 11>&- 12>&- &
  started_pids+=($!)
  eval "${name}_pid=$!"
}
# typed NAME FD: makes NAME's stdin a FIFO that the script writes to through descriptor FD.
typed() { mkfifo "$work/$1.in"; eval "exec $2<>\"\$work/$1.in\""; }
output() { tr -d '\r' <"$work/$1.out" 2>/dev/null; }
# Waits (at most 20 s) until NAME's output matches an extended regex; prints the first match.
wait_for() {  # wait_for NAME REGEX
  local deadline=$((SECONDS + 20))
  while [ $SECONDS -lt $deadline ]; do
    if output "$1" | grep -Eo "$2" | head -1 | grep .; then return 0; fi
    sleep 0.05
  done
  echo "    (waited 20 s for /$2/ in $1's output:)" >&2
  output "$1" | tail -5 | sed 's/^/    | /' >&2
  return 1
}
waits_for() { wait_for "$@" >/dev/null; }
# stop NAME [SIGNAL]: Ctrl-C (or SIGNAL), at most 15 s, then its exit code in $code.
stop() {
  local pid_var="${1}_pid"
  local pid=${!pid_var}
  kill "-${2:-INT}" "$pid" 2>/dev/null || true
  for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true  # still there: the caller's check fails, bounded
  code=0
  wait "$pid" 2>/dev/null || code=$?
}
# finished NAME [SECONDS]: waits for a program that ends by itself; its exit code in $code.
finished() {
  local pid_var="${1}_pid"
  local pid=${!pid_var}
  for _ in $(seq 1 $((${2:-30} * 10))); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  code=0
  wait "$pid" 2>/dev/null || code=$?
}
# run NS COMMAND...: to its end (at most 60 s): $out (no \r), $code.
run() {
  local ns=$1; shift
  code=0
  timeout 60 ip netns exec "$ns" "$@" </dev/null >"$work/run.out" 2>&1 8>&- 9>&- 10>&- 11>&- 12>&- ||
    code=$?
  out=$(tr -d '\r' <"$work/run.out")
}
# The teacher's socket table, rows of port P only, as the projector shows it.
netstat_rows() { on "$teacher" "$linux_bin/lab-netstat" -ano --port "$1"; }
# Waits (at most 20 s) until the teacher's table has at least N rows matching REGEX.
wait_rows() {  # wait_rows PORT N REGEX
  local deadline=$((SECONDS + 20))
  while [ $SECONDS -lt $deadline ]; do
    [ "$(netstat_rows "$1" | grep -cE "$3")" -ge "$2" ] && return 0
    sleep 0.1
  done
  return 1
}

echo "== the room: a switch, the teacher's machine and three students (namespaces $run_id-*)"
ip netns add "$switch"
on "$switch" ip link add slroom-br type bridge
on "$switch" ip link set slroom-br up
machine() {  # machine NS ADDRESS PORT_NAME: its eth0, cabled to the switch's port PORT_NAME
  ip netns add "$1"
  on "$switch" ip link add "$3" type veth peer name eth0 netns "$1"
  on "$switch" ip link set "$3" master slroom-br up
  on "$1" ip addr add "$2/24" dev eth0
  on "$1" ip link set eth0 up
  on "$1" ip link set lo up
}
machine "$teacher" "$teacher_ip" slroom-p-t
machine "$student1" "${ip_of[$student1]}" slroom-p-s1
machine "$student2" "${ip_of[$student2]}" slroom-p-s2
machine "$student3" "${ip_of[$student3]}" slroom-p-s3
room_up() {  # each machine's eth0 is up with its address on the switch
  for ns in "$teacher" "$student1" "$student2" "$student3"; do
    on "$ns" ip -br addr show eth0 | grep -q "UP.*10\.77\.0\." || return 1
  done
}
check "the room: teacher $teacher_ip, students 10.77.0.11, .12 and .13, one switch" room_up
check "nothing of the room is in this machine's own namespace" \
  test -z "$(ip -br link | grep slroom-)"

# The Windows student: Wine with its own prefix, whose wineserver runs inside student 2's
# namespace (Wine's sockets are the wineserver's: started anywhere else, student 2's programs
# would open their sockets outside the room).
if [ -x "$win_bin/lab-tcp-client.exe" ] && [ -x "$win_bin/lab-udp-receiver.exe" ] && [ -x "$wine" ]; then
  export WINEPREFIX="$win_dir/wineprefix-room" WINEDEBUG=-all
  mkdir -p "$WINEPREFIX"
  if timeout 30 "$wineserver" -k 2>/dev/null; then  # a killed run's server, of this prefix only
    sleep 1
  fi
  on "$student2" timeout 30 "$wineserver" -p </dev/null >/dev/null 2>&1 || true
  wine_ready=1
  timeout 180 ip netns exec "$student2" "$wine" wineboot </dev/null >/dev/null 2>&1 || true
else
  wine_ready=0
  why_no_wine="the Windows build ($win_bin/lab-tcp-client.exe, lab-udp-receiver.exe) or Wine is missing (cmake --preset windows && cmake --build --preset windows)"
fi
windows_student() {  # windows_student WHAT: true when the Wine part can run, else says it skips
  [ "$wine_ready" -eq 1 ] && return 0
  skip "$1 ($why_no_wine)"
  return 1
}

echo "== worksheet 1 in the classroom: one port, one PID, a row per student"
start server "$teacher" "$linux_bin/lab-tcp-server" --bind 0.0.0.0 --port 7000
check "the teacher's server listens on every address: TCP 0.0.0.0:7000 LISTENING" \
  waits_for server "lab-tcp-server: PID [0-9]+ · TCP 0\.0\.0\.0:7000 LISTENING"
server_pid_printed=$(wait_for server "PID [0-9]+" | grep -Eo '[0-9]+')
# The projector: lab-netstat's watch mode, every second.
start watch "$teacher" "$linux_bin/lab-netstat" -ano --port 7000 1
# Worksheet 2's projector view, started before anyone connects so it sees every handshake.
start trace "$teacher" "$linux_bin/lab-trace" --interface eth0 --port 7000 --write "$work/room.pcap" --no-diagram
check "lab-trace watches port 7000 on the teacher's eth0" waits_for trace "watching TCP/UDP port 7000 on eth0"

typed student1_client 8
start student1_client "$student1" "$linux_bin/lab-tcp-client" --to "$teacher_ip:7000"
check "student 1 (Linux) connects: 10.77.0.11:PORT → 10.77.0.1:7000 ESTABLISHED" \
  waits_for student1_client "TCP 10\.77\.0\.11:[0-9]+ → 10\.77\.0\.1:7000 ESTABLISHED"
student1_port=$(wait_for student1_client "TCP 10\.77\.0\.11:[0-9]+" | grep -Eo '[0-9]+$')
echo "hello from student 1" >&8
check "  ... types a line and gets it back from the teacher's machine" \
  waits_for student1_client "echo \([0-9.]+ ms\): hello from student 1"

if windows_student "student 2's lab-tcp-client.exe --to 10.77.0.1:7000"; then
  typed student2_client 9
  start student2_client "$student2" "$wine" "$win_bin/lab-tcp-client.exe" --to "$teacher_ip:7000"
  check "student 2 (Windows, lab-tcp-client.exe under Wine) connects from 10.77.0.12" \
    waits_for student2_client "TCP 10\.77\.0\.12:[0-9]+ → 10\.77\.0\.1:7000 ESTABLISHED"
  student2_port=$(wait_for student2_client "TCP 10\.77\.0\.12:[0-9]+" | grep -Eo '[0-9]+$')
  printf 'hello from student 2\r\n' >&9
  check "  ... and gets its line back" waits_for student2_client "echo \([0-9.]+ ms\): hello from student 2"
fi

students_connected=1
[ "$wine_ready" -eq 1 ] && students_connected=2
check "the projector (lab-netstat -ano --port 7000): one ESTABLISHED row per student" \
  wait_rows 7000 "$students_connected" "^  TCP    10\.77\.0\.1:7000 +10\.77\.0\.1[12]:[0-9]+ +ESTABLISHED"
table=$(netstat_rows 7000)
echo "$table" | sed 's/^/    | /'
check "  ... the LISTENING row 0.0.0.0:7000 with the server's PID" \
  grep -qE "^  TCP    0\.0\.0\.0:7000 +0\.0\.0\.0:0 +LISTENING +$server_pid_printed\$" <<<"$table"
check "  ... student 1's row: 10.77.0.1:7000 ← 10.77.0.11:$student1_port, the same PID" \
  grep -qE "^  TCP    10\.77\.0\.1:7000 +10\.77\.0\.11:$student1_port +ESTABLISHED +$server_pid_printed\$" <<<"$table"
if [ "$wine_ready" -eq 1 ]; then
  check "  ... student 2's row: 10.77.0.1:7000 ← 10.77.0.12:$student2_port, the same PID" \
    grep -qE "^  TCP    10\.77\.0\.1:7000 +10\.77\.0\.12:$student2_port +ESTABLISHED +$server_pid_printed\$" <<<"$table"
fi
check "the server logs each student's accept by address: accept #1 … ← 10.77.0.11:$student1_port" \
  waits_for server "accept #1 10\.77\.0\.1:7000 ← 10\.77\.0\.11:$student1_port "
check "the watch marks each arrival as new (+): student 1" \
  waits_for watch "^\+ +TCP +10\.77\.0\.1:7000 +10\.77\.0\.11:$student1_port +ESTABLISHED"
if [ "$wine_ready" -eq 1 ]; then
  check "  ... and student 2" waits_for watch "^\+ +TCP +10\.77\.0\.1:7000 +10\.77\.0\.12:$student2_port +ESTABLISHED"
fi

# Student 1 leaves (end of typed input: Ctrl-D on Linux).
exec 8>&-
finished student1_client 20
check "student 1 ends its input: the client exits 0" test "$code" -eq 0
check "  ... the server logs the close: the client closed first" \
  waits_for server "close  #1 10\.77\.0\.1:7000 ← 10\.77\.0\.11:$student1_port  client closed first"
check "  ... the watch marks the departure (-)" \
  waits_for watch "^- +TCP +10\.77\.0\.1:7000 +10\.77\.0\.11:$student1_port "
if [ "$wine_ready" -eq 1 ]; then
  exec 9>&-
  finished student2_client 20
  check "student 2 ends its input (Ctrl-Z, Enter on Windows; here the pipe closes): exit 0" test "$code" -eq 0
  check "  ... the watch marks that departure too" \
    waits_for watch "^- +TCP +10\.77\.0\.1:7000 +10\.77\.0\.12:$student2_port "
fi

echo "== the room holds a class: 60 connections at once from student 3"
start burst "$student3" "$linux_bin/lab-tcp-client" --to "$teacher_ip:7000" --connections 60 --duration 12
burst_rows() { grep -E "^  TCP    10\.77\.0\.1:7000 +10\.77\.0\.13:[0-9]+ +ESTABLISHED" <<<"$table"; }
check "the projector (lab-netstat -ano --port 7000) lists 60 ESTABLISHED rows from 10.77.0.13" \
  wait_rows 7000 60 "^  TCP    10\.77\.0\.1:7000 +10\.77\.0\.13:[0-9]+ +ESTABLISHED"
table=$(netstat_rows 7000)
check "  ... 60 different 4-tuples (one local port, 60 client ports)" \
  test "$(burst_rows | awk '{print $2, $3}' | sort -u | wc -l)" -eq 60
# The watch on the projector: each of the 60 arrives marked +, with the server's PID.
burst_in_watch() {
  local deadline=$((SECONDS + 20))
  while [ $SECONDS -lt $deadline ]; do
    [ "$(output watch | grep -E "^\+ +TCP +10\.77\.0\.1:7000 +10\.77\.0\.13:[0-9]+ +ESTABLISHED +$server_pid_printed\$" |
      awk '{print $4}' | sort -u | wc -l)" -ge 60 ] && return 0
    sleep 0.2
  done
  return 1
}
check "the watch marks 60 arrivals (+) from 10.77.0.13, one PID on all: the server's" burst_in_watch
finished burst 30
check "the burst's client: 60 of 60 connections echoing, no errors, exit 0" \
  bash -c "[ $code -eq 0 ] && grep -qE '^60 of 60 connections echoing' '$work/burst.out'"
accepts=$(output server | grep -E "accept #[0-9]+ 10\.77\.0\.1:7000 ← 10\.77\.0\.13:")
check "the server logged 60 accepts from student 3, none refused" \
  bash -c "[ $(wc -l <<<"$accepts") -eq 60 ] && ! grep -q 'told to try later' '$work/server.out'"
first=$(head -1 <<<"$accepts" | grep -Eo '^\[[0-9:.]+\]' | tr -d '[]')
last=$(tail -1 <<<"$accepts" | grep -Eo '^\[[0-9:.]+\]' | tr -d '[]')
seconds() { awk -F: '{print $1 * 3600 + $2 * 60 + $3}' <<<"$1"; }
check "  ... all 60 within 2 s (first $first, last $last)" \
  awk "BEGIN { exit !($(seconds "$last") - $(seconds "$first") <= 2) }"
check "  ... and 60 closes" \
  bash -c "for _ in \$(seq 1 100); do [ \$(grep -cE 'close  #[0-9]+ 10\.77\.0\.1:7000 ← 10\.77\.0\.13:' '$work/server.out') -eq 60 ] && exit 0; sleep 0.1; done; exit 1"

echo "== worksheet 2 in the classroom: every student's handshake on the projector (lab-trace)"
stop trace INT
check "lab-trace ends with Ctrl-C, exit 0" test "$code" -eq 0
trace_text=$(output trace)
traced_handshake() {  # traced_handshake ADDRESS: the student's SYN and the teacher's SYN+ACK
  grep -qE "client +${1//./\\.}:[0-9]+ .*──▶ SYN " <<<"$trace_text" &&
    grep -qE "server +10\.77\.0\.1:7000 .*──▶ SYN\+ACK" <<<"$trace_text"
}
for ns in "$student1" "$student2" "$student3"; do
  address=${ip_of[$ns]}
  [ "$ns" = "$student2" ] && ! windows_student "student 2's handshake in the trace" && continue
  check "the trace names $address's SYN, and the teacher's SYN+ACK" traced_handshake "$address"
done
check "lab-trace says where it saved the segments" \
  grep -qE "^lab-trace: saved [0-9]+ captured frames to $work/room.pcap \(it opens in Wireshark\)" <<<"$trace_text"
# The saved file, read as Wireshark would: each student's SYN, SYN+ACK, ACK and both FINs.
pcap_handshakes() {  # prints "ADDRESS FLAGS..." per student seen in the file
  python3 - "$work/room.pcap" <<'EOF'
import struct, sys
data = open(sys.argv[1], 'rb').read()
magic = struct.unpack('<I', data[:4])[0]
assert magic in (0xa1b2c3d4, 0xa1b23c4d), hex(magic)
link = struct.unpack('<I', data[20:24])[0]
offset, seen = 24, {}
while offset + 16 <= len(data):
    caplen = struct.unpack('<I', data[offset + 8:offset + 12])[0]
    frame = data[offset + 16:offset + 16 + caplen]
    offset += 16 + caplen
    if link != 1 or len(frame) < 54 or frame[12:14] != b'\x08\x00' or frame[23] != 6:
        continue
    ip = frame[14:]
    src, dst = '.'.join(map(str, ip[12:16])), '.'.join(map(str, ip[16:20]))
    tcp = ip[(ip[0] & 15) * 4:]
    flags = tcp[13]
    names = [n for bit, n in ((2, 'SYN'), (1, 'FIN'), (16, 'ACK')) if flags & bit]
    student, way = (src, 'from') if dst == '10.77.0.1' else (dst, 'to')
    seen.setdefault(student, set()).add(way + ':' + '+'.join(names))
for student, kinds in sorted(seen.items()):
    print(student, ' '.join(sorted(kinds)))
EOF
}
handshakes=$(pcap_handshakes 2>&1)
echo "$handshakes" | sed 's/^/    | /'
for ns in "$student1" "$student2" "$student3"; do
  address=${ip_of[$ns]}
  [ "$ns" = "$student2" ] && [ "$wine_ready" -ne 1 ] && continue
  line=$(grep "^$address " <<<"$handshakes")
  check "the pcap holds $address's SYN, SYN+ACK, ACK and both FINs" \
    bash -c 'for k in from:SYN to:SYN+ACK from:ACK from:FIN+ACK to:FIN+ACK; do [[ " $0 " == *" $k "* ]] || exit 1; done' "$line"
done

echo "== worksheet 4 in the classroom: one port, one process; find your neighbour's port"
run "$teacher" "$linux_bin/lab-tcp-server" --bind 0.0.0.0 --port 7000
check "a second server on the teacher's port 7000 fails, naming the holder (exit 1)" \
  bash -c "[ $code -eq 1 ] && grep -qE 'bind: port 7000/tcp on 0\.0\.0\.0 is already in use by PID $server_pid_printed \(lab-tcp-server\)' <<<\"\$0\"" "$out"
# Find your neighbour's port: student 1 and student 3 both hold 7450, each on their own PC.
start own_server "$student1" "$linux_bin/lab-tcp-server" --bind 0.0.0.0 --port 7450
check "student 1's own server: TCP 0.0.0.0:7450 LISTENING" waits_for own_server "TCP 0\.0\.0\.0:7450 LISTENING"
own_pid=$(wait_for own_server "PID [0-9]+" | grep -Eo '[0-9]+')
start neighbour_server "$student3" "$linux_bin/lab-tcp-server" --bind 0.0.0.0 --port 7450
check "student 3 holds port 7450 too, on its own PC: one port, one process per machine" \
  waits_for neighbour_server "TCP 0\.0\.0\.0:7450 LISTENING"
run "$student1" "$linux_bin/lab-ports" --live 7450
check "student 1 finds its port: lab-ports --live 7450 names its own server's PID $own_pid" \
  grep -qE "\b$own_pid\b" <<<"$out"
echo "$out" | sed 's/^/    | /'
run "$student3" "$linux_bin/lab-tcp-client" --to "${ip_of[$student1]}:7450" --count 1
check "the neighbour (student 3) reaches student 1's server: every byte matched" \
  grep -q "every byte matched ✓" <<<"$out"
check "  ... student 1's server logs the neighbour's address" \
  waits_for own_server "accept #1 10\.77\.0\.11:7450 ← 10\.77\.0\.13:"
stop neighbour_server INT
stop own_server INT
start multi "$teacher" "$linux_bin/lab-multi-port" --bind 0.0.0.0 --tcp 7011-7013
check "the teacher's lab-multi-port holds TCP 7011-7013 on 0.0.0.0 (one PID)" \
  waits_for multi "3 of 3 ports|holds 3"
multi_pid=$(wait_for multi "PID [0-9]+" | grep -Eo '[0-9]+')
typed multi1 10
start multi1 "$student1" "$linux_bin/lab-tcp-client" --to "$teacher_ip:7011"
printf 'which process?\n' >&10  # the answer comes back with the echo of a typed line
check "student 1 on port 7011 is told the PID and the port it reached" \
  waits_for multi1 "PID $multi_pid, port 7011/tcp"
if windows_student "student 2's lab-tcp-client.exe --to 10.77.0.1:7012"; then
  typed multi2 11
  start multi2 "$student2" "$wine" "$win_bin/lab-tcp-client.exe" --to "$teacher_ip:7012"
  printf 'which process?\r\n' >&11  # the answer comes back with the echo of a typed line
  check "student 2 (Windows) on port 7012: the same PID, port 7012" waits_for multi2 "PID $multi_pid, port 7012/tcp"
fi
typed multi3 12
start multi3 "$student3" "$linux_bin/lab-tcp-client" --to "$teacher_ip:7013"
printf 'which process?\n' >&12  # the answer comes back with the echo of a typed line
check "student 3 on port 7013: the same PID, port 7013" waits_for multi3 "PID $multi_pid, port 7013/tcp"
wanted_rows=2
[ "$wine_ready" -eq 1 ] && wanted_rows=3
multi_rows_ready() {  # the multi-port's PID on an ESTABLISHED row per student, at most 20 s
  local deadline=$((SECONDS + 20))
  while [ $SECONDS -lt $deadline ]; do
    [ "$(on "$teacher" "$linux_bin/lab-netstat" -ano --state ESTABLISHED |
      grep -cE "^  TCP    10\.77\.0\.1:701[123] +10\.77\.0\.1[123]:[0-9]+ +ESTABLISHED +$multi_pid\$")" -ge "$wanted_rows" ] &&
      return 0
    sleep 0.1
  done
  return 1
}
check "the projector: the same PID on the ESTABLISHED rows of ports 7011, 7012 and 7013" multi_rows_ready
exec 10>&- 12>&-
[ "$wine_ready" -eq 1 ] && exec 11>&-
stop multi INT
check "lab-multi-port ends with Ctrl-C, exit 0" test "$code" -eq 0
for name in multi1 multi2 multi3; do
  pid_var="${name}_pid"
  [ -n "${!pid_var:-}" ] && finished "$name" 20
done

echo "== worksheet 7 in the classroom: the teacher makes the link lossy (lab-badnet --interface)"
start badnet "$teacher" "$linux_bin/lab-badnet" --interface eth0 --port 7000,7001 --loss 10 --seed 1
check "lab-badnet: loss 10% on the teacher's eth0, ports 7000 and 7001" \
  waits_for badnet "tcp\+udp port 7000,7001 on eth0.*loss 10%.*Ctrl-C ends"
badnet_table_only_in_teacher() {
  on "$teacher" nft list tables | grep -q "socketlab_badnet_$badnet_pid\$" &&
    ! nft list tables 2>/dev/null | grep -q "socketlab_badnet_$badnet_pid\$"
}
check "  ... its nftables table is in the teacher's namespace, not in this machine's" \
  badnet_table_only_in_teacher
run "$student1" "$linux_bin/lab-tcp-client" --to "$teacher_ip:7000" --count 200 --size 1000
check "student 1 (Linux): every byte matched over the lossy link" grep -q "every byte matched ✓" <<<"$out"
retransmitted=$(grep -Eo 'TCP_INFO: [0-9]+ retransmitted segments' <<<"$out" | grep -Eo '[0-9]+')
check "  ... and its summary shows the retransmissions (TCP_INFO: ${retransmitted:-?} retransmitted segments)" \
  test "${retransmitted:-0}" -gt 0
if windows_student "student 2's lab-tcp-client.exe --count 200 --size 1000 and lab-udp-receiver.exe"; then
  run "$student2" "$wine" "$win_bin/lab-tcp-client.exe" --to "$teacher_ip:7000" --count 200 --size 1000
  check "student 2 (Windows): every byte matched over the lossy link" grep -q "every byte matched ✓" <<<"$out"
  # Wine 8 has no SIO_TCP_INFO: the summary says it has no figures instead of printing zeros.
  # (On Windows 10 1703+ the line counts the bytes retransmitted; netstat -s counts segments.)
  check "  ... its TCP_INFO line says Wine gives no figures (no SIO_TCP_INFO in Wine 8)" \
    grep -qE "TCP_INFO: (not available here|[0-9]+ bytes retransmitted)" <<<"$out"
  start receiver "$student2" "$wine" "$win_bin/lab-udp-receiver.exe" --bind 0.0.0.0 --port 7001 --quiet --timeout 3
  check "student 2's lab-udp-receiver.exe listens on UDP 0.0.0.0:7001" waits_for receiver "UDP 0\.0\.0\.0:7001"
  run "$teacher" "$linux_bin/lab-udp-sender" --to "${ip_of[$student2]}:7001" --count 1000 --rate 2000
  check "the teacher sends 1000 datagrams to 10.77.0.12:7001" grep -q "sent 1000 datagrams" <<<"$out"
  finished receiver 30
  summary=$(output receiver | grep "summary:")
  echo "    | $summary"
  # The headline's figures: the summary names each again ("= 894 received + 106 lost").
  received=$(grep -Eo '[0-9]+ received' <<<"$summary" | head -1 | grep -Eo '[0-9]+')
  lost=$(grep -Eo '[0-9]+ lost' <<<"$summary" | head -1 | grep -Eo '[0-9]+')
  check "  ... lab-udp-receiver.exe counts the losses: ${lost:-?} lost, ${received:-?} received, 1000 together" \
    test "${lost:-0}" -gt 0 -a $((${received:-0} + ${lost:-0})) -eq 1000
fi
stop badnet INT
check "lab-badnet ends with Ctrl-C and removes its table" \
  bash -c "[ $code -eq 0 ] && grep -qE 'table inet socketlab_badnet_[0-9]+ removed' '$work/badnet.out'"
check "  ... the teacher's namespace has no nftables table left" \
  test -z "$(on "$teacher" nft list tables)"

echo "== the class ends"
stop watch INT
stop server INT
check "the teacher's server stops with its summary (exit 0)" \
  bash -c "[ $code -eq 0 ] && grep -qE '^lab-tcp-server: stopped · [0-9]+ clients served, 0 refused' '$work/server.out'"
# Everything of ours ends, then the room is taken down and checked.
cleanup_room() {
  for pid in "${started_pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  started_pids=()
  if [ "$wine_ready" -eq 1 ]; then timeout 30 "$wineserver" -k 2>/dev/null; wine_ready=0; fi
  remove_namespaces
}
cleanup_room
left=$(ip netns list | awk '{print $1}' | grep -E "^$run_id-" || true)
check "no namespace of this run is left" test -z "$left"
check "no bridge, veth or nft table of the room in this machine's namespace" \
  bash -c "! ip -br link | grep -q slroom- && ! nft list tables 2>/dev/null | grep -q 'socketlab_badnet_$badnet_pid\$'"
gone=$(comm -23 <(echo "$namespaces_before") <(ip netns list | awk '{print $1}' | sort) | grep . || true)
check "every namespace that was there before is still there (none of anyone else's touched)" test -z "$gone"

echo "room test: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -gt 0 ] && exit 1
[ "$skipped" -gt 0 ] && exit 77
exit 0
