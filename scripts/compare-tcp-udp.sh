#!/usr/bin/env bash
# The same workload over TCP and over UDP: N small messages to a slow receiver.
#   TCP: lab-tcp-client --count N --size B  →  lab-tcp-server --read-delay MS (waits before each read)
#   UDP: lab-udp-sender --count N --size B --rate max  →  lab-udp-receiver --slow MS (after each datagram)
# One table: delivered, lost, reordered, reads the receiver needed, time.
#   scripts/compare-tcp-udp.sh [--count 1000] [--size 64] [--slow 1] [--lang ko|en]
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
bin=${LAB_BIN_DIR:-$root/build/bin}  # LAB_BIN_DIR: another build (the tests point it at theirs)
count=1000 size=64 slow=1
# Language: --lang, else LC_ALL / LC_MESSAGES / LANG, as the programs choose it.
lang=en
case "${LC_ALL:-${LC_MESSAGES:-${LANG:-}}}" in ko*) lang=ko ;; esac
while [ $# -gt 0 ]; do
  case "$1" in
    --lang) lang=${2:-}; shift 2
      [ "$lang" = ko ] || [ "$lang" = en ] ||
        { echo "compare-tcp-udp.sh: error: --lang takes ko or en" >&2; exit 2; } ;;
    --count) count=$2; shift 2 ;;
    --size) size=$2; shift 2 ;;
    --slow) slow=$2; shift 2 ;;
    -h|--help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "compare-tcp-udp.sh: error: unknown option '$1'" >&2; exit 2 ;;
  esac
done
for n in "$count" "$size" "$slow"; do
  [[ $n =~ ^[0-9]+$ ]] || { echo "compare-tcp-udp.sh: error: '$n' is not a whole number" >&2; exit 2; }
done
[ "$size" -ge 32 ] && [ "$size" -le 65507 ] ||
  { echo "compare-tcp-udp.sh: error: --size must be 32-65507 (the lab header is 32 bytes; 65,507 is the IPv4 UDP limit)" >&2; exit 2; }
[ -x "$bin/lab-udp-sender" ] && [ -x "$bin/lab-tcp-client" ] || "$root/scripts/setup.sh" >/dev/null

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -f "${tcp_log:-}" "${udp_log:-}"
}
trap cleanup EXIT INT TERM

# json_field JSON KEY: the value after "KEY": in a one-line JSON document.
json_field() { sed -nE "s/.*\"$2\":([-0-9.e+]+|true|false).*/\1/p" <<<"$1" | head -1; }
# wait_for_local LOG: the port a program announced in its JSON "listening" line (5 s at most).
wait_for_local() {
  for _ in $(seq 50); do
    grep -q '"local"' "$1" 2>/dev/null && break
    sleep 0.1
  done
  sed -nE 's/.*"local":"127\.0\.0\.1:([0-9]+)".*/\1/p' "$1" | head -1
}

# --- TCP ------------------------------------------------------------------------------------
tcp_log=$(mktemp)
timeout 120 "$bin/lab-tcp-server" --port 0 --json --quiet --read-delay "$slow" >"$tcp_log" &
tcp_server=$!
pids+=("$tcp_server")
tcp_port=$(wait_for_local "$tcp_log")
[ -n "$tcp_port" ] || { echo "compare-tcp-udp.sh: error: lab-tcp-server did not start" >&2; exit 1; }
tcp_client=$(timeout 120 "$bin/lab-tcp-client" --port "$tcp_port" --count "$count" --size "$size" --json)
kill -INT "$tcp_server"
wait "$tcp_server" 2>/dev/null || true
tcp_summary=$(grep '"event":"summary"' "$tcp_log" || true)
tcp_bytes=$(json_field "$tcp_client" bytes_received)
tcp_delivered=$((tcp_bytes / size))
tcp_lost=$((count - tcp_delivered))
tcp_verified=$(json_field "$tcp_client" verified)
tcp_reordered=$([ "$tcp_verified" = true ] && echo 0 || echo "?")
tcp_reads=$(json_field "$tcp_summary" reads)
tcp_time=$(json_field "$tcp_client" seconds)

# --- UDP ------------------------------------------------------------------------------------
udp_log=$(mktemp)
timeout 120 "$bin/lab-udp-receiver" --port 0 --json --quiet --slow "$slow" --timeout 1 >"$udp_log" &
udp_receiver=$!
pids+=("$udp_receiver")
udp_port=$(wait_for_local "$udp_log")
[ -n "$udp_port" ] || { echo "compare-tcp-udp.sh: error: lab-udp-receiver did not start" >&2; exit 1; }
timeout 120 "$bin/lab-udp-sender" --to "127.0.0.1:$udp_port" --count "$count" --size "$size" \
  --rate max --json >/dev/null
wait "$udp_receiver" 2>/dev/null || true
udp_summary=$(grep '"event":"summary"' "$udp_log")
udp_delivered=$(json_field "$udp_summary" received)
udp_lost=$(($(json_field "$udp_summary" lost) + $(json_field "$udp_summary" missing_at_end)))
udp_reordered=$(json_field "$udp_summary" reordered)
udp_reads=$(json_field "$udp_summary" datagrams)  # one recvfrom per datagram, no more, no less
udp_time=$(json_field "$udp_summary" seconds)
udp_drops=$(json_field "$udp_summary" kernel_drops)

if [ "$lang" = ko ]; then
  printf '\n%s바이트 메시지 %s개를, 읽을 때마다 %s ms 기다리는 수신 쪽으로\n\n' "$size" "$count" "$slow"
  # Hangul is two columns wide: the headings are padded by hand to line up with the numbers.
  echo "            도착     손실   순서바뀜     읽기   시간(초)"
else
  printf '\n%s messages of %s bytes to a receiver that waits %s ms per read\n\n' "$count" "$size" "$slow"
  printf '%-5s %10s %8s %10s %8s %10s\n' "" delivered lost reordered reads "time (s)"
fi
printf '%-5s %10s %8s %10s %8s %10.3f\n' TCP "$tcp_delivered" "$tcp_lost" "$tcp_reordered" \
  "$tcp_reads" "$tcp_time"
printf '%-5s %10s %8s %10s %8s %10.3f\n' UDP "$udp_delivered" "$udp_lost" "$udp_reordered" \
  "$udp_reads" "$udp_time"
if [ "$lang" = ko ]; then
  cat <<NOTE

TCP: 모든 바이트가 순서대로 도착했고 (클라이언트가 에코를 확인함), 읽기 횟수는 메시지 수보다
     훨씬 적습니다: 스트림은 메시지 경계를 지키지 않습니다. 수신 버퍼가 찼다면 흐름 제어가
     보내는 쪽을 기다리게 했을 것이고, 버려지는 것은 없습니다.
UDP: 데이터그램 하나에 읽기 한 번, 경계가 지켜집니다. 수신 버퍼에 들어가지 못한 것은
     버려졌고 (커널이 이 소켓에서 버린 수: ${udp_drops:-?}) 보내는 쪽은 아무것도 듣지 못했습니다.
시간: TCP = 에코가 클라이언트에 모두 돌아올 때까지, UDP = 첫 도착부터 마지막 도착까지.
NOTE
  exit 0
fi
cat <<NOTE

TCP: every byte arrived, in order (the client checked the echo), in far fewer reads than
     messages: a stream keeps no message boundaries. Had the receive buffer filled, flow
     control would have made the sender wait; nothing is dropped.
UDP: one read per datagram, boundaries kept; what did not fit the receive buffer was dropped
     (the kernel counted ${udp_drops:-?} drops for the socket) and nobody told the sender.
time: TCP = until the whole echo was back at the client; UDP = first to last arrival.
NOTE
