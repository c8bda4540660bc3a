#!/usr/bin/env bash
# Every program has an English and a Korean manual page and a bash completion file, and each of
# them mentions every option the program's --help lists (and, for a program with subcommands,
# every subcommand and every option of each subcommand's --help). The pages are made from the
# help at build time (cmake/help-docs.sh); this catches a generator that drops an option, a
# page left over from an older build, and a program that got no page at all.
#   check_docs.sh BIN_DIR DOCS_DIR PROGRAM...     (ctest runs it; DOCS_DIR is build/share)
set -euo pipefail
[ $# -ge 3 ] || { echo "check_docs.sh: error: usage: check_docs.sh BIN_DIR DOCS_DIR PROGRAM..." >&2; exit 2; }
bin_dir=$1 docs_dir=$2
shift 2
help_docs="$(cd "$(dirname "$0")/../.." && pwd)/cmake/help-docs.sh"
failures=0 checks=0

fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

# The words of a manual page as a reader sees them: roff escapes and font changes removed.
page_text() {
  sed -e 's/\\f[BIRP]//g' -e 's/\\-/-/g' -e 's/\\e/\\/g' -e 's/\\&//g' "$1"
}

# mentions FILE_TEXT WORD: WORD appears as a word of its own (--port must not match --port-x).
mentions() {
  grep -qE -- "(^|[^-A-Za-z0-9])$(printf '%s' "$2" | sed 's/[.[\*^$]/\\&/g')([^-A-Za-z0-9]|$)" <<<"$1"
}

for program in "$@"; do
  [ -x "$bin_dir/$program" ] || { fail "$program: no program in $bin_dir"; continue; }
  completion=$docs_dir/bash-completion/completions/$program
  man_en=$docs_dir/man/man1/$program.1
  man_ko=$docs_dir/man/ko/man1/$program.1
  for file in "$completion" "$man_en" "$man_ko"; do
    [ -s "$file" ] || fail "$program: missing $file"
  done
  [ -s "$completion" ] && [ -s "$man_en" ] && [ -s "$man_ko" ] || continue
  bash -n "$completion" || fail "$program: $completion is not valid bash"
  grep -q "complete .* $program\$" "$completion" || fail "$program: $completion does not register $program"

  completion_text=$(cat "$completion")
  en_text=$(page_text "$man_en")
  ko_text=$(page_text "$man_ko")
  subcommands=$("$help_docs" subcommands "$bin_dir/$program")
  # (subcommand, option) pairs: "" for the program itself.
  words=$("$help_docs" options "$bin_dir/$program")
  for subcommand in $subcommands; do
    words+=$'\n'"$subcommand"$'\n'"$("$help_docs" options "$bin_dir/$program" "$subcommand")"
  done
  [ -n "$words" ] || fail "$program: --help lists no options at all (the parser is broken?)"
  for word in $(sort -u <<<"$words"); do
    checks=$((checks + 1))
    mentions "$completion_text" "$word" || fail "$program: completion lacks $word"
    mentions "$en_text" "$word" || fail "$program: English manual page lacks $word"
    mentions "$ko_text" "$word" || fail "$program: Korean manual page lacks $word"
  done
  # The completion works as a student meets it: "PROGRAM --<Tab>" offers every long option,
  # "PROGRAM SUBCOMMAND --<Tab>" every option of that subcommand.
  for subcommand in "" $subcommands; do
    offered=$(bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
      _'"${program//-/_}"'; printf "%s\n" "${COMPREPLY[@]}"' _ "$completion" "$program" $subcommand --)
    for word in $("$help_docs" options "$bin_dir/$program" $subcommand | grep '^--'); do
      checks=$((checks + 1))
      grep -qx -- "$word" <<<"$offered" ||
        fail "$program${subcommand:+ $subcommand} --<Tab> does not offer $word"
    done
  done
  # Each page speaks its language: its NAME line is the first sentence of that language's --help
  # (a page made from the wrong help, or with its Hangul mangled, fails here).
  for lang in en ko; do
    first=$(LANG=C.UTF-8 NO_COLOR=1 "$bin_dir/$program" --lang "$lang" --help </dev/null | head -n 1)
    first=${first%%: *}
    first=${first%%. *}
    first=${first%.}
    if [ "$lang" = en ]; then page=$en_text; else page=$ko_text; fi
    checks=$((checks + 1))
    grep -qxF -- "$program - $first" <<<"$page" ||
      fail "$program: the $lang manual page's NAME is not '$program - $first'"
  done
  # The version line in the page is the one the program prints.
  version=$("$bin_dir/$program" --version | sed 's/^[^ ]* //')
  grep -qF -- "$(sed 's/(socket-lab) //' <<<"$version")" <<<"$en_text" ||
    fail "$program: English manual page is not from this build (version '$version')"
done

echo "check_docs.sh: $checks option checks over $# programs, $failures failures"
[ "$failures" -eq 0 ]
