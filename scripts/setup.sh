#!/usr/bin/env bash
# Installs what socket-lab needs (only what is missing) and builds it into build/bin/.
#   scripts/setup.sh                 install + configure + build (the default preset)
#   scripts/setup.sh --preset asan   the sanitizer build instead (build-asan/bin/)
#   scripts/setup.sh --no-build      install only
#   scripts/setup.sh --windows       also mingw-w64 and Wine, for the `windows` preset
# Safe to run again: it installs nothing that is there and rebuilds only what changed.
set -euo pipefail
cd "$(dirname "$0")/.."

preset=default
build=1
windows=0
while [ $# -gt 0 ]; do
  case "$1" in
    --preset) preset="${2:?--preset needs a name}"; shift 2 ;;
    --no-build) build=0; shift ;;
    --windows) windows=1; shift ;;
    -h|--help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "setup.sh: error: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done
# --windows: the cross-build (mingw-w64 with posix threads) and Wine's 64-bit loader for its tests.
windows_packages=()
if [ "$windows" -eq 1 ]; then
  windows_packages=(g++-mingw-w64-x86-64-posix binutils-mingw-w64-x86-64 wine64)
fi

# Build tools, the four libraries, iproute2 (ss, which the tests compare lab-netstat with) and
# netbase (/etc/services, which lab-ports and worksheet 6 read).
packages=(cmake ninja-build g++ libasio-dev libcli11-dev libfmt-dev catch2 iproute2 procps netbase)
missing=()
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

if [ "$build" -eq 1 ]; then
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset"
fi
