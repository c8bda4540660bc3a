#!/usr/bin/env bash
# lab-udp-sender --rate max --size 64 into lab-udp-receiver --quiet, against iperf3 -u -b 0 -l 64
# on loopback, in the same run. Three rows, taking turns within each run:
#   iperf3           iperf3 -u -b 0 -l 64 for --seconds (its own client and server)
#   lab max          lab-udp-sender --rate max (sendmmsg batches) for about as long
#   lab @ iperf3     lab-udp-sender paced at the rate iperf3 reached in this run, so the two
#                    receivers' loss is compared at the same offered rate
# Figures: datagrams/s sent and received, loss %, and the sender's CPU time per datagram (on a
# busy machine the rates follow the scheduler; CPU per datagram is the steadier comparison).
# Each is the median of --runs runs.
#   scripts/bench/udp-rate.sh [--runs 5] [--seconds 2]
set -euo pipefail
source "$(dirname "$0")/common.sh"

runs=5 seconds=2
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "udp-rate.sh: error: unknown option '$1'" >&2; exit 2 ;;
  esac
done
[ -x "$bench_bin/lab-udp-sender" ] || "$bench_root/scripts/setup.sh" >/dev/null
bench_need iperf3 jq time

# iperf3 for $seconds: prints "sent_per_s received_per_s loss_percent sender_cpu_us_per_datagram".
run_iperf3() {
  local port out
  port=$(bench_free_port)
  timeout $((seconds + 20)) iperf3 -s -1 -p "$port" >/dev/null 2>&1 &
  local server=$!
  bench_pids+=("$server")
  bench_wait_port "$port"
  out=$(timeout $((seconds + 15)) iperf3 -c 127.0.0.1 -p "$port" -u -b 0 -l 64 -t "$seconds" --json)
  wait "$server" 2>/dev/null || true
  jq -r '.end as $e | ($e.sum_sent.packets / $e.sum_sent.seconds) as $sent
         | (($e.sum_received.packets - $e.sum_received.lost_packets) / $e.sum_sent.seconds) as $got
         | ($e.cpu_utilization_percent.host_total / 100 * $e.sum_sent.seconds * 1e6 / $e.sum_sent.packets) as $cpu
         | "\($sent) \($got) \(100 * $e.sum_received.lost_packets / $e.sum_sent.packets) \($cpu)"' <<<"$out"
}

# lab pair: COUNT datagrams at RATE (a number or max):
# "sent_per_s received_per_s loss_percent sender_cpu_us_per_datagram".
run_lab() {
  local count=$1 rate=$2 log sender receiver_summary port cpu_file
  log=$(mktemp)
  cpu_file=$(mktemp)
  timeout $((seconds + 60)) "$bench_bin/lab-udp-receiver" --port 0 --quiet --json --timeout 1 \
    >"$log" &
  local receiver=$!
  bench_pids+=("$receiver")
  for _ in $(seq 50); do [ -n "$(json_port "$log")" ] && break; sleep 0.1; done
  port=$(json_port "$log")
  sender=$(/usr/bin/time -o "$cpu_file" -f '%U %S' timeout $((seconds + 50)) "$bench_bin/lab-udp-sender" --to "127.0.0.1:$port" \
    --count "$count" --size 64 --rate "$rate" --json | jq -cR 'fromjson? | select(.event? == "summary")')
  wait "$receiver" 2>/dev/null || true
  receiver_summary=$(json_event "$log" summary)
  read -r user system <"$cpu_file"
  rm -f "$log" "$cpu_file"
  awk -v sent="$(json_field "$sender" sent)" -v s="$(json_field "$sender" seconds)" \
    -v got="$(json_field "$receiver_summary" received)" -v cpu="$(awk -v u="$user" -v k="$system" 'BEGIN { print u + k }')" \
    'BEGIN { printf "%f %f %f %f\n", sent / s, got / s, 100 * (sent - got) / sent, cpu * 1e6 / sent }'
}

declare -A results
for run in $(seq "$runs"); do
  read -r i_sent i_got i_loss i_cpu < <(run_iperf3)
  # As many datagrams as the lab sender needs for about $seconds at twice iperf3's rate, bounded.
  max_count=$(awk -v r="$i_sent" -v s="$seconds" 'BEGIN { c = int(2 * r * s); if (c > 5000000) c = 5000000; if (c < 10000) c = 10000; print c }')
  read -r m_sent m_got m_loss m_cpu < <(run_lab "$max_count" max)
  paced_count=$(awk -v r="$i_sent" -v s="$seconds" 'BEGIN { c = int(r * s); if (c < 1000) c = 1000; print c }')
  read -r p_sent p_got p_loss p_cpu < <(run_lab "$paced_count" "$(printf '%.0f' "$i_sent")")
  for k in i m p; do
    for f in sent got loss cpu; do
      v=${k}_$f
      results[$k,$f]+=" ${!v}"
    done
  done
  printf 'run %s/%s: iperf3 %.0f/s sent %.2f%% lost; lab max %.0f/s sent %.2f%% lost; lab paced %.0f/s sent %.2f%% lost\n' \
    "$run" "$runs" "$i_sent" "$i_loss" "$m_sent" "$m_loss" "$p_sent" "$p_loss" >&2
done

printf '\nUDP, 64-byte datagrams on loopback, medians of %s runs (~%s s each)\n\n' "$runs" "$seconds"
printf '%-34s %16s %16s %8s %14s\n' "" "sent dgram/s" "received dgram/s" "loss %" "sender µs/dgram"
declare -A med
for k in i m p; do
  for f in sent got loss cpu; do
    # shellcheck disable=SC2086
    med[$k,$f]=$(median ${results[$k,$f]})
  done
done
printf '%-34s %16.0f %16.0f %8.2f %14.2f\n' "iperf3 -u -b 0 -l 64" "${med[i,sent]}" "${med[i,got]}" "${med[i,loss]}" "${med[i,cpu]}"
printf '%-34s %16.0f %16.0f %8.2f %14.2f\n' "lab-udp-sender --rate max" "${med[m,sent]}" "${med[m,got]}" "${med[m,loss]}" "${med[m,cpu]}"
printf '%-34s %16.0f %16.0f %8.2f %14.2f\n' "lab-udp-sender at iperf3's rate" "${med[p,sent]}" "${med[p,got]}" "${med[p,loss]}" "${med[p,cpu]}"
printf '\nsender ratio (lab max / iperf3, >= 1 is the target): %.2f\n' \
  "$(awk -v a="${med[m,sent]}" -v b="${med[i,sent]}" 'BEGIN { print a / b }')"
printf 'sender CPU per datagram (lab max / iperf3, <= 1 is better): %.2f\n' \
  "$(awk -v a="${med[m,cpu]}" -v b="${med[i,cpu]}" 'BEGIN { print a / b }')"
printf 'loss at the same rate (lab receiver vs iperf3 receiver, <= is the target): %.2f%% vs %.2f%%\n' \
  "${med[p,loss]}" "${med[i,loss]}"
