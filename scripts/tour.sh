#!/usr/bin/env bash
# The guided tour: installs what is missing, builds socket-lab, then walks through every lab in
# teaching order — the same steps as the worksheets, run for real, with a pause between steps
# when you sit at a terminal. A few minutes in all.
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
    -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "tour.sh: error: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done
say() { if [ "$lang" = ko ]; then echo "$1"; else echo "$2"; fi; }

say "socket-lab 준비 중 (필요한 패키지 설치, 빌드)…" "Getting socket-lab ready (installing what is missing, building)…"
scripts/setup.sh >/dev/null

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
  "$script" --lang "$lang" "${args[@]}" || failed+=("$(basename "$script")")
done

echo
if [ ${#failed[@]} -eq 0 ]; then
  say "둘러보기 끝. 다음: worksheets/ko/ 의 실습지를 따라 직접 해 보세요." \
    "Tour finished. Next: follow a worksheet in worksheets/en/ by hand."
else
  say "둘러보기 끝, 하지만 실패한 실습: ${failed[*]}" "Tour finished, but these labs failed: ${failed[*]}"
  exit 1
fi
