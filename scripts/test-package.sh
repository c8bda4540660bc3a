#!/usr/bin/env bash
# The Debian package, for real: builds it with CPack from a configured build folder, checks its
# file list (every program, both manual pages of each, each completion file, the worksheets and
# answer keys), installs it with dpkg, runs `lab-netstat -ano` and `lab-ports http` from
# /usr/bin, purges it, and checks that it left nothing behind (the files under /usr, /etc, /opt
# and dpkg's own records, before and after). The package is purged on every way out of here.
#   scripts/test-package.sh                  package build/ (built with its docs first)
#   scripts/test-package.sh --build-dir DIR  another build folder
# Needs root (or sudo) for dpkg. Everything runs on this machine; nothing is downloaded.
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir=build
while [ $# -gt 0 ]; do
  case "$1" in
    --build-dir) build_dir=${2:?--build-dir needs a folder}; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "test-package.sh: error: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done
[ -f "$build_dir/CMakeCache.txt" ] ||
  { echo "test-package.sh: error: $build_dir/ is not configured (run scripts/setup.sh)" >&2; exit 2; }

package=socket-lab
if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif sudo -n true 2>/dev/null; then
  sudo=(sudo -n)
else
  echo "test-package.sh: skipped: dpkg needs root (or sudo without a password)"
  exit 0
fi
# One package test at a time on a machine (two would install and purge under each other): wait
# up to 10 min for another run to finish.
lock_file=/run/lock/socket-lab-package-test.lock
[ -d /run/lock ] && [ -w /run/lock ] || lock_file=${TMPDIR:-/tmp}/socket-lab-package-test.lock
exec 9>>"$lock_file"
if ! flock -n 9; then
  echo "test-package.sh: another package test is running; waiting for it (at most 10 min)"
  flock -w 600 9 || { echo "test-package.sh: error: the other package test did not finish" >&2; exit 1; }
fi

# dpkg's state of the package: installed, config-files, ... or not-installed.
package_state() {
  local state
  state=$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null || true)
  echo "${state:-not-installed}"
}
if [ "$(package_state)" != not-installed ]; then
  echo "test-package.sh: error: $package is installed already; this test installs and purges it," \
    "so remove it first (dpkg --purge $package)" >&2
  exit 1
fi

work=$(mktemp -d)
failures=0
check() {  # check DESCRIPTION COMMAND...: one line per check, PASS or FAIL
  if "${@:2}"; then
    echo "  PASS  $1"
  else
    echo "  FAIL  $1"
    failures=$((failures + 1))
  fi
}

# dpkg refuses to wait for its lock (someone's apt-get on this machine): retry for up to 2 min.
dpkg_locked() {
  local attempt
  for attempt in $(seq 60); do
    if "${sudo[@]}" dpkg "$@" >"$work/dpkg.log" 2>&1; then return 0; fi
    grep -qi "lock" "$work/dpkg.log" || { cat "$work/dpkg.log" >&2; return 1; }
    sleep 2
  done
  cat "$work/dpkg.log" >&2
  return 1
}

# Every way out purges the package if this script installed it, and removes the scratch folder.
installed_by_us=0
cleanup() {
  local status=$?
  if [ "$installed_by_us" -eq 1 ] && [ "$(package_state)" != not-installed ]; then
    dpkg_locked --purge "$package" || echo "test-package.sh: error: could not purge $package" >&2
  fi
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "== package: build ($build_dir)"
mapfile -t programs <"$build_dir/lab-programs.txt"
[ ${#programs[@]} -gt 0 ] || { echo "test-package.sh: error: no programs in $build_dir/lab-programs.txt" >&2; exit 1; }
cmake --build "$build_dir" --target lab-programs lab-docs
(cd "$build_dir" && cpack -G DEB -B "$work/out" >"$work/cpack.log" 2>&1) ||
  { cat "$work/cpack.log" >&2; exit 1; }
deb=$(ls "$work"/out/*.deb)
echo "  $(basename "$deb"): $(du -k "$deb" | cut -f1) KiB"
dpkg-deb -c "$deb" | awk '{ print $6 }' | sed 's,^\./,/,; s,/$,,' | sort >"$work/contents"
dpkg-deb -f "$deb" Package Depends Description >"$work/control"
grep -E '^(Package|Depends):' "$work/control" | sed 's/^/  /'

echo "== package: its contents"
has() { grep -qx -- "$1" "$work/contents"; }
check "the package is called $package" grep -qx "Package: $package" "$work/control"
check "it has a description (summary and text)" \
  sh -c "grep -q '^Description: hands-on socket labs' '$work/control' && grep -q '^ socket-lab is a set' '$work/control'"
check "its dependencies were computed (libc6, libstdc++6, libfmt)" \
  grep -qE "^Depends: .*libc6.*libfmt|^Depends: .*libfmt.*libc6" "$work/control"
for program in "${programs[@]}"; do
  check "$program: /usr/bin/$program" has "/usr/bin/$program"
  check "$program: English manual page" has "/usr/share/man/man1/$program.1.gz"
  check "$program: Korean manual page" has "/usr/share/man/ko/man1/$program.1.gz"
  check "$program: bash completion" has "/usr/share/bash-completion/completions/$program"
done
for worksheet in worksheets/*/*.md worksheets/*/answers/*.md; do
  check "$worksheet" has "/usr/share/doc/$package/$worksheet"
done
check "README.md" has "/usr/share/doc/$package/README.md"
unexpected=$(grep -vE "^/usr(/bin(/lab-[a-z0-9-]+)?|/share(/man(/ko)?(/man1(/lab-[a-z0-9-]+\.1\.gz)?)?|/bash-completion(/completions(/lab-[a-z0-9-]+)?)?|/doc(/$package(/.*)?)?)?)?)?$" \
  "$work/contents" || true)
check "nothing outside bin/, man/, bash-completion/ and doc/$package/" test -z "$unexpected"
[ -z "$unexpected" ] || echo "$unexpected" | sed 's/^/        /'

# What the machine holds before: files and folders in the places a package can touch.
snapshot() {
  "${sudo[@]}" find /usr /etc /opt /var/lib/dpkg/info -xdev 2>/dev/null | sort
}
snapshot >"$work/before"

echo "== package: install (dpkg -i)"
installed_by_us=1
dpkg_locked -i "$deb"
check "dpkg says $package is installed" test "$(package_state)" = installed
dpkg-query -L "$package" | sort >"$work/installed"
for program in "${programs[@]}"; do
  check "$program is on PATH as /usr/bin/$program" test "$(command -v "$program")" = "/usr/bin/$program"
done
# The programs run from PATH as a student types them, with no build folder in sight.
(cd / && env -i PATH=/usr/bin:/bin LANG=C.UTF-8 NO_COLOR=1 lab-netstat -ano >"$work/netstat.out" 2>&1) &&
  netstat_status=0 || netstat_status=$?
check "lab-netstat -ano exits 0" test "$netstat_status" -eq 0
check "lab-netstat -ano prints the Windows header" \
  grep -qE "^  Proto +Local Address +Foreign Address +State +PID" "$work/netstat.out"
(cd / && env -i PATH=/usr/bin:/bin LANG=C.UTF-8 NO_COLOR=1 lab-ports http >"$work/ports.out" 2>&1) &&
  ports_status=0 || ports_status=$?
check "lab-ports http exits 0" test "$ports_status" -eq 0
check "lab-ports http answers 80/tcp HTTP" grep -qE "^ +80 +tcp +HTTP " "$work/ports.out"
versions=$(for program in "${programs[@]}"; do "/usr/bin/$program" --version | sed 's/^[^ ]* //'; done | sort -u)
check "every installed program prints one version ($(head -n 1 <<<"$versions"))" \
  test "$(wc -l <<<"$versions")" -eq 1
if command -v man >/dev/null; then
  check "man finds the English page of lab-netstat" \
    sh -c "man -w lab-netstat | grep -qx /usr/share/man/man1/lab-netstat.1.gz"
  check "man finds the Korean page (man -L ko)" \
    sh -c "man -L ko -w lab-netstat | grep -qx /usr/share/man/ko/man1/lab-netstat.1.gz"
fi
check "the installed completion registers lab-netstat" \
  bash -c 'source /usr/share/bash-completion/completions/lab-netstat && complete -p lab-netstat >/dev/null'
[ "$failures" -eq 0 ] || { cat "$work/netstat.out" "$work/ports.out" | head -n 20 | sed 's/^/        /'; }

echo "== package: purge (dpkg --purge)"
dpkg_locked --purge "$package"
installed_by_us=0
check "dpkg no longer knows $package (not even its configuration)" test "$(package_state)" = not-installed
snapshot >"$work/after"
# Paths that came or went meanwhile. Others may install packages on this machine at the same
# time: only paths of this package, or named after it, count against it.
comm -3 "$work/before" "$work/after" | sed 's/^\t//' >"$work/changed"
ours=$({
  grep -xF -f "$work/installed" "$work/changed"
  grep -E "$package|/lab-[a-z0-9-]+(\.1\.gz)?$" "$work/changed"
} | sort -u || true)
check "purge left nothing of the package behind" test -z "$ours"
[ -z "$ours" ] || echo "$ours" | sed 's/^/        /'
others=$(grep -cvxF -f "$work/installed" "$work/changed" || true)
[ "${others:-0}" -eq 0 ] || echo "  note: $others other paths changed meanwhile (not this package's)"

echo "test-package.sh: $failures failures"
[ "$failures" -eq 0 ]
