#!/usr/bin/env bash
# Installs what socket-lab needs (only what is missing) and builds it into build/bin/.
#   scripts/setup.sh                 install + configure + build (the default preset, tests too)
#   scripts/setup.sh --preset asan   the sanitizer build instead (build-asan/bin/)
#   scripts/setup.sh --programs      only the lab programs, not the tests (target lab-programs)
#   scripts/setup.sh --target NAME   only this target (repeatable)
#   scripts/setup.sh --quick         a new build/ gets the quick preset (-O0, no debug info)
#   scripts/setup.sh --no-build      install only
#   scripts/setup.sh --windows       also mingw-w64 and Wine, for the `windows` preset
#   scripts/setup.sh --tests         also what only the tests use (Catch2, zlib, Chromium);
#                                    every build but --quick installs them (its presets build tests)
# Safe to run again: it installs nothing that is there and rebuilds only what changed. A build
# folder that was configured by hand with another generator is built as it is configured.
set -euo pipefail
cd "$(dirname "$0")/.."

preset=default
build=1
quick=0
targets=()
windows=0
tests=0
while [ $# -gt 0 ]; do
  case "$1" in
    --preset) preset="${2:?--preset needs a name}"; shift 2 ;;
    --no-build) build=0; shift ;;
    --programs) targets+=(lab-programs); shift ;;
    --target) targets+=("${2:?--target needs a name}"); shift 2 ;;
    --quick) quick=1; shift ;;
    --windows) windows=1; shift ;;
    --tests) tests=1; shift ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "setup.sh: error: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done
# --windows: the cross-build (mingw-w64 with posix threads) and Wine's 64-bit loader for its tests.
# unzip: tests/windows/run.sh reads the file list of the zip (cpack -G ZIP). locales: the ko_KR
# sources from which the Korean-PC check (code page 949) makes its own locale with localedef.
windows_packages=()
if [ "$windows" -eq 1 ]; then
  windows_packages=(g++-mingw-w64-x86-64-posix binutils-mingw-w64-x86-64 wine64 unzip locales)
fi

# Build tools, the four libraries of the programs (nlohmann-json3-dev: JSON in and out), iproute2
# (ss, which worksheet 1 and the tests compare lab-netstat with), netbase (/etc/services, which
# lab-ports and worksheet 6 read) and jq (how scripts read the programs' JSON: scripts/lib/json.sh).
packages=(cmake ninja-build g++ libasio-dev libcli11-dev libfmt-dev nlohmann-json3-dev iproute2 procps netbase jq)
# lab-badnet: NFQUEUE through libnetfilter-queue and libmnl, its rules through nft; pkg-config
# finds the libraries; setpriv (util-linux) runs its not-root test.
packages+=(pkg-config libnetfilter-queue-dev libmnl-dev nftables util-linux)
# lab-trace: the kernel's tracepoints through tracefs (libtracefs-dev) and the segments
# (libpcap-dev).
packages+=(libtracefs-dev libpcap-dev)
# Only the tests use these: Catch2, zlib1g-dev (the lab-trace tests read compressed data: pcap
# and the screenshot) and Chromium (one test screenshots lab-trace's SVG, a download of several
# hundred MB). The tour's quick build has no tests, so a first run waits for none of them.
if [ "$build" -eq 1 ] && [ "$quick" -eq 0 ]; then tests=1; fi
if [ "$tests" -eq 1 ]; then packages+=(catch2 zlib1g-dev chromium); fi
missing=()
# The manual pages are made from each program's --help (help2man); the .deb's dependencies
# come from dpkg-shlibdeps (dpkg-dev); git gives --version its revision.
packages+=(help2man dpkg-dev git)
for package in "${packages[@]}" "${windows_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
    missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup.sh: installing ${missing[*]}"
  if [ "$(id -u)" -eq 0 ]; then sudo=(); else sudo=(sudo); fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

[ "$build" -eq 1 ] || exit 0

case "$preset" in
  asan) build_dir=build-asan ;;
  fuzz) build_dir=build-fuzz ;;
  *) build_dir=build ;;
esac
# A first build for the tour: the quick preset, unless build/ already holds a configuration
# (then it stays as it is: switching would rebuild everything).
keep_configuration=0
if [ "$quick" -eq 1 ] && [ "$build_dir" = build ]; then
  if [ -f build/CMakeCache.txt ]; then keep_configuration=1; else preset=quick; fi
fi

target_args=()
[ ${#targets[@]} -eq 0 ] || target_args=(--target "${targets[@]}")

# The presets use Ninja. A build folder configured by hand with another generator cannot take a
# preset ("Does not match the generator used previously"): build it as it is configured.
generator=$(sed -n 's/^CMAKE_GENERATOR:INTERNAL=//p' "$build_dir/CMakeCache.txt" 2>/dev/null || true)
if [ -n "$generator" ] && [ "$generator" != Ninja ]; then
  echo "setup.sh: note: $build_dir/ was configured with '$generator', not Ninja as the presets are;" \
    "building it as it is (for the presets: remove $build_dir/ and run this again)" >&2
  keep_configuration=1
fi
if [ "$keep_configuration" -eq 1 ]; then
  cmake --build "$build_dir" -j "$(nproc 2>/dev/null || echo 2)" "${target_args[@]}"
  exit 0
fi

cmake --preset "$preset" >/dev/null
if [ "$preset" = quick ] && [ ${#targets[@]} -eq 0 ]; then target_args=(--target all); fi
cmake --build --preset "$preset" "${target_args[@]}"
