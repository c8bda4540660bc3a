#!/usr/bin/env bash
# lab-ports against the system's own lookup, getent(1) (glibc's services database, the same
# /etc/services), in the same run: milliseconds per lookup by number (3306) and by name (mysql),
# and lab-ports --live against `ss -tulpn sport = :PORT` for "who holds this port".
# Each figure is the median of --runs runs of --count invocations; the tools take turns.
#   scripts/bench/ports.sh [--runs 5] [--count 100]
set -euo pipefail
source "$(dirname "$0")/common.sh"

runs=5 count=100
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --count) count=$2; shift 2 ;;
    -h|--help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "ports.sh: error: unknown option '$1'" >&2; exit 2 ;;
  esac
done
[ -x "$bench_bin/lab-ports" ] || "$bench_root/scripts/setup.sh" >/dev/null
bench_need libc-bin iproute2

# ms_per_call COMMAND...: average milliseconds of one call, over $count calls.
ms_per_call() {
  local start end
  start=$(date +%s%N)
  for _ in $(seq "$count"); do "$@" >/dev/null; done
  end=$(date +%s%N)
  awk -v ns=$((end - start)) -v n="$count" 'BEGIN{printf "%.3f", ns / n / 1e6}'
}

# A port someone holds, so --live and ss have a row to find.
live_port=$(bench_free_port)
"$bench_bin/lab-tcp-server" --port "$live_port" --quiet >/dev/null &
bench_pids+=($!)
bench_wait_port "$live_port"

declare -A results
for run in $(seq "$runs"); do
  results[lab,number]+=" $(ms_per_call "$bench_bin/lab-ports" --json 3306)"
  results[getent,number]+=" $(ms_per_call getent services 3306)"
  results[lab,name]+=" $(ms_per_call "$bench_bin/lab-ports" --json mysql)"
  results[getent,name]+=" $(ms_per_call getent services mysql)"
  results[lab,live]+=" $(ms_per_call "$bench_bin/lab-ports" --json --live "$live_port")"
  results[ss,live]+=" $(ms_per_call ss -Htulpn "sport = :$live_port")"
  echo "run $run/$runs done" >&2
done

printf '\nms per call, medians of %s runs of %s calls\n\n' "$runs" "$count"
printf '%-20s %10s  %-7s %8s %7s\n' lookup lab-ports peer "peer ms" ratio
row() {
  local label=$1 key=$2 peer=$3 lab_ms peer_ms
  # shellcheck disable=SC2086
  lab_ms=$(median ${results[lab,$key]})
  # shellcheck disable=SC2086
  peer_ms=$(median ${results[$peer,$key]})
  printf '%-20s %10.3f  %-7s %8.3f %7.2f\n' "$label" "$lab_ms" "$peer" "$peer_ms" \
    "$(awk -v a="$lab_ms" -v b="$peer_ms" 'BEGIN{print a/b}')"
}
row "by number (3306)" number getent
row "by name (mysql)" name getent
row "who holds (--live)" live ss
printf '\nratio = lab-ports / peer (lower is faster). lab-ports also reads the curated table,\n'
printf 'the ephemeral range and, for --live, every /proc/PID/fd to name the holder.\n'
