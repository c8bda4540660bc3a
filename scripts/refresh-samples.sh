#!/usr/bin/env bash
# Regenerates the sample output in the worksheets from real runs, so it never drifts by hand.
# Runs each scripts/lab-N-*.sh in Korean and in English and puts each step's real output
# between the worksheet's markers:
#   <!-- sample 2-3 -->
#   ```text
#   ... (replaced) ...
#   ```
#   <!-- /sample -->
#   scripts/refresh-samples.sh [N...]     (default: every lab)
set -euo pipefail
cd "$(dirname "$0")/.."
case "${1:-}" in -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; esac
labs=("$@")
[ ${#labs[@]} -gt 0 ] || labs=($(ls scripts/lab-*.sh | sed -E 's#scripts/lab-([0-9]+)-.*#\1#'))
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for n in "${labs[@]}"; do
  script=$(ls scripts/lab-"$n"-*.sh)
  for lang in ko en; do
    sheet=$(ls worksheets/$lang/"$n"-*.md 2>/dev/null || true)
    [ -n "$sheet" ] || continue
    echo "lab $n ($lang): running $script"
    "$script" --no-pause --lang "$lang" --samples "$tmp/$n-$lang" >/dev/null ||
      { echo "refresh-samples.sh: error: $script failed in $lang; samples left as they were" >&2; exit 1; }
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
    mv "$tmp/sheet.md" "$sheet"
  done
done

# Worksheet 2's lab-trace section (the handshake and each close, traced live, with its SVG
# pictures in worksheets/img/): its own script, since it needs root and lab-trace.
refresh_trace_samples() {
  scripts/trace-samples.sh
}
case " ${labs[*]} " in *" 2 "*) refresh_trace_samples ;; esac
