# Shared by scripts/lab-N-*.sh (sourced). One call per worksheet step; the same calls serve:
#   (default)          show each command and its output; pause between steps on a terminal
#   --no-pause         the same without pauses (CI, or a teacher's projector)
#   --list-commands    print the commands only, one "$ command" per line: the tests compare them
#                      with the worksheets, so a worksheet cannot drift from its script
#   --samples DIR      also write each step's output to DIR/ID.txt (scripts/refresh-samples.sh)
#   --lang ko|en       language of the narration and of the programs (default: from LANG)
# Commands run with build/bin first on PATH, exactly as the worksheet prints them. Ports come
# from LAB_PORT_BASE (default per lab; LAB_PORT_SHIFT moves all labs) so two runs in one minute
# can avoid each other's TIME_WAIT. A lab uses ports BASE..BASE+49 only. LAB_WAIT_QUIET=SECONDS
# makes a run first wait (that long at most) until no socket at all uses those ports, not even a
# TIME_WAIT left by an earlier run: scripts/refresh-samples.sh sets it, so that a sample shows
# only the sockets of its own run.
# Every background program is ended by its PID when the script ends, however it ends.

ws_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
ws_mode=run ws_pause_enabled=1 ws_samples="" ws_failures=0 ws_checks=0 ws_out=""
declare -A ws_pid ws_log ws_fifo
ws_tmp=""

ws_usage() {
  sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

# ws_init DEFAULT_PORT_BASE "$@"
ws_init() {
  local default_base=$1
  shift
  ws_lang=en
  case "${LC_ALL:-${LC_MESSAGES:-${LANG:-}}}" in ko*) ws_lang=ko ;; esac
  while [ $# -gt 0 ]; do
    case "$1" in
      --no-pause) ws_pause_enabled=0; shift ;;
      --list-commands) ws_mode=list; shift ;;
      --samples) ws_samples=${2:?--samples needs a folder}; shift 2 ;;
      --lang) ws_lang=${2:-}; shift 2
        [ "$ws_lang" = ko ] || [ "$ws_lang" = en ] ||
          { echo "$(basename "$0"): error: --lang takes ko or en" >&2; exit 2; } ;;
      -h|--help) ws_usage; exit 0 ;;
      *) echo "$(basename "$0"): error: unknown option '$1' (see --help)" >&2; exit 2 ;;
    esac
  done
  [ -t 0 ] && [ -t 1 ] || ws_pause_enabled=0
  # LAB_PORT_SHIFT moves every lab's ports at once; "auto" (the tests and the tour) picks ten
  # ports in a row that nobody holds right now, so a busy machine cannot make a run fail.
  if [ "${LAB_PORT_BASE:-}" = auto ] || { [ -z "${LAB_PORT_BASE:-}" ] && [ "${LAB_PORT_SHIFT:-}" = auto ]; }; then
    LAB_PORT_BASE=$(ws_free_port_base)
  fi
  LAB_PORT_BASE=${LAB_PORT_BASE:-$((default_base + ${LAB_PORT_SHIFT:-0}))}
  [ "$ws_mode" = list ] && LAB_PORT_BASE=$default_base
  if [ "$ws_mode" = run ]; then
    [ -x "$ws_root/build/bin/lab-tcp-server" ] || "$ws_root/scripts/setup.sh" >/dev/null
    export PATH="$ws_root/build/bin:$PATH"
    # The programs pick their language from LANG; LC_ALL would override it. They need no
    # installed locale, but bash does: on a machine without ko_KR.UTF-8 it warns (setlocale) when
    # these change, so its complaint is silenced here.
    {
      unset LC_ALL LC_MESSAGES
      if [ "$ws_lang" = ko ]; then export LANG=ko_KR.UTF-8; else export LANG=C.UTF-8; fi
    } 2>/dev/null
    [ -n "${LAB_WAIT_QUIET:-}" ] && ws_wait_quiet "$LAB_WAIT_QUIET"
    ws_tmp=$(mktemp -d)
    [ -n "$ws_samples" ] && mkdir -p "$ws_samples"
    trap ws_cleanup EXIT
    trap 'exit 130' INT TERM
  fi
}

# ws_wait_quiet SECONDS: waits until no TCP or UDP socket has a local or foreign port in
# LAB_PORT_BASE..LAB_PORT_BASE+49 (TIME_WAIT lasts 60 s on Linux); exit 1 if that takes longer.
ws_wait_quiet() {
  local first=$LAB_PORT_BASE last=$((LAB_PORT_BASE + 49)) deadline=$((SECONDS + $1)) busy
  local filter="( sport >= :$first and sport <= :$last ) or ( dport >= :$first and dport <= :$last )"
  while busy=$(ss -Htuan "$filter" | wc -l) && [ "$busy" -gt 0 ]; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "$(basename "$0"): error: $(ws_t "포트 $first-$last에 소켓 ${busy}개가 ${1}초 뒤에도 남아 있습니다" "$busy sockets still use ports $first-$last after $1 s") (ss -tuanp '$filter')" >&2
      exit 1
    fi
    sleep 1
  done
}

# ws_free_port_base: the first of ten ports in a row (20000-32759, below Linux's ephemeral
# range, so no client's local port lands there) with no TCP or UDP socket on them, in any state
# (TIME_WAIT included). Random tries, bounded.
ws_free_port_base() {
  local base tries
  for tries in $(seq 200); do
    base=$((20000 + (RANDOM % 1276) * 10))
    if ! ss -Htuan "( sport >= :$base and sport <= :$((base + 9)) )" 2>/dev/null | grep -q .; then
      echo "$base"
      return 0
    fi
  done
  echo "$(basename "$0"): error: no ten free ports in a row found" >&2
  exit 1
}

ws_cleanup() {
  local name
  for name in "${!ws_pid[@]}"; do kill -INT "${ws_pid[$name]}" 2>/dev/null || true; done
  for name in "${!ws_pid[@]}"; do ws_reap "$name"; done
  [ -n "$ws_tmp" ] && rm -rf "$ws_tmp"
}

# ws_reap NAME: waits up to 5 s for a background program, then kills it.
ws_reap() {
  local pid=${ws_pid[$1]:-}
  [ -n "$pid" ] || return 0
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  unset "ws_pid[$1]"
}

ws_t() { if [ "$ws_lang" = ko ]; then printf '%s' "$1"; else printf '%s' "$2"; fi; }
ws_bold() { if [ -t 1 ] && [ -z "${NO_COLOR:-}" ]; then printf '\033[1m%s\033[0m' "$1"; else printf '%s' "$1"; fi; }
ws_color() { if [ -t 1 ] && [ -z "${NO_COLOR:-}" ]; then printf '\033[%sm%s\033[0m' "$1" "$2"; else printf '%s' "$2"; fi; }

# ws_title KO EN
ws_title() {
  [ "$ws_mode" = list ] && return 0
  printf '\n%s\n' "$(ws_bold "== $(ws_t "$1" "$2") ==")"
}
# ws_step NUMBER KO EN: a numbered step of the worksheet.
ws_step() {
  [ "$ws_mode" = list ] && return 0
  ws_pause
  printf '\n%s\n' "$(ws_bold "$(ws_t "단계" "Step") $1. $(ws_t "$2" "$3")")"
}
# ws_say KO EN: a line of narration.
ws_say() {
  [ "$ws_mode" = list ] && return 0
  printf '%s\n' "$(ws_t "$1" "$2")"
}

ws_pause() {
  [ "$ws_mode" = run ] && [ "$ws_pause_enabled" = 1 ] || return 0
  printf '%s' "$(ws_color 2 "$(ws_t "[Enter]를 누르면 계속" "[Enter] to go on")")"
  read -r _ || true
}

ws_show_command() {
  printf '%s %s\n' "$(ws_color 36 "[$(ws_t "터미널" "terminal") $1] \$")" "$(ws_bold "$2")"
}

ws_save_sample() {
  [ -n "$ws_samples" ] || return 0
  printf '$ %s\n%s' "$2" "$3" >"$ws_samples/$1.txt"
}

# ws_run ID TERMINAL COMMAND [INPUT]: runs COMMAND to its end (at most 60 s), INPUT on stdin.
ws_run() {
  local id=$1 terminal=$2 command=$3 input=${4:-}
  if [ "$ws_mode" = list ]; then printf '$ %s\n' "$command"; return 0; fi
  ws_show_command "$terminal" "$command"
  [ -n "$input" ] && printf '%s' "$(ws_color 2 "$(ws_t "(입력: " "(typing: ")$(printf '%s' "$input" | tr '\n' '|'))")" && echo
  ws_out=$(printf '%b' "$input" | timeout 60 bash -c "$command" 2>&1) || true
  printf '%s\n' "$ws_out"
  ws_save_sample "$id" "$command" "$ws_out"$'\n'
}

# ws_start ID TERMINAL COMMAND READY: starts COMMAND in the background ("another terminal")
# and waits (at most 10 s) until its output matches the regex READY.
ws_start() {
  local id=$1 terminal=$2 command=$3 ready=$4
  if [ "$ws_mode" = list ]; then printf '$ %s\n' "$command"; return 0; fi
  ws_show_command "$terminal" "$command"
  ws_log[$terminal]="$ws_tmp/$terminal.log"
  ws_fifo[$terminal]="$ws_tmp/$terminal.in"
  mkfifo "${ws_fifo[$terminal]}"
  # exec replaces the shell, so the PID we keep is the program's own.
  bash -c "exec $command" <"${ws_fifo[$terminal]}" >"${ws_log[$terminal]}" 2>&1 &
  ws_pid[$terminal]=$!
  exec {ws_keep_open}>"${ws_fifo[$terminal]}"  # its stdin stays open until we press keys
  eval "ws_stdin_$terminal=$ws_keep_open"
  for _ in $(seq 100); do
    grep -Eq "$ready" "${ws_log[$terminal]}" 2>/dev/null && break
    kill -0 "${ws_pid[$terminal]}" 2>/dev/null || break
    sleep 0.1
  done
  ws_out=$(cat "${ws_log[$terminal]}")
  printf '%s\n' "$ws_out"
  ws_save_sample "$id" "$command" "$ws_out"$'\n'
  grep -Eq "$ready" <<<"$ws_out" || ws_fail "$(ws_t "시작되지 않음" "did not start"): $command"
}

# ws_enter TERMINAL [REGEX]: presses Enter in that terminal and waits (at most 10 s) until it
# prints REGEX (default: its next "[Enter]" prompt) or ends; then shows what it printed since.
ws_enter() {
  local terminal=$1 ready=${2:-'\[Enter\]'} fd_var="ws_stdin_$1" before
  [ "$ws_mode" = list ] && return 0
  before=$(wc -c <"${ws_log[$terminal]}")
  printf '%s\n' "$(ws_color 2 "[$(ws_t "터미널" "terminal") $terminal] ⏎")"
  printf '\n' >&"${!fd_var}"
  for _ in $(seq 100); do
    tail -c +"$((before + 1))" "${ws_log[$terminal]}" | grep -Eq "$ready" && break
    kill -0 "${ws_pid[$terminal]}" 2>/dev/null || break
    sleep 0.1
  done
  ws_out=$(tail -c +"$((before + 1))" "${ws_log[$terminal]}")
  printf '%s\n' "$ws_out"
}

# ws_output TERMINAL [ID]: everything that terminal's program printed so far.
ws_output() {
  [ "$ws_mode" = list ] && return 0
  ws_out=$(cat "${ws_log[$1]}")
  [ -n "${2:-}" ] && ws_save_sample "$2" "(terminal $1)" "$ws_out"$'\n'
  return 0
}

# ws_stop ID TERMINAL: Ctrl-C in that terminal; shows everything the program printed.
ws_stop() {
  local id=$1 terminal=$2
  [ "$ws_mode" = list ] && return 0
  printf '%s\n' "$(ws_color 36 "[$(ws_t "터미널" "terminal") $terminal] Ctrl-C")"
  kill -INT "${ws_pid[$terminal]}" 2>/dev/null || true
  ws_reap "$terminal"
  ws_out=$(cat "${ws_log[$terminal]}")
  printf '%s\n' "$(tail -n 3 <<<"$ws_out")"
  ws_save_sample "$id" "(terminal $terminal: Ctrl-C)" "$ws_out"$'\n'
}

ws_fail() {
  ws_failures=$((ws_failures + 1))
  printf '%s %s\n' "$(ws_color 31 "✗")" "$1"
}

# ws_expect REGEX KO EN: what the worksheet promises the student will see in the last output.
ws_expect() {
  [ "$ws_mode" = list ] && return 0
  ws_checks=$((ws_checks + 1))
  if grep -Eq -- "$1" <<<"$ws_out"; then
    printf '%s %s\n' "$(ws_color 32 "✓")" "$(ws_t "$2" "$3")"
  else
    ws_fail "$(ws_t "$2" "$3") — $(ws_t "출력에 없음" "not in the output"): /$1/"
  fi
}

# ws_require_free_ports PORT...: say so plainly when a port is taken (often by TIME_WAIT).
ws_require_free_ports() {
  [ "$ws_mode" = run ] || return 0
  local port
  for port in "$@"; do
    if ss -Htan "sport = :$port" | grep -q .; then
      echo "$(basename "$0"): error: $(ws_t "포트 $port 사용 중 (TIME_WAIT라면 1분 기다리거나 LAB_PORT_BASE=$((LAB_PORT_BASE + 50))으로 실행하세요)" "port $port is in use (if by TIME_WAIT, wait a minute or run with LAB_PORT_BASE=$((LAB_PORT_BASE + 50)))")" >&2
      exit 1
    fi
  done
}

# ws_finish: the result of every check; exit 1 if any failed.
ws_finish() {
  [ "$ws_mode" = list ] && exit 0
  echo
  if [ "$ws_failures" -eq 0 ]; then
    printf '%s\n' "$(ws_color 32 "$(ws_t "확인 $ws_checks개 모두 통과" "all $ws_checks checks passed")")"
    exit 0
  fi
  printf '%s\n' "$(ws_color 31 "$(ws_t "확인 $ws_checks개 중 $ws_failures개 실패" "$ws_failures of $ws_checks checks failed")")"
  exit 1
}

# ws_pid_of TERMINAL: PID of the program running in that terminal (0 when none, or listing).
ws_pid_of() { printf '%s' "${ws_pid[$1]:-0}"; }

# ws_wait TERMINAL REGEX [ID]: waits (at most 10 s) until that terminal's program has printed
# something matching REGEX; then like ws_output.
ws_wait() {
  [ "$ws_mode" = list ] && return 0
  for _ in $(seq 100); do
    grep -Eq "$2" "${ws_log[$1]}" 2>/dev/null && break
    sleep 0.1
  done
  ws_output "$1" "${3:-}"
}
