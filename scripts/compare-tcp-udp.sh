#!/usr/bin/env bash
# The same workload over TCP and over UDP: N small messages to a receiver, in one table.
#   TCP: lab-tcp-client --count N --size B  ->  lab-tcp-server --read-delay MS (waits before each read)
#   UDP: lab-udp-sender --count N --size B  ->  lab-udp-receiver --slow MS (after each datagram)
#   scripts/compare-tcp-udp.sh [--count 1000] [--size 64] [--slow 1] [--rate max] [--lang ko|en]
# Through a bad network (lab-badnet, needs root): --loss PCT --delay MS --reorder PCT
# --duplicate PCT [--seed N]. The receiver is then fast (--slow 0), and both send at one pace
# (UDP 1000 datagrams/s, TCP one message per ms), so every loss is the network's. --sweep runs
# loss 0 1 5 10 20 30 % and draws delivered % and time against the loss rate into an SVG
# (--svg FILE, default tcp-udp-sweep.svg).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
bin=${LAB_BIN_DIR:-$root/build/bin}  # LAB_BIN_DIR: another build (the tests point it at theirs)
me=compare-tcp-udp.sh
count=1000 size=64 slow="" rate="" seed=1 sweep=0 svg=tcp-udp-sweep.svg tcp_pace=()
loss=0 delay=0 reorder=0 duplicate=0
# Language: --lang, else LC_ALL / LC_MESSAGES / LANG, as the programs choose it.
lang=en
case "${LC_ALL:-${LC_MESSAGES:-${LANG:-}}}" in ko*) lang=ko ;; esac
while [ $# -gt 0 ]; do
  case "$1" in

    --count | --size | --slow | --rate | --loss | --delay | --reorder | --duplicate | --seed | --svg | --lang)
      [ $# -ge 2 ] || { echo "$me: error: $1 needs a value" >&2; exit 2; } ;;
  esac
  case "$1" in
    --lang) lang=${2:-}; shift 2
      [ "$lang" = ko ] || [ "$lang" = en ] || { echo "$me: error: --lang takes ko or en" >&2; exit 2; } ;;
    --count) count=${2:-}; shift 2 ;;
    --size) size=${2:-}; shift 2 ;;
    --slow) slow=${2:-}; shift 2 ;;
    --rate) rate=${2:-}; shift 2 ;;
    --loss) loss=${2:-}; shift 2 ;;
    --delay) delay=${2:-}; shift 2 ;;
    --reorder) reorder=${2:-}; shift 2 ;;
    --duplicate) duplicate=${2:-}; shift 2 ;;
    --seed) seed=${2:-}; shift 2 ;;
    --sweep) sweep=1; shift ;;
    --svg) svg=${2:-}; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "$me: error: unknown option '$1'" >&2; exit 2 ;;
  esac
done
for n in "$count" "$size" "$seed" "$loss" "$delay" "$reorder" "$duplicate" ${slow:+"$slow"}; do
  [[ $n =~ ^[0-9]+$ ]] || { echo "$me: error: '$n' is not a whole number" >&2; exit 2; }
done
[ "$size" -ge 32 ] && [ "$size" -le 65507 ] ||
  { echo "$me: error: --size must be 32-65507 (the lab header is 32 bytes; 65,507 is the IPv4 UDP limit)" >&2; exit 2; }
for pct in "$loss" "$reorder" "$duplicate"; do
  [ "$pct" -le 100 ] || { echo "$me: error: a percentage must be 0-100, not $pct" >&2; exit 2; }
done
[ -n "$svg" ] || { echo "$me: error: --svg needs a file name" >&2; exit 2; }
impaired=0
if [ "$sweep" -eq 1 ] || [ "$loss$delay$reorder$duplicate" != 0000 ]; then impaired=1; fi
if [ "$impaired" -eq 1 ]; then
  slow=${slow:-0}
  rate=${rate:-1000}
  tcp_pace=(--interval 1)  # one message per ms: a segment each, as UDP's datagrams
  [ "$(id -u)" -eq 0 ] ||
    { echo "$me: error: a bad network (lab-badnet) needs root or CAP_NET_ADMIN: run it with sudo" >&2; exit 1; }
else
  slow=${slow:-1}
  rate=${rate:-max}
fi
[ -x "$bin/lab-udp-sender" ] && [ -x "$bin/lab-tcp-client" ] || "$root/scripts/setup.sh" >/dev/null

pids=()
logs=()
badnet_pid=""
stop_badnet() {
  # Ctrl-C for lab-badnet: it removes its nftables table and prints its summary.
  if [ -n "$badnet_pid" ]; then
    kill -INT "$badnet_pid" 2>/dev/null || true
    wait "$badnet_pid" 2>/dev/null || true
    badnet_pid=""
  fi
}
cleanup() {
  stop_badnet
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -f "${logs[@]}"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# json_field, json_event, json_port: the programs' JSON, read with jq.
source "$root/scripts/lib/json.sh"
# wait_for_local LOG: the port a program announced in its JSON "listening" line (5 s at most).
wait_for_local() {
  for _ in $(seq 50); do
    [ -n "$(json_port "$1")" ] && break
    sleep 0.1
  done
  json_port "$1"
}
new_log() { local f; f=$(mktemp); logs+=("$f"); echo "$f"; }

# start_badnet PORT PROTO LOSS: lab-badnet on PORT (only PROTO), ready when it printed its line.
start_badnet() {
  [ "$impaired" -eq 1 ] || return 0
  local log
  log=$(new_log)
  timeout 300 "$bin/lab-badnet" --port "$1" "--$2" --loss "$3" --delay "$delay" \
    --reorder "$reorder" --duplicate "$duplicate" --seed "$seed" --json >/dev/null 2>"$log" &
  badnet_pid=$!
  for _ in $(seq 100); do
    grep -q 'Ctrl-C' "$log" && return 0
    kill -0 "$badnet_pid" 2>/dev/null || break
    sleep 0.05
  done
  echo "$me: error: lab-badnet did not start: $(tail -1 "$log")" >&2
  exit 1
}

# run_tcp LOSS / run_udp LOSS: one run each; they set the tcp_* / udp_* figures.
run_tcp() {
  local log client summary bytes
  log=$(new_log)
  timeout 300 "$bin/lab-tcp-server" --port 0 --json --quiet --read-delay "$slow" >"$log" &
  local server=$!
  pids+=("$server")
  local port
  port=$(wait_for_local "$log")
  [ -n "$port" ] || { echo "$me: error: lab-tcp-server did not start" >&2; exit 1; }
  start_badnet "$port" tcp "$1"
  client=$(timeout 300 "$bin/lab-tcp-client" --port "$port" --count "$count" --size "$size" \
    ${tcp_pace[@]+"${tcp_pace[@]}"} --timeout 60 --json) || true
  stop_badnet
  kill -INT "$server"
  wait "$server" 2>/dev/null || true
  summary=$(json_event "$log" summary)
  bytes=$(json_field "$client" bytes_received)
  tcp_delivered=$((${bytes:-0} / size))
  tcp_lost=$((count - tcp_delivered))
  tcp_reordered=$([ "$(json_field "$client" verified)" = true ] && echo 0 || echo "?")
  tcp_duplicated=0  # TCP throws duplicates away: the reader never sees one
  tcp_retransmitted=$(json_field "$client" retransmits)
  tcp_reads=$(json_field "$summary" reads)
  tcp_time=$(json_field "$client" seconds)
}
run_udp() {
  local log summary
  log=$(new_log)
  timeout 300 "$bin/lab-udp-receiver" --port 0 --json --quiet --slow "$slow" --timeout 2 >"$log" &
  local receiver=$!
  pids+=("$receiver")
  local port
  port=$(wait_for_local "$log")
  [ -n "$port" ] || { echo "$me: error: lab-udp-receiver did not start" >&2; exit 1; }
  start_badnet "$port" udp "$1"
  timeout 300 "$bin/lab-udp-sender" --to "127.0.0.1:$port" --count "$count" --size "$size" \
    --rate "$rate" --json >/dev/null
  wait "$receiver" 2>/dev/null || true
  stop_badnet
  summary=$(json_event "$log" summary)
  udp_delivered=$(json_field "$summary" received)
  udp_delivered=${udp_delivered:-0}
  udp_lost=$((count - udp_delivered))
  udp_reordered=$(json_field "$summary" reordered)
  udp_duplicated=$(json_field "$summary" duplicated)
  udp_reads=$(json_field "$summary" datagrams)  # one recvfrom per datagram, no more, no less
  udp_time=$(json_field "$summary" seconds)
  udp_drops=$(json_field "$summary" kernel_drops)
}

header() {
  if [ "$lang" = ko ]; then
    # Hangul is two columns wide: padded by hand to end where row()'s numbers end.
    echo "        보냄       도착   손실   순서바뀜        중복         재전송    읽기  시간(초)"
    return
  fi
  printf '%-5s %6s %10s %6s %10s %11s %14s %7s %9s\n' "" sent delivered lost reordered \
    duplicated retransmitted reads "time (s)"
}
row() {  # row NAME sent delivered lost reordered duplicated retransmitted reads time
  printf '%-5s %6s %10s %6s %10s %11s %14s %7s %9.3f\n' "$@"
}

if [ "$sweep" -eq 0 ] && [ "$impaired" -eq 0 ]; then
  # The table of worksheet 3 (a slow receiver, no bad network): as it always was.
  run_tcp 0
  run_udp 0
  if [ "$lang" = ko ]; then
    printf '\n%s바이트 메시지 %s개를, 읽을 때마다 %s ms 기다리는 수신기로\n\n' "$size" "$count" "$slow"
    # Hangul is two columns wide: the headings are padded by hand to line up with the numbers.
    echo "            도착     손실   순서바뀜     읽기   시간(초)"
  else
    printf '\n%s messages of %s bytes to a receiver that waits %s ms per read\n\n' "$count" "$size" "$slow"
    printf '%-5s %10s %8s %10s %8s %10s\n' "" delivered lost reordered reads "time (s)"
  fi
  printf '%-5s %10s %8s %10s %8s %10.3f\n' TCP "$tcp_delivered" "$tcp_lost" "$tcp_reordered" \
    "${tcp_reads:-?}" "${tcp_time:-0}"
  printf '%-5s %10s %8s %10s %8s %10.3f\n' UDP "$udp_delivered" "$udp_lost" "${udp_reordered:-?}" \
    "${udp_reads:-?}" "${udp_time:-0}"
  if [ "$lang" = ko ]; then
    cat <<NOTE

TCP: 모든 바이트가 순서대로 도착했고 (클라이언트가 에코를 확인함), 읽기 횟수는 메시지 수보다
     훨씬 적습니다. 스트림은 메시지 경계를 지키지 않습니다. 수신 버퍼가 찼다면 흐름 제어가
     송신기를 기다리게 했을 것이고, 버려지는 것은 없습니다.
UDP: 데이터그램 하나에 읽기 한 번, 경계가 지켜집니다. 수신 버퍼에 들어가지 못한 것은
     버려졌고 (커널이 이 소켓에서 버린 수: ${udp_drops:-?}) 송신기는 아무것도 듣지 못했습니다.
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
  exit 0
fi

if [ "$sweep" -eq 0 ]; then
  # Through lab-badnet: the network's doing, in more columns.
  run_tcp "$loss"
  run_udp "$loss"
  if [ "$lang" = ko ]; then
    printf '\n%s바이트 메시지 %s개, lab-badnet을 거쳐: 손실 %s%%, 지연 %s ms, 순서 바꿈 %s%%, 중복 %s%% (시드 %s)\n\n' \
      "$size" "$count" "$loss" "$delay" "$reorder" "$duplicate" "$seed"
  else
    printf '\n%s messages of %s bytes, through lab-badnet: loss %s%%, delay %s ms, reorder %s%%, duplicate %s%% (seed %s)\n\n' \
      "$count" "$size" "$loss" "$delay" "$reorder" "$duplicate" "$seed"
  fi
  header
  row TCP "$count" "$tcp_delivered" "$tcp_lost" "$tcp_reordered" "$tcp_duplicated" \
    "${tcp_retransmitted:-?}" "${tcp_reads:-?}" "${tcp_time:-0}"
  row UDP "$count" "$udp_delivered" "$udp_lost" "${udp_reordered:-?}" "${udp_duplicated:-?}" \
    "-" "${udp_reads:-?}" "${udp_time:-0}"
  if [ "$lang" = ko ]; then
    cat <<NOTE

TCP: 모든 바이트가 순서대로 도착했습니다 (클라이언트가 에코를 확인함). 네트워크가 잃어버린 것은
     TCP가 다시 보냈고 (재전송 칸은 TCP_INFO에서 읽은 클라이언트 쪽 횟수이며 서버 쪽은 빠짐),
     시간은 거기에 들었습니다. 중복과 순서 바뀜은 읽는 쪽에 닿지 않습니다.
UDP: 네트워크가 잃어버린 것은 그대로 사라지고, 순서가 바뀌거나 중복된 것은 그대로 도착합니다.
     수신기의 순서 번호만이 그것을 알려 줍니다. 송신기는 아무것도 듣지 못했습니다.
시간: TCP = 에코가 클라이언트에 모두 돌아올 때까지, UDP = 첫 도착부터 마지막 도착까지.
NOTE
    exit 0
  fi
  cat <<NOTE

TCP: every byte arrived, in order (the client checked the echo). What the network lost, TCP
     sent again (retransmitted: the client's own count, from TCP_INFO; the server's are not in
     it), and that is where the time went. Duplicates and reordering never reach the reader.
UDP: what the network lost stays lost; what it reordered or duplicated arrives so, and only
     the receiver's sequence numbers tell. Nobody told the sender anything.
time: TCP = until the whole echo was back at the client; UDP = first to last arrival.
NOTE
  exit 0
fi

# --- the sweep ------------------------------------------------------------------------------
losses=(0 1 5 10 20 30)
points=()
printf '\n%s messages of %s bytes; loss rate swept (delay %s ms, seed %s)\n\n' "$count" "$size" \
  "$delay" "$seed"
printf '%6s  %-14s %-10s %-14s %-10s\n' "loss %" "TCP delivered" "TCP time" "UDP delivered" "UDP time"
for l in "${losses[@]}"; do
  run_tcp "$l"
  run_udp "$l"
  tcp_pct=$(awk -v d="$tcp_delivered" -v n="$count" 'BEGIN { printf "%.1f", 100 * d / n }')
  udp_pct=$(awk -v d="$udp_delivered" -v n="$count" 'BEGIN { printf "%.1f", 100 * d / n }')
  printf '%6s  %-14s %-10.3f %-14s %-10.3f\n' "$l" "$tcp_pct %" "${tcp_time:-0}" "$udp_pct %" \
    "${udp_time:-0}"
  points+=("$l $tcp_pct ${tcp_time:-0} $udp_pct ${udp_time:-0}")
done

# Two panels side by side: delivered % against loss %, and completion time against loss %.
printf '%s\n' "${points[@]}" | awk -v count="$count" '
function x(panel, loss) { return panel * 460 + 60 + loss / 30 * 360 }
function y(value, top) { return 300 - value / top * 240 }
function line(panel, col, top, colour,   i, d) {
  d = ""
  for (i = 1; i <= n; i++) d = d (i == 1 ? "M" : " L") sprintf("%.1f,%.1f", x(panel, loss[i]), y(v[i, col], top))
  printf "<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2.5\"/>\n", d, colour
  for (i = 1; i <= n; i++)
    printf "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\"/>\n", x(panel, loss[i]), y(v[i, col], top), colour
}
function axes(panel, top, title, unit,   i, t) {
  printf "<text x=\"%d\" y=\"40\" font-size=\"16\" font-weight=\"bold\">%s</text>\n", panel * 460 + 60, title
  printf "<line x1=\"%d\" y1=\"300\" x2=\"%d\" y2=\"300\" stroke=\"black\"/>\n", x(panel, 0), x(panel, 30)
  printf "<line x1=\"%d\" y1=\"60\" x2=\"%d\" y2=\"300\" stroke=\"black\"/>\n", x(panel, 0), x(panel, 0)
  for (i = 1; i <= n; i++)
    printf "<text x=\"%.1f\" y=\"320\" font-size=\"12\" text-anchor=\"middle\">%s</text>\n", x(panel, loss[i]), loss[i]
  printf "<text x=\"%d\" y=\"345\" font-size=\"13\" text-anchor=\"middle\">loss (%%)</text>\n", x(panel, 15)
  for (t = 0; t <= 4; t++)
    printf "<text x=\"%d\" y=\"%.1f\" font-size=\"12\" text-anchor=\"end\">%.3g%s</text>\n", x(panel, 0) - 6, y(top * t / 4, top) + 4, top * t / 4, unit
}
{ n++; loss[n] = $1; v[n, 1] = $2; v[n, 2] = $3; v[n, 3] = $4; v[n, 4] = $5
  if ($3 > tmax) tmax = $3; if ($5 > tmax) tmax = $5 }
END {
  tmax = tmax <= 0 ? 1 : tmax * 1.1
  print "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"920\" height=\"400\" font-family=\"sans-serif\">"
  print "<rect width=\"920\" height=\"400\" fill=\"white\"/>"
  axes(0, 100, "Delivered (%) against loss", "")
  axes(1, tmax, "Completion time (s) against loss", "")
  line(0, 1, 100, "#1f77b4"); line(0, 3, 100, "#d62728")
  line(1, 2, tmax, "#1f77b4"); line(1, 4, tmax, "#d62728")
  printf "<text x=\"60\" y=\"385\" font-size=\"13\" fill=\"#1f77b4\">TCP: every byte, later and later</text>\n"
  printf "<text x=\"320\" y=\"385\" font-size=\"13\" fill=\"#d62728\">UDP: on time, minus what was lost</text>\n"
  printf "<text x=\"620\" y=\"385\" font-size=\"12\">%d messages per run (lab-badnet)</text>\n", count
  print "</svg>"
}' >"$svg"
printf '\nplot: %s (blue TCP, red UDP)\n' "$svg"
