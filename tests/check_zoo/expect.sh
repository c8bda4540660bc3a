#!/usr/bin/env bash
# expect.sh LAB_CHECK KIND "FAILS" [BONUS_FAILS] -- COMMAND...
# Runs `LAB_CHECK KIND --json -- COMMAND...` and checks that the required checks that failed (✗,
# "result":"fail") are exactly FAILS (space-separated check names, "" for none), that no required
# check was left unjudged unless it follows from one of FAILS, and that the exit status says the
# same (0 only when FAILS is empty). With BONUS_FAILS ("-" for "don't care"), the failed bonus
# checks too. Prints lab-check's own text on a mismatch, so the failure explains itself.
set -u
lab_check=$1 kind=$2 expected=$3 expected_bonus=$4
shift 4
[[ ${1:-} == -- ]] && shift
records=$(mktemp) errors=$(mktemp)
trap 'rm -f "$records" "$errors"' EXIT

start=$(date +%s)
"$lab_check" "$kind" --json --lang en -- "$@" >"$records" 2>"$errors"
status=$?
elapsed=$(( $(date +%s) - start ))

names() {  # names of the records with this "required" and "result"
  python3 - "$records" "$1" "$2" <<'PY'
import json, sys
path, required, result = sys.argv[1], sys.argv[2] == "true", sys.argv[3]
names = sorted(r["check"] for r in map(json.loads, open(path)) if r["required"] == required and r["result"] == result)
print(" ".join(names))
PY
}
sorted() { tr ' ' '\n' <<<"$1" | sed '/^$/d' | sort | tr '\n' ' ' | sed 's/ $//'; }

failed=$(names true fail)
want=$(sorted "$expected")
ok=1
if [[ $failed != "$want" ]]; then
  echo "FAIL: required checks that failed: [$failed], expected [$want]"
  ok=0
fi
if [[ $expected_bonus != - && $(names false fail) != "$(sorted "$expected_bonus")" ]]; then
  echo "FAIL: bonus checks that failed: [$(names false fail)], expected [$expected_bonus]"
  ok=0
fi
if [[ -z $want && $status -ne 0 ]] || [[ -n $want && $status -ne 1 ]]; then
  echo "FAIL: exit status $status with [$failed] failed"
  ok=0
fi
# A run takes 1-15 s on a quiet machine (a Python server's ten fresh copies most of it); the bound
# leaves room for a machine shared by a whole build farm, where Python alone starts in seconds.
if (( elapsed >= 90 )); then
  echo "FAIL: the run took $elapsed s (must stay well under a minute on a quiet machine)"
  ok=0
fi
if (( ok == 0 )); then
  echo "--- lab-check's records:"
  cat "$records"
  echo "--- lab-check's stderr (exit status $status):"
  cat "$errors"
  exit 1
fi
echo "ok: $kind, failed [$failed], skipped [$(names true skipped)], ${elapsed} s"
