#!/usr/bin/env bash
# `lab-X --version` is one line, the same for every program: "lab-X (socket-lab) VERSION", with
# VERSION the CMake project version, followed by the git commit the programs were built from
# when the sources are a git checkout (a build older than the checkout's commit fails here).
#   check_version.sh BIN_DIR SOURCE_DIR PROJECT_VERSION PROGRAM...    (ctest runs it)
set -euo pipefail
[ $# -ge 4 ] || { echo "check_version.sh: error: usage: BIN_DIR SOURCE_DIR VERSION PROGRAM..." >&2; exit 2; }
bin_dir=$1 source_dir=$2 version=$3
shift 3

expected="$version"
if command -v git >/dev/null && [ -e "$source_dir/.git" ]; then
  commit=$(git -C "$source_dir" rev-parse --short=9 HEAD)
  expected="$version (git $commit"  # then ")" or ", modified)"
fi

failures=0
for program in "$@"; do
  output=$("$bin_dir/$program" --version)
  status=$?
  lines=$(wc -l <<<"$output")
  case "$output" in
    "$program (socket-lab) $expected"*) ;;
    *) echo "FAIL: $program --version printed '$output', expected '$program (socket-lab) $expected...'"
       failures=$((failures + 1)) ;;
  esac
  [ "$status" -eq 0 ] && [ "$lines" -eq 1 ] ||
    { echo "FAIL: $program --version: exit $status, $lines lines"; failures=$((failures + 1)); }
done
echo "check_version.sh: $# programs, $failures failures (expected: $expected...)"
[ "$failures" -eq 0 ]
