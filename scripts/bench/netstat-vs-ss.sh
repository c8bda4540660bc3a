#!/usr/bin/env bash
# lab-netstat against ss and net-tools netstat on a busy socket table, timed in the same run.
#   scripts/bench/netstat-vs-ss.sh                  N = 1000 10000 30000 connections, 9 rounds each
#   scripts/bench/netstat-vs-ss.sh --sizes "10000" --runs 5
# For each N, netstat-bench-holder opens N loopback connections (2 sockets each) across several
# processes and holds them for a bounded time; then each round times, one after the other,
#   lab-netstat -ano  vs  ss -tuanp      (sockets + the inode->PID scan of /proc/*/fd)
#   lab-netstat -an   vs  ss -tuan       (sockets only)
#   lab-netstat -an --details  vs  ss -tani   (TCP with each connection's tcp_info)
#   netstat -tuanp                       (net-tools, /proc/net parsing + its own scan)
# (output to /dev/null). Rounds interleave the tools, so a busy machine slows them alike; the
# table shows the medians, ratios (lab / ss, lower is better) and peak memory (KiB) of
# lab-netstat -ano, ss -tuanp and lab-netstat -ano --json.
# Targets: -ano <= 0.30 x ss -tuanp at 10,000 and <= 0.15 x at 30,000, in no more memory than
# ss; -an <= 1.0 x ss -tuan; --details <= 2.0 x ss -tani.
set -euo pipefail
cd "$(dirname "$0")/../.."

sizes="1000 10000 30000"
runs=9
while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) sizes="${2:?--sizes needs a list}"; shift 2 ;;
    --runs) runs="${2:?--runs needs a number}"; shift 2 ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "netstat-vs-ss.sh: error: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done

need=()
command -v netstat >/dev/null || need+=(net-tools)
command -v ss >/dev/null || need+=(iproute2)
[ -x /usr/bin/time ] || need+=(time)
if [ ${#need[@]} -gt 0 ]; then
  echo "netstat-vs-ss.sh: installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq "${need[@]}" >/dev/null 2>&1 ||
    { apt-get update -qq && apt-get install -y -qq "${need[@]}" >/dev/null; }
fi

cmake --preset default >/dev/null
cmake --build --preset default -j 2 --target lab-netstat netstat-bench-holder >/dev/null
bin=build/bin
work=$(mktemp -d)
holder_pid=""
cleanup() {
  if [ -n "$holder_pid" ]; then kill "$holder_pid" 2>/dev/null || true; wait "$holder_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

time_one() {  # ROUND NAME COMMAND...: appends "NAME SECONDS" (round 0 is the warm-up)
  local round=$1 name=$2; shift 2
  local start end
  start=$(date +%s%N)
  "$@" >/dev/null 2>&1 || { echo "netstat-vs-ss.sh: error: '$*' failed" >&2; exit 1; }
  end=$(date +%s%N)
  if [ "$round" -gt 0 ]; then echo "$name $(( (end - start) / 1000 ))" >>"$work/times"; fi
}
median() {  # median seconds of one command's timed rounds
  awk -v cmd="$1" '$1 == cmd { print $2 }' "$work/times" | sort -n |
    awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else printf "%.3f", (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) / 1e6 }'
}
peak_kib() {  # peak resident memory of one run
  /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -n 1
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }

rows=()
for n in $sizes; do
  processes=$(( (n + 6999) / 7000 )); [ "$processes" -lt 2 ] && processes=2
  echo "== $n connections ($processes holder processes)" >&2
  "$bin/netstat-bench-holder" --connections "$n" --processes "$processes" --seconds 3600 \
    >"$work/holder.out" 2>&1 &
  holder_pid=$!
  for _ in $(seq 1 600); do
    grep -q '^ready' "$work/holder.out" && break
    kill -0 "$holder_pid" 2>/dev/null || { cat "$work/holder.out" >&2; exit 1; }
    sleep 0.2
  done
  grep -q '^ready' "$work/holder.out" || { echo "netstat-vs-ss.sh: error: holder not ready" >&2; exit 1; }
  sockets=$(ss -tan | wc -l)

  # One warm-up round, then $runs timed rounds; net-tools (slow at 30,000) only every 3rd round.
  : >"$work/times"
  for round in $(seq 0 "$runs"); do
    time_one "$round" lab-ano "$bin/lab-netstat" -ano
    time_one "$round" ss-tuanp ss -tuanp
    time_one "$round" lab-an "$bin/lab-netstat" -an
    time_one "$round" ss-tuan ss -tuan
    time_one "$round" lab-details "$bin/lab-netstat" -an --details
    time_one "$round" ss-tani ss -tani
    if [ $((round % 3)) -eq 1 ]; then time_one "$round" netstat-tuanp netstat -tuanp; fi
  done
  lab_ano=$(median lab-ano); ss_p=$(median ss-tuanp)
  lab_an=$(median lab-an); ss_n=$(median ss-tuan)
  lab_d=$(median lab-details); ss_i=$(median ss-tani)
  nt=$(median netstat-tuanp)
  mem_lab=$(peak_kib "$bin/lab-netstat" -ano); mem_ss=$(peak_kib ss -tuanp)
  mem_json=$(peak_kib "$bin/lab-netstat" -ano --json)
  rows+=("$(printf '%6s %7s | %8s %9s %6s | %8s %8s %6s | %8s %8s %6s | %9s | %8s %8s %8s' \
    "$n" "$sockets" "$lab_ano" "$ss_p" "$(ratio "$lab_ano" "$ss_p")" \
    "$lab_an" "$ss_n" "$(ratio "$lab_an" "$ss_n")" \
    "$lab_d" "$ss_i" "$(ratio "$lab_d" "$ss_i")" "${nt:--}" "$mem_lab" "$mem_ss" "$mem_json")")
  echo "${rows[-1]}" >&2  # each size as it is done (a long run may be cut short)

  kill -0 "$holder_pid" 2>/dev/null || echo "netstat-vs-ss.sh: warning: the holder ended before the rounds did (figures of $n are partial)" >&2
  kill "$holder_pid" 2>/dev/null || true; wait "$holder_pid" 2>/dev/null || true; holder_pid=""
done

echo
echo "median seconds of $runs interleaved rounds (net-tools: every 3rd round); ratio = lab / ss; peak RSS in KiB"
printf '%6s %7s | %8s %9s %6s | %8s %8s %6s | %8s %8s %6s | %9s | %8s %8s %8s\n' \
  conns sockets "lab -ano" "ss -tuanp" ratio "lab -an" "ss -tuan" ratio "lab -d" "ss -tani" ratio \
  "netstat" "KiB lab" "KiB ss" "KiB json"
for row in "${rows[@]}"; do echo "$row"; done
