#!/usr/bin/env bash
# no_orphans.sh LAB_CHECK PYTHON SERVER.py: nothing lab-check starts outlives it. lab-check checks a
# server that ignores both SIGINT and SIGTERM (so only lab-check's SIGKILL fallback can end it);
# in the middle of the run we send lab-check SIGINT (Ctrl-C), then in a second run SIGTERM, and
# every process it had started by then must be gone once it has ended.
set -u
lab_check=$1 python=$2 server=$3
fail() { echo "FAIL: $*"; exit 1; }

# PID and start time of every descendant of $1 (a PID alone could be reused by then).
descendants() {
  local pid child
  for pid in $(ps -o pid= --ppid "$1"); do
    echo "$pid $(cut -d' ' -f22 /proc/$pid/stat 2>/dev/null)"
    descendants "$pid"
  done
}

for signal in INT TERM; do
  output=$(mktemp)
  "$lab_check" tcp-server --lang en -- sh -c 'trap "" INT TERM; exec "$0" "$1" "$2"' "$python" "$server" '{port}' \
    >"$output" 2>&1 &
  checker=$!
  seen=$(mktemp)
  # Wait until it has started copies of the server and a few checks have passed (bounded).
  for _ in $(seq 1 200); do
    descendants "$checker" >>"$seen"
    (( $(grep -c '' <(grep -E '^[✓✗–]' "$output")) >= 3 )) && break
    sleep 0.05
  done
  descendants "$checker" >>"$seen"
  [[ -s $seen ]] || fail "lab-check (PID $checker) never started a child"
  kill -"$signal" "$checker"
  for _ in $(seq 1 100); do kill -0 "$checker" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$checker" 2>/dev/null && { kill -KILL "$checker"; fail "lab-check still runs 10 s after SIG$signal"; }
  wait "$checker"
  status=$?
  [[ $status -eq 1 ]] || fail "lab-check ended with status $status after SIG$signal (expected 1)"
  grep -q 'interrupted' "$output" || fail "no 'interrupted' line after SIG$signal: $(cat "$output")"
  sort -u "$seen" | while read -r pid start; do
    [[ -z $pid || -z $start ]] && continue
    if [[ -e /proc/$pid ]] && [[ $(cut -d' ' -f22 /proc/$pid/stat 2>/dev/null) == "$start" ]]; then
      echo "FAIL: PID $pid ($(tr '\0' ' ' </proc/$pid/cmdline)) outlived lab-check after SIG$signal"
      exit 1
    fi
  done || exit 1
  echo "ok: SIG$signal: $(sort -u "$seen" | wc -l) child processes seen, none left"
  rm -f "$output" "$seen"
done
