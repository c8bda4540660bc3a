# Sourced by tests/windows/run.sh: the Windows steps of the worksheets, run as a student types them.
# A worksheet's Windows commands are the lines of its ```bat blocks (`rem` lines are comments).
# A check file (tests/windows/checks/8N-worksheet-N.sh) names each of them, in order, with one of:
#   wstep 'COMMAND' [INPUT]     run it in Wine's cmd.exe (pipes, findstr and PATH as on Windows),
#                               to its end (at most 20 s): $out, $err (no \r), $code
#   wstep_bg NAME 'COMMAND'     start it in the background (a program that keeps running, such as
#                               a server); its output is in $work/NAME.out; `stop NAME` ends it
#   wstep_typed NAME 'COMMAND'  the same for a program that reads the keyboard (a step-mode
#                               client): its input stays open; `wtype NAME TEXT` types TEXT
#                               (printf %b: '\n' is Enter), `wend_input NAME` is Ctrl-Z + Enter
#   wskip 'COMMAND' 'WHY'       not run under Wine, and why (said in the suite's output)
# and then `wsteps_match N-name`, which checks that the commands named are exactly the worksheet's
# ```bat commands, in order, in English and in Korean alike: a worksheet cannot show a Windows
# command that the suite does not run or name.

# The programs are found as a student's Command Prompt finds them: on Wine's PATH.
export WINEPATH="Z:${win_bin//\//\\}"
wsteps_named=()

# The commands of the ```bat blocks of a Markdown file, one a line.
bat_commands() {  # bat_commands FILE
  awk '/^```/ { inbat = ($0 == "```bat") && !inbat; next }
       inbat && $0 !~ /^[[:space:]]*(rem( |$)|$)/ { print }' "$1"
}

# Wine 8's findstr.exe prints nothing at all (from a pipe, a file or a console), so a step that
# ends in `| findstr TEXT` runs the rest in cmd.exe and keeps the lines with TEXT here, as
# findstr would for a plain word; the suite's output says so. A Wine whose findstr works is used
# as it is.
wine_findstr_works=""
wstep() {  # wstep COMMAND [INPUT]
  wsteps_named+=("$1")
  local pattern='^(.*[^[:space:]])[[:space:]]*\|[[:space:]]*findstr[[:space:]]+([^[:space:]|/"]+)$'
  if [[ "$1" =~ $pattern ]]; then
    local before=${BASH_REMATCH[1]} text=${BASH_REMATCH[2]}
    if [ -z "$wine_findstr_works" ]; then
      run '' "$wine" cmd.exe /c "echo probe| findstr probe"
      if [ "$out" = probe ]; then wine_findstr_works=yes; else wine_findstr_works=no; fi
    fi
    if [ "$wine_findstr_works" = no ]; then
      run "${2:-}" "$wine" cmd.exe /c "$before"
      out=$(grep -F -- "$text" <<<"$out" || true)
      echo "  - Wine's findstr prints nothing: '| findstr $text' is applied here to cmd.exe's output"
      return
    fi
  fi
  run "${2:-}" "$wine" cmd.exe /c "$1"
}

wstep_bg() {  # wstep_bg NAME COMMAND
  local name=$1 command=$2 words
  wsteps_named+=("$command")
  # A program that keeps running is started directly (not through cmd.exe), so that its PID is
  # the program's own and `stop` ends it. Such a command is one program and its arguments.
  case "$command" in *[\|\<\>\&]*)
    fail "wstep_bg $name: '$command' is not a single program (use wstep)"; return ;;
  esac
  read -ra words <<<"$command"
  local program=${words[0]%.exe}
  start "$name" "$wine" "$win_bin/$program.exe" "${words[@]:1}"
}

wstep_typed() {  # wstep_typed NAME COMMAND
  local name=$1 command=$2 words fd
  wsteps_named+=("$command")
  case "$command" in *[\|\<\>\&]*)
    fail "wstep_typed $name: '$command' is not a single program (use wstep)"; return ;;
  esac
  read -ra words <<<"$command"
  local program=${words[0]%.exe}
  # A FIFO held open here is the keyboard: the program waits on it as on a console, and sees
  # the end of input only when wend_input closes it.
  rm -f "$work/$name.in"
  mkfifo "$work/$name.in"
  "$wine" "$win_bin/$program.exe" "${words[@]:1}" <"$work/$name.in" >"$work/$name.out" 2>&1 &
  started_pids+=($!)
  eval "${name}_pid=$!"
  exec {fd}>"$work/$name.in"
  eval "${name}_input=$fd"
}

wtype() {  # wtype NAME TEXT
  local fd_var="${1}_input"
  [ -n "${!fd_var:-}" ] || { fail "wtype $1: no input open (wstep_typed $1 first)"; return; }
  printf '%b' "$2" >&"${!fd_var}"
}

wend_input() {  # wend_input NAME
  local fd_var="${1}_input"
  [ -n "${!fd_var:-}" ] || return 0
  eval "exec ${!fd_var}>&-"
  eval "${1}_input="
}

wskip() {  # wskip COMMAND WHY
  wsteps_named+=("$1")
  echo "  - not run under Wine: $1 ($2)"
}

# The commands of a worksheet's last section, "In the classroom": they need a teacher's machine
# and other PCs, which tests/room/room_test.sh builds from network namespaces (a Windows student
# under Wine among them) and runs them in. Here they are named, in order, as the room's.
wclassroom_steps() {  # wclassroom_steps N-name
  local command
  while IFS= read -r command; do
    wskip "$command" "a classroom step: tests/room/room_test.sh runs it with a teacher and students"
  done < <(awk '/^## In the classroom/ { section = 1 } section' "worksheets/en/$1.md" >"$work/classroom.md"
           bat_commands "$work/classroom.md")
}

wsteps_match() {  # wsteps_match N-name
  local lang shown named
  named=$(printf '%s\n' "${wsteps_named[@]}")
  for lang in en ko; do
    shown=$(bat_commands "worksheets/$lang/$1.md")
    if [ "$shown" = "$named" ]; then
      pass "worksheet $1 ($lang): every Windows command it shows is run or named here, in order"
    else
      fail "worksheet $1 ($lang): its Windows commands differ from the ones run here"
      diff <(echo "$shown") <(echo "$named") | sed 's/^/      /' >&2 || true
    fi
  done
  wsteps_named=()
}
