#!/usr/bin/env bash
# lab-tcp-server against two echo servers from Debian's packages, measured in the same run with
# the same load generator (lab-tcp-client): inetutils-inetd's internal echo and
# `socat TCP-LISTEN:PORT,fork PIPE`. Figures: round trips/s and p50/p99 latency with 1 and 50
# connections (64-byte messages), and a 1 GiB stream echoed back (Gbit/s each way).
# Each figure is the median of --runs runs; the servers take turns within each run.
#   scripts/bench/tcp-echo.sh [--runs 3] [--duration 5] [--bulk 1G]
# Needs root for inetd's echo (port 7); without root that column is skipped.
set -euo pipefail
source "$(dirname "$0")/common.sh"

runs=3 duration=5 bulk=1G
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --bulk) bulk=$2; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "tcp-echo.sh: error: unknown option '$1'" >&2; exit 2 ;;
  esac
done
[ -x "$bench_bin/lab-tcp-server" ] || "$bench_root/scripts/setup.sh" >/dev/null
bench_need socat inetutils-inetd

servers=(lab-tcp-server socat)
lab_port=$(bench_free_port)
"$bench_bin/lab-tcp-server" --port "$lab_port" --quiet --max-clients 1000 >/dev/null &
bench_pids+=($!)
socat_port=$(bench_free_port)
socat "TCP-LISTEN:$socat_port,bind=127.0.0.1,fork,reuseaddr,backlog=1024" PIPE &
bench_pids+=($!)
declare -A port=([lab-tcp-server]=$lab_port [socat]=$socat_port)
if [ "$(id -u)" -eq 0 ] && ! ss -Hltn "sport = :7" | grep -q .; then
  workdir=$(mktemp -d)
  echo "127.0.0.1:echo stream tcp nowait root internal" >"$workdir/inetd.conf"
  inetutils-inetd -p"$workdir/inetd.pid" "$workdir/inetd.conf"
  for _ in $(seq 50); do [ -s "$workdir/inetd.pid" ] && break; sleep 0.1; done
  bench_pids+=("$(cat "$workdir/inetd.pid")")
  servers+=(inetd)
  port[inetd]=7
else
  echo "(inetd's echo skipped: needs root and a free port 7)" >&2
fi
for s in "${servers[@]}"; do bench_wait_port "${port[$s]}"; done

declare -A results
for run in $(seq "$runs"); do
  for s in "${servers[@]}"; do
    for c in 1 50; do
      out=$("$bench_bin/lab-tcp-client" --port "${port[$s]}" --connections "$c" \
        --duration "$duration" --size 64 --json)
      results[$s,rt$c]+=" $(json_field "$out" round_trips_per_s)"
      results[$s,p50_$c]+=" $(json_field "$out" p50_us)"
      results[$s,p99_$c]+=" $(json_field "$out" p99_us)"
    done
    out=$("$bench_bin/lab-tcp-client" --port "${port[$s]}" --bulk "$bulk" --json)
    results[$s,bulk]+=" $(json_field "$out" gbit_per_s)"
  done
  echo "run $run/$runs done" >&2
done

printf '\nTCP echo on loopback, medians of %s runs (%s s each; bulk %s)\n\n' "$runs" "$duration" "$bulk"
printf '%-15s %12s %9s %9s %12s %9s %9s %11s\n' server "rt/s c=1" "p50 µs" "p99 µs" \
  "rt/s c=50" "p50 µs" "p99 µs" "bulk Gbit/s"
declare -A med
for s in "${servers[@]}"; do
  for k in rt1 p50_1 p99_1 rt50 p50_50 p99_50 bulk; do
    # shellcheck disable=SC2086
    med[$s,$k]=$(median ${results[$s,$k]})
  done
  printf '%-15s %12.0f %9.1f %9.1f %12.0f %9.1f %9.1f %11.2f\n' "$s" "${med[$s,rt1]}" \
    "${med[$s,p50_1]}" "${med[$s,p99_1]}" "${med[$s,rt50]}" "${med[$s,p50_50]}" \
    "${med[$s,p99_50]}" "${med[$s,bulk]}"
done
printf '\nlab-tcp-server against the best peer (>1 is better for rt/s and Gbit/s, <1 for latency):\n'
for k in rt1 p50_1 p99_1 rt50 p50_50 p99_50 bulk; do
  best=""
  for s in "${servers[@]}"; do
    [ "$s" = lab-tcp-server ] && continue
    v=${med[$s,$k]}
    case $k in
      rt*|bulk) best=$(awk -v a="$best" -v b="$v" 'BEGIN{print (a=="" || b>a) ? b : a}') ;;
      *) best=$(awk -v a="$best" -v b="$v" 'BEGIN{print (a=="" || b<a) ? b : a}') ;;
    esac
  done
  printf '  %-7s %.2f\n' "$k" "$(awk -v a="${med[lab-tcp-server,$k]}" -v b="$best" 'BEGIN{print a/b}')"
done
