#!/usr/bin/env bash
# Regenerates the sample output in the worksheets from real runs, so it never drifts by hand.
# Runs each scripts/lab-N-*.sh, first every lab in Korean, then every lab in English, and puts
# each step's real output between the worksheet's markers:
#   <!-- sample 2-3 -->
#   ```text
#   ... (replaced) ...
#   ```
#   <!-- /sample -->
# Both languages use the same ports (the worksheets print the same commands), so before each
# run the script waits until no socket is left on that lab's ports, TIME_WAIT included (at most
# 90 s): an English sample never shows a row of the Korean run, nor of an earlier refresh.
# A run whose checks fail (a busy machine can starve a step of its 10 s), or whose samples do
# not have the rows that a "<!-- rows: N -->" line under them claims (another copy of a lab
# program running on this machine shows up in `--program` rows), is tried again, three times
# at most; what went wrong is shown either way.
#   scripts/refresh-samples.sh [N...]     (default: every lab)
set -euo pipefail
cd "$(dirname "$0")/.."
case "${1:-}" in -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; esac
labs=("$@")
[ ${#labs[@]} -gt 0 ] || labs=($(ls scripts/lab-*.sh | sed -E 's#scripts/lab-([0-9]+)-.*#\1#'))
# The samples show the worksheets' own ports.
unset LAB_PORT_BASE LAB_PORT_SHIFT
export LAB_WAIT_QUIET=${LAB_WAIT_QUIET:-90}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# rows_against_claims SHEET DIR: one line for each sample whose table rows (the same rows the
# worksheet test counts) are not as many as the "<!-- rows: N" line under its marker says.
rows_against_claims() {
  local id claimed rows
  while read -r id claimed; do
    rows=$(grep -cE '^\s*(TCP|UDP|tcp|udp)\s+\S|^(LISTEN|ESTAB|TIME-WAIT|CLOSE-WAIT|FIN-WAIT-2|SYN-SENT|UNCONN)\s' \
      "$2/$id.txt" || true)
    [ "$rows" = "$claimed" ] || echo "sample $id: $rows rows, but its text says $claimed"
  done < <(awk '/^<!-- sample [0-9A-Za-z.-]+ -->$/ { id = $3; next }
                $0 == "<!-- /sample -->" { closed = 1; next }
                closed && /^<!-- rows: [0-9]+/ { print id, $3 }
                { closed = 0 }' "$1")
}
for lang in ko en; do
  for n in "${labs[@]}"; do
    script=$(ls scripts/lab-"$n"-*.sh)
    sheet=$(ls worksheets/$lang/"$n"-*.md 2>/dev/null || true)
    [ -n "$sheet" ] || continue
    ok=0
    for attempt in 1 2 3; do
      again=""
      [ "$attempt" = 1 ] || again=" (try $attempt)"
      echo "lab $n ($lang): running $script$again"
      rm -rf "$tmp/$n-$lang"
      if ! "$script" --no-pause --lang "$lang" --samples "$tmp/$n-$lang" >"$tmp/run.log" 2>&1; then
        grep -E '^✗|^lab-[0-9]+-[a-z0-9-]+\.sh: error:' "$tmp/run.log" >&2 ||
          tail -n 20 "$tmp/run.log" >&2
        continue
      fi
      if wrong=$(rows_against_claims "$sheet" "$tmp/$n-$lang") && [ -n "$wrong" ]; then
        printf '%s\n' "$wrong" >&2
        continue
      fi
      ok=1
      break
    done
    [ "$ok" = 1 ] || {
      echo "refresh-samples.sh: error: $script failed in $lang three times; samples left as they were" >&2
      exit 1
    }
    # Every marker must have its output before the worksheet is touched.
    for id in $(sed -nE 's/^<!-- sample ([0-9A-Za-z.-]+) -->$/\1/p' "$sheet"); do
      [ -f "$tmp/$n-$lang/$id.txt" ] || {
        echo "refresh-samples.sh: error: $script made no sample $id for $sheet" >&2
        exit 1
      }
    done
    awk -v dir="$tmp/$n-$lang" '
      /^<!-- sample [0-9A-Za-z.-]+ -->$/ {
        print; id = $3; file = dir "/" id ".txt"
        print "```text"
        while ((getline line < file) > 0) print line
        close(file)
        print "```"
        skipping = 1; next
      }
      /^<!-- \/sample -->$/ { skipping = 0 }
      !skipping { print }
    ' "$sheet" >"$tmp/sheet.md"
    cat "$tmp/sheet.md" >"$sheet"
  done
done

# Worksheet 2's lab-trace section (the handshake and each close, traced live, with its SVG
# pictures in worksheets/img/): its own script, since it needs root and lab-trace.
refresh_trace_samples() {
  scripts/trace-samples.sh
}
case " ${labs[*]} " in *" 2 "*) refresh_trace_samples ;; esac
