#!/usr/bin/env bash
# Manual pages and bash completion made from a program's own --help at build time, so neither
# can drift from the program (cmake/docs.cmake runs this for every program in LAB_PROGRAMS).
#   help-docs.sh manpage PROGRAM OUT.1 en|ko    help2man page; subcommands get a section each
#   help-docs.sh completion PROGRAM OUT         bash completion: options, subcommands, choices
#   help-docs.sh options PROGRAM [SUBCOMMAND]   the option names --help lists, one a line
#   help-docs.sh subcommands PROGRAM            the subcommand names --help lists, one a line
# The help is read in English for its structure (option names are the same in both languages);
# the Korean manual page shows what `--lang ko --help` prints.
set -euo pipefail

# Plain help: no colour, no terminal, the language only from --lang.
export NO_COLOR=1 LANG=C.UTF-8
unset LC_ALL LC_MESSAGES LANGUAGE

die() {
  echo "help-docs.sh: error: $*" >&2
  exit 1
}

# help_text PROGRAM LANG [SUBCOMMAND]
help_text() {
  local program=$1 lang=$2
  shift 2
  # Bounded: a program that does not know --help must fail the build, not hang it.
  timeout 20 "$program" --lang "$lang" "$@" --help </dev/null ||
    die "'$(basename "$program") --lang $lang $* --help' failed or took over 20 s"
}

# The option part of a help text: the lines after the usage line, up to the footer (CLI11
# separates the footer, our examples, with two blank lines). The description above the usage
# line may quote options (lab-netstat's "-p TCP|UDP"); those are prose, not this program's options.
option_block() {
  local name=$1
  awk -v name="$name" '
    !started { if ($0 ~ ("^[^ ][^:]*: *" name "( |$)")) started = 1; next }
    /^$/ { if (++blank >= 2) exit; next }
    { blank = 0; print }'
}

# First fields of the option lines: "-p,--port UINT:PORT ..." -> "-p,--port UINT:PORT ...".
option_lines() {
  option_block "$1" | awk '/^  -[-A-Za-z0-9]/ { sub(/^  /, ""); sub(/  .*/, ""); print }'
}

# options PROGRAM [SUBCOMMAND]: "-p" and "--port" on lines of their own.
list_options() {
  local program=$1 name
  name=$(basename "$program")
  shift
  [ $# -eq 0 ] || name="$name $1"
  help_text "$program" en "$@" | option_lines "$name" | awk '{
      split($1, names, ",")
      for (i in names) if (names[i] ~ /^-/) print names[i]
    }' | sort -u
}

list_subcommands() {
  local program=$1
  help_text "$program" en | awk '
    /^Subcommands:$/ { inside = 1; next }
    inside && /^$/ { exit }
    inside && /^  [A-Za-z]/ { print $1 }'
}

# choices PROGRAM [SUBCOMMAND]: "--lang ko en" for options whose help shows {a,b,...}.
list_choices() {
  local program=$1 name
  name=$(basename "$program")
  shift
  [ $# -eq 0 ] || name="$name $1"
  help_text "$program" en "$@" | option_lines "$name" | awk '
    match($0, /\{[^}]*\}/) {
      set = substr($0, RSTART + 1, RLENGTH - 2)
      gsub(",", " ", set)
      split($1, names, ",")
      for (i in names) if (names[i] ~ /^-/) print names[i], set
    }'
}

# takes_value PROGRAM [SUBCOMMAND]: options followed by a value ("--port UINT" but not "--json").
list_value_options() {
  local program=$1 name
  name=$(basename "$program")
  shift
  [ $# -eq 0 ] || name="$name $1"
  help_text "$program" en "$@" | option_lines "$name" | awk '
    NF > 1 && $2 != "Excludes:" && $2 != "Needs:" {
      split($1, names, ",")
      for (i in names) if (names[i] ~ /^-/) print names[i]
    }'
}

# Roff for a block of help text shown as it prints (a subcommand's help in the manual page).
roff_verbatim() {
  echo ".nf"
  sed -e 's/\\/\\e/g' -e 's/-/\\-/g' -e "s/^\\([.']\\)/\\\\\\&\\1/"
  echo ".fi"
}

# The footer of a help text (our examples), without its heading line.
footer_block() {
  awk '/^$/ { if (++blank >= 2) footer = 1; next } { blank = 0 } footer' | sed '1{/:$/d}'
}

make_manpage() {
  local program=$1 out=$2 lang=$3 name summary work subcommand
  name=$(basename "$program")
  [ "$lang" = en ] || [ "$lang" = ko ] || die "manpage: language is en or ko, not '$lang'"
  command -v help2man >/dev/null || die "help2man is missing (Debian: apt-get install help2man)"
  work=$(mktemp -d)
  trap 'rm -rf "$work"' RETURN
  # help2man reads the options from --help and would fold the examples into prose: it gets the
  # help up to the footer (through a stand-in of the same name), the examples come verbatim.
  # The usage line is labelled "Usage:" whatever the language, so help2man finds the synopsis.
  cat >"$work/$name" <<EOF_WRAPPER
#!/usr/bin/env bash
timeout 20 "$program" "\$@" </dev/null | awk '
  /^\$/ { if (++blank >= 2) exit; next }
  !usage && /^[^ ][^:]*: *$name( |\$)/ { usage = 1; sub(/^[^:]*:/, "Usage:") }
  { while (blank) { print ""; blank-- } print }'
EOF_WRAPPER
  chmod +x "$work/$name"
  # NAME line: the first sentence of the program's own description, up to a colon if it has one
  # ("TCP echo server: sends back ..." -> "TCP echo server"). It goes in the include file, which
  # help2man reads as UTF-8 (a --name argument would come out double-encoded).
  summary=$(help_text "$program" "$lang" | awk '/^$/ || /^[^ ][^:]*: *'"$name"'( |$)/ { exit } { print }' |
    tr '\n' ' ' | sed -e 's/[.] .*//' -e 's/: .*//' -e 's/[. ]*$//')
  {
    echo "[NAME]"
    echo "$name \- $summary"
    for subcommand in $(list_subcommands "$program"); do
      echo "[SUBCOMMAND $subcommand]"
      help_text "$program" "$lang" "$subcommand" | option_block "$name $subcommand" | roff_verbatim
    done
    echo "[=EXAMPLES]"
    help_text "$program" "$lang" | footer_block | roff_verbatim
  } >"$work/include"
  # help2man runs "PROGRAM OPTION" through the shell, so the option may be two words.
  # -L C.UTF-8: help2man reads and writes UTF-8 (in the C locale it turns Hangul into '?').
  help2man -L C.UTF-8 --no-info --section 1 --manual socket-lab \
    --help-option "--lang $lang --help" --version-option "--lang $lang --version" \
    --include "$work/include" --output "$out.tmp" "$work/$name"
  mv "$out.tmp" "$out"
}

make_completion() {
  local program=$1 out=$2 name function subcommands subcommand
  name=$(basename "$program")
  function="_${name//-/_}"
  subcommands=$(list_subcommands "$program" | tr '\n' ' ')
  {
    echo "# bash completion for $name: made from its --help by cmake/help-docs.sh (do not edit)."
    echo "$function() {"
    echo '  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} word subcommand=""'
    if [ -n "$subcommands" ]; then
      echo '  for word in "${COMP_WORDS[@]:1:COMP_CWORD-1}"; do'
      echo "    case \"\$word\" in ${subcommands// /|}) subcommand=\$word; break ;; esac" |
        sed 's/|)/)/'
      echo '  done'
    fi
    # A value after an option with choices: the choices. After another option that takes a
    # value: nothing of ours (bash falls back to file names, -o default).
    echo '  case "$prev" in'
    local choices choice_options
    choices=$({
      list_choices "$program"
      for subcommand in $subcommands; do list_choices "$program" "$subcommand"; done
    } | awk '!seen[$1]++')
    mapfile -t choice_options < <(echo "$choices" | awk 'NF { print $1 }')
    echo "$choices" | awk 'NF { option = $1; $1 = ""; sub(/^ /, "");
      printf "    %s) COMPREPLY=($(compgen -W \"%s\" -- \"$cur\")); return ;;\n", option, $0 }'
    local value_options
    value_options=$({
      list_value_options "$program"
      for subcommand in $subcommands; do list_value_options "$program" "$subcommand"; done
    } | sort -u | grep -vxF -f <(printf '%s\n' "${choice_options[@]}" "") | paste -sd '|' || true)
    [ -z "$value_options" ] || echo "    $value_options) COMPREPLY=(); return ;;"
    echo '  esac'
    echo '  local words'
    echo '  case "$subcommand" in'
    for subcommand in $subcommands; do
      echo "    $subcommand) words=\"$({ list_options "$program" "$subcommand"; list_options "$program"; } |
        sort -u | tr '\n' ' ' | sed 's/ $//')\" ;;"
    done
    echo "    *) words=\"$(list_options "$program" | tr '\n' ' ')${subcommands% }\" ;;"
    echo '  esac'
    echo '  COMPREPLY=($(compgen -W "$words" -- "$cur"))'
    echo '}'
    echo "complete -o default -F $function $name"
  } >"$out.tmp"
  bash -n "$out.tmp" || die "the completion made for $name is not valid bash"
  mv "$out.tmp" "$out"
}

[ $# -ge 2 ] || die "usage: help-docs.sh manpage|completion|options|subcommands PROGRAM ..."
action=$1
program=$2
[ -x "$program" ] || die "no program at '$program'"
case "$action" in
  manpage) make_manpage "$program" "${3:?manpage needs OUT}" "${4:?manpage needs en|ko}" ;;
  completion) make_completion "$program" "${3:?completion needs OUT}" ;;
  options) list_options "$program" "${@:3}" ;;
  subcommands) list_subcommands "$program" ;;
  *) die "unknown action '$action'" ;;
esac
