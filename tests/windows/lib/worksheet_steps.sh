# Sourced by tests/windows/run.sh: the Windows steps of the worksheets, run as a student types them.
# A worksheet's Windows commands are the lines of its ```bat blocks (`rem` lines are comments).
# A check file (tests/windows/checks/8N-worksheet-N.sh) names each of them, in order, with one of:
#   wstep 'COMMAND' [INPUT]     run it in Wine's cmd.exe (pipes, findstr and PATH as on Windows),
#                               to its end (at most 20 s): $out, $err (no \r), $code
#   wstep_bg NAME 'COMMAND'     start it in the background (a program that keeps running, such as
#                               a server); its output is in $work/NAME.out; `stop NAME` ends it
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

wstep() {  # wstep COMMAND [INPUT]
  wsteps_named+=("$1")
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

wskip() {  # wskip COMMAND WHY
  wsteps_named+=("$1")
  echo "  - not run under Wine: $1 ($2)"
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
