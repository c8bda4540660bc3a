#!/usr/bin/env bash
# The guided tour: installs what is missing, builds the programs (a first run: a quick build, lab
# 1's programs first, the rest while lab 1 runs), then walks through every lab in teaching order:
# the same steps as the worksheets, run for real, with a pause between steps when you sit at a
# terminal; the last, lab 8, runs lab-check on the textbook programs and on a student's first try.
# A few minutes in all.
#   scripts/tour.sh                 in your language (LANG), pausing on a terminal
#   scripts/tour.sh --lang en       in English (or ko)
#   scripts/tour.sh --no-pause      straight through (a projector, or CI)
# Every program the tour starts is stopped by its PID before the tour ends.
set -euo pipefail
cd "$(dirname "$0")/.."

args=()
lang=en
case "${LC_ALL:-${LC_MESSAGES:-${LANG:-}}}" in ko*) lang=ko ;; esac
while [ $# -gt 0 ]; do
  case "$1" in
    --no-pause) args+=(--no-pause); shift ;;
    --lang) lang=${2:-}; shift 2
      [ "$lang" = ko ] || [ "$lang" = en ] || { echo "tour.sh: error: --lang takes ko or en" >&2; exit 2; } ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "tour.sh: error: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done
say() { if [ "$lang" = ko ]; then echo "$1"; else echo "$2"; fi; }

# duration SECONDS: "1 min 23 s" / "1분 23초".
duration() {
  local m=$(($1 / 60)) s=$(($1 % 60))
  if [ "$lang" = ko ]; then
    if [ "$m" -gt 0 ]; then echo "${m}분 ${s}초"; else echo "${s}초"; fi
  elif [ "$m" -gt 0 ]; then echo "$m min $s s"; else echo "$s s"; fi
}

# A first run builds only what the tour runs (the programs, not the tests), in the quick build
# (-O0, no debug info) when build/ is new, and lab 1's programs first: lab 1
# starts as soon as they are built while the rest builds behind it. The build tool's own [n/N]
# lines show progress. Nothing only the tests need is installed (setup.sh --tests does that).
say "socket-lab 준비 중 (필요한 패키지 설치, 빌드)…" "Getting socket-lab ready (installing what is missing, building)…"
scripts/setup.sh --no-build
first_lab=$(ls scripts/lab-[0-9]-*.sh | head -n 1)
# Lab 1's programs: the lab-* words of its script (the commands it shows and the ones it runs
# behind the scenes) that are programs of this suite.
mapfile -t first_programs < <(
  comm -12 <(cat "$first_lab" <("$first_lab" --list-commands) | grep -oE 'lab-[a-z0-9-]+' | sort -u) \
    <(sed -n 's/^ *lab_add_program(\(lab-[a-z0-9-]*\).*/\1/p' labs/*/CMakeLists.txt | sort -u))
build_start=$SECONDS
first_targets=()
for program in "${first_programs[@]}"; do first_targets+=(--target "$program"); done
[ ${#first_targets[@]} -gt 0 ] || first_targets=(--programs)
scripts/setup.sh --quick "${first_targets[@]}" || { say "빌드 실패" "The build failed"; exit 1; }
say "$(basename "$first_lab") 프로그램 빌드: $(duration $((SECONDS - build_start)))" \
  "Built the programs of $(basename "$first_lab") in $(duration $((SECONDS - build_start)))"

# The rest of the programs, in the background and at a lower priority than lab 1's programs
# (its own process group, so the tour can end it and its compilers by that id).
rest_log=$(mktemp)
rest_pid=""
end_rest_build() {
  if [ -n "$rest_pid" ] && kill -0 "$rest_pid" 2>/dev/null; then kill -- "-$rest_pid" 2>/dev/null || true; fi
  rm -f "$rest_log"
}
trap end_rest_build EXIT
trap 'exit 130' INT TERM
setsid nice -n 10 scripts/setup.sh --quick --programs >"$rest_log" 2>&1 </dev/null &
rest_pid=$!

# wait_for_rest: the tour goes on only when every program is built (progress shown meanwhile).
wait_for_rest() {
  [ -n "$rest_pid" ] || return 0
  if kill -0 "$rest_pid" 2>/dev/null; then
    say "나머지 프로그램 빌드를 기다리는 중…" "Waiting for the rest of the programs to build…"
    local line shown=""
    while kill -0 "$rest_pid" 2>/dev/null; do
      sleep 1
      line=$(grep -E '^\[[0-9]+/[0-9]+\]' "$rest_log" | tail -n 1 | cut -c1-100 || true)
      [ -z "$line" ] || [ "$line" = "$shown" ] || printf '  %s\n' "$line"
      shown=$line
    done
  fi
  if ! wait "$rest_pid"; then
    cat "$rest_log" >&2
    say "빌드 실패" "The build failed"
    exit 1
  fi
  rest_pid=""
  say "모든 프로그램 빌드: $(duration $((SECONDS - build_start)))" \
    "Built every program in $(duration $((SECONDS - build_start)))"
}

# Ports 50 above each worksheet's own, so the tour never trips over a TIME_WAIT left by a
# worksheet run a minute ago (and the other way round). LAB_PORT_SHIFT=auto: each lab picks
# free ports at run time (the tests do that).
export LAB_PORT_SHIFT=${LAB_PORT_SHIFT:-50}

say "
socket-lab 둘러보기: 실습마다 실제 프로그램을 실행하고, 학생이 보게 될 것을 확인합니다.
실습지: worksheets/ko/ — 각 실습은 scripts/lab-N-*.sh 로 따로 실행할 수도 있습니다." "
The socket-lab tour: each lab runs the real programs and checks what a student will see.
Worksheets: worksheets/en/ — each lab also runs on its own as scripts/lab-N-*.sh."

failed=()
for script in scripts/lab-[0-9]-*.sh; do
  [ "$script" = "$first_lab" ] || wait_for_rest
  "$script" --lang "$lang" "${args[@]}" || failed+=("$(basename "$script")")
done
wait_for_rest

echo
if [ ${#failed[@]} -eq 0 ]; then
  say "둘러보기 끝. 다음: worksheets/ko/ 의 실습지를 따라 직접 해 보세요." \
    "Tour finished. Next: follow a worksheet in worksheets/en/ by hand."
else
  say "둘러보기 끝, 하지만 실패한 실습: ${failed[*]}" "Tour finished, but these labs failed: ${failed[*]}"
  exit 1
fi
