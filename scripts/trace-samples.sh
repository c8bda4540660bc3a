#!/usr/bin/env bash
# Regenerates worksheet 2's lab-trace section from real runs (needs root: tracepoints and
# capture): for the handshake and each way to close, the trace as text between the markers
#   <!-- trace-sample NAME -->  ...  <!-- /trace-sample -->
# in worksheets/{ko,en}/2-tcp-echo.md, and its pictures as worksheets/img/trace-NAME-LANG.svg.
#   scripts/trace-samples.sh            (scripts/refresh-samples.sh calls it)
#   TRACE_SAMPLE_LANGS=ko scripts/trace-samples.sh   (one language only)
# Each case runs on the port worksheet 2 gives it (7210-7214: its text shows these very commands),
# which must be free (run it in a private network namespace: netns-isolated); every process
# started here is ended by its PID, the server last, as the worksheet tells the student.
set -euo pipefail
cd "$(dirname "$0")/.."
case "${1:-}" in -h|--help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; esac
bin=${LAB_BIN_DIR:-build/bin}
if [ "$(id -u)" -ne 0 ]; then
  echo "trace-samples.sh: skipped: lab-trace needs root for the tracepoints and the capture" >&2
  exit 0
fi
[ -x "$bin/lab-trace" ] || { echo "trace-samples.sh: error: $bin/lab-trace is not built" >&2; exit 1; }

tmp=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT
mkdir -p worksheets/img

# wait_for FILE PATTERN: up to 30 s (a busy machine starts a program slowly).
wait_for() {
  for _ in $(seq 300); do grep -qE "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
  echo "trace-samples.sh: error: '$2' did not appear in $1: $(cat "$1" 2>/dev/null)" >&2
  return 1
}

# trace NAME LANG PORT "SERVER OPTIONS" CLIENT-MODE [--no-diagram]
trace() {
  local name=$1 lang=$2 port=$3 server_opts=$4 client=$5 diagram=${6:-}
  if ss -Hltn "sport = :$port" | grep -q .; then
    echo "trace-samples.sh: error: port $port has a listener already (run in a fresh network namespace)" >&2
    return 1
  fi
  "$bin/lab-tcp-server" --port "$port" --lang "$lang" $server_opts >"$tmp/server" 2>&1 &
  local server=$!
  pids+=("$server")
  wait_for "$tmp/server" "LISTENING"
  NO_COLOR=1 "$bin/lab-trace" --port "$port" --lang "$lang" $diagram \
    --svg "worksheets/img/trace-$name-$lang.svg" >"$tmp/trace" 2>&1 &
  local tracer=$!
  pids+=("$tracer")
  wait_for "$tmp/trace" "PID $tracer"
  case "$client" in
    count) "$bin/lab-tcp-client" --port "$port" --count 1 --lang "$lang" >/dev/null 2>&1 || true ;;
    # The server closes first: the client waits on its keyboard until the server's idle timeout.
    wait) (sleep 2) | "$bin/lab-tcp-client" --port "$port" --lang "$lang" >/dev/null 2>&1 || true ;;
  esac
  sleep 1  # the delayed ACKs, and lab-trace's reorder window
  kill -INT "$tracer"
  wait "$tracer" || true
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  pids=()
  {
    echo "\$ sudo lab-trace --port $port --svg trace-$name.svg $diagram" | sed 's/ *$//'
    cat "$tmp/trace"
  } >"$tmp/sample-$name-$lang.txt"
}

for lang in ${TRACE_SAMPLE_LANGS:-en ko}; do
  trace default "$lang" 7210 "" count
  trace no-close "$lang" 7211 "--no-close" count --no-diagram
  trace half-close "$lang" 7212 "--half-close" count --no-diagram
  trace reset "$lang" 7213 "--reset" count --no-diagram
  trace server-first "$lang" 7214 "--idle-timeout 1" wait --no-diagram
  sheet=worksheets/$lang/2-tcp-echo.md
  awk -v dir="$tmp" -v lang="$lang" '
    /^<!-- trace-sample [a-z-]+ -->$/ {
      print; file = dir "/sample-" $3 "-" lang ".txt"
      print "```text"
      while ((getline line < file) > 0) print line
      close(file)
      print "```"
      skipping = 1; next
    }
    /^<!-- \/trace-sample -->$/ { skipping = 0 }
    !skipping { print }
  ' "$sheet" >"$tmp/sheet.md"
  mv "$tmp/sheet.md" "$sheet"
  echo "trace-samples.sh: $sheet and worksheets/img/trace-*-$lang.svg regenerated"
done
