#!/usr/bin/env bash
# The Windows suite: the cross-built .exe files (preset `windows`) checked as files and run under
# Wine against the Linux build, over loopback only.
#   tests/windows/run.sh [WINDOWS_BUILD_DIR [LINUX_BUILD_DIR]]   (default build-windows, build)
# What it asserts is what Wine 8 can show (see tests/windows/README.md for what it cannot).
# Every wait is bounded; every process it starts is ended by its PID, and the private Wine
# prefix's wineserver is stopped on every exit path. Exits 1 when a check fails.
set -euo pipefail
cd "$(dirname "$0")/../.."

win_bin="$(realpath "${1:-build-windows}")/bin"
linux_bin="$(realpath "${2:-build}")/bin"
wine=$(command -v wine64 || command -v wine || echo /usr/lib/wine/wine64)
wineserver=$(command -v wineserver || echo /usr/lib/wine/wineserver64)
[ -x "$wine" ] || { echo "windows suite: error: wine64 is not installed (scripts/setup.sh --windows)" >&2; exit 1; }

# A private prefix in the build tree, no Wine chatter, and one persistent wineserver: started
# once, it answers every run in ~0.03 s and holds no test's output pipe open.
export WINEPREFIX="$(dirname "$win_bin")/wineprefix" WINEDEBUG=-all
mkdir -p "$WINEPREFIX"
work=$(mktemp -d)
started_pids=()
cleanup() {
  for pid in "${started_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${started_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  "$wineserver" -k 2>/dev/null || true  # only this prefix's server
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
timeout 30 "$wineserver" -p </dev/null >/dev/null 2>&1 || true  # fails if one already runs
if [ ! -f "$WINEPREFIX/system.reg" ]; then
  echo "== windows: creating the Wine prefix (once per build directory)"
fi
# wineboot also starts Wine's background services (winedevice.exe) here, with no output of ours:
# started by the first test program instead, they would inherit its pipes and hold them open.
timeout 120 "$wine" wineboot </dev/null >/dev/null 2>&1

failures=0
pass() { echo "  ✓ $1"; }
fail() { echo "  ✗ $1" >&2; failures=$((failures + 1)); }
check() {  # check DESCRIPTION COMMAND...
  local what=$1; shift
  if "$@"; then pass "$what"; else fail "$what"; fi
}
# json_true JQ_ARGS...: the programs' JSON read with jq (never grep over its text); true when the
# filter's last output is true. jq 1.6 judges by the last input alone: over JSON Lines, read them
# as one array (-s) and say which record with map/any.
json_true() { jq -e "$@" >/dev/null 2>&1; }

# Starts a program in the background with its output in $work/NAME.out, remembering its PID so
# that cleanup ends it. (Windows writes \r\n: readers strip the \r.)
start() {  # start NAME COMMAND...
  local name=$1; shift
  "$@" </dev/null >"$work/$name.out" 2>&1 &
  started_pids+=($!)
  eval "${name}_pid=$!"
}
stop() {  # stop NAME
  local pid_var="${1}_pid"
  kill "${!pid_var}" 2>/dev/null || true
  wait "${!pid_var}" 2>/dev/null || true
}
# Waits (at most 15 s) until NAME's output matches an extended regex; prints the first match.
wait_for() {  # wait_for NAME REGEX
  local deadline=$((SECONDS + 15))
  while [ $SECONDS -lt $deadline ]; do
    if { tr -d '\r' <"$work/$1.out"; } 2>/dev/null | grep -Eo "$2" | head -1 | grep .; then return 0; fi
    sleep 0.05
  done
  echo "  (waited 15 s for /$2/ in $1's output: $(cat "$work/$1.out" 2>/dev/null))" >&2
  return 1
}
port_of() { wait_for "$1" "$2" | grep -Eo '[0-9]+$'; }
# Waits (at most 10 s) until nothing listens on TCP PORT: a Wine program's socket belongs to
# wineserver, which may close it a moment after the program ended.
wait_port_closed() {  # wait_port_closed PORT
  local deadline=$((SECONDS + 10))
  while [ $SECONDS -lt $deadline ]; do
    ss -Hltn "sport = :$1" | grep -q . || return 0
    sleep 0.05
  done
  echo "  (port $1 still listening after 10 s)" >&2
  return 1
}
waits_for() { wait_for "$@" >/dev/null; }
contains() { [[ "$1" == *"$2"* ]]; }
# Runs a program to its end (at most 20 s) with INPUT on stdin: $out, $err (no \r), $code.
run() {  # run INPUT COMMAND...
  local input=$1; shift
  code=0
  printf '%b' "$input" | timeout 20 "$@" >"$work/run.out" 2>"$work/run.err" || code=$?
  out=$(tr -d '\r' <"$work/run.out"); err=$(tr -d '\r' <"$work/run.err")
}
# The worksheets' Windows steps (wstep, wstep_bg, wskip, wsteps_match).
# shellcheck source=tests/windows/lib/worksheet_steps.sh
source tests/windows/lib/worksheet_steps.sh

# The checks, one file per area, in order (each file may use what an earlier one started).
for checks in tests/windows/checks/[0-9]*.sh; do
  # shellcheck source=/dev/null
  source "$checks"
done

if [ "$failures" -gt 0 ]; then
  echo "windows suite: $failures check(s) failed" >&2
  exit 1
fi
echo "windows suite: all checks passed"
