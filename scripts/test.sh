#!/usr/bin/env bash
# Builds socket-lab and runs the whole test suite twice: the default build (warnings as errors)
# and the sanitizer build (ASan + UBSan), then the default build's .deb (scripts/test-package.sh),
# then the tour's quick unity build (compiled only), then the Windows cross-build under Wine
# (tests/windows/run.sh).
#   scripts/test.sh            everything above
#   scripts/test.sh --quick    the default build only (no ASan, no Windows)
# Exits non-zero when any test fails.
set -euo pipefail
cd "$(dirname "$0")/.."

presets=(default asan)
windows=1
case "${1:-}" in
  --quick) presets=(default) windows=0 ;;
  "") ;;
  -h|--help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "test.sh: error: unknown option '$1' (see --help)" >&2; exit 2 ;;
esac

# --tests: also what only the tests use (Catch2, zlib, Chromium for lab-trace's screenshot test).
if [ "$windows" -eq 1 ]; then scripts/setup.sh --no-build --tests --windows; else scripts/setup.sh --no-build --tests; fi
jobs=$(nproc 2>/dev/null || echo 2)
for preset in "${presets[@]}"; do
  echo "== build: $preset"
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" -j "$jobs"
  echo "== test: $preset"
  # halt_on_error keeps a sanitizer finding fatal; detect_leaks stays on (LeakSanitizer).
  ASAN_OPTIONS=halt_on_error=1:detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    ctest --preset "$preset" -j "$jobs"
  # The .deb from the default build: built, installed, run from /usr/bin, purged (its own script,
  # which purges the package on every way out).
  if [ "$preset" = default ]; then
    echo "== package: $preset"
    scripts/test-package.sh --build-dir build
  fi
done
# The tour's own first build (preset `quick`: a unity build, programs only), in a folder of its
# own: a name that two of a program's files both define compiles apart but not as one unit.
echo "== build: quick (the tour's unity build)"
cmake --preset quick -B build-quick >/dev/null
cmake --build build-quick -j "$jobs" --target lab-programs
# The Windows suite: the `windows` preset cross-built with mingw-w64, its .exe files run under Wine
# against the Linux build. setup.sh --windows installs both (so CI runs it); a machine without
# them skips it and says so.
if [ "$windows" -eq 0 ]; then
  echo "== windows: skipped (--quick)"
elif command -v x86_64-w64-mingw32-g++-posix >/dev/null &&
  { command -v wine64 || command -v wine || [ -x /usr/lib/wine/wine64 ]; } >/dev/null; then
  echo "== build: windows"
  cmake --preset windows >/dev/null
  cmake --build --preset windows -j "$jobs"
  echo "== test: windows (Wine)"
  tests/windows/run.sh build-windows build
  # The room again, now with its Windows student (ctest ran it before the Windows build).
  echo "== test: the room, with a Windows student under Wine"
  tests/room/room_test.sh build build-windows || [ $? -eq 77 ]  # 77: skipped (not root)
else
  echo "== windows: skipped (no mingw-w64 or Wine; scripts/setup.sh --windows installs them)"
fi
if [ -x scripts/fuzz.sh ]; then scripts/fuzz.sh --smoke; fi
