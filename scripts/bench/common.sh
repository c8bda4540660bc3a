# Helpers shared by the benchmark scripts (sourced, not run).
# Every server a benchmark starts is remembered by PID and ended by PID on exit.

bench_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
bench_bin="$bench_root/build/bin"
bench_pids=()

bench_cleanup() {
  for pid in "${bench_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${bench_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap bench_cleanup EXIT INT TERM

# bench_need PACKAGE... : installs the Debian packages that are missing (root, or sudo).
bench_need() {
  local missing=()
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
      missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  echo "installing ${missing[*]}" >&2
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
}

# bench_free_port: a TCP port on 127.0.0.1 that nobody holds right now.
bench_free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 20000))
    ss -Htan "sport = :$port" | grep -q . || { echo "$port"; return; }
  done
}

# bench_wait_port PORT: waits (at most 5 s) until something listens on 127.0.0.1:PORT.
bench_wait_port() {
  for _ in $(seq 50); do
    ss -Hltn "sport = :$1" | grep -q . && return 0
    sleep 0.1
  done
  echo "nothing listens on port $1" >&2
  return 1
}

# json_field JSON KEY (and json_event, json_port): the programs' JSON, read with jq.
source "$bench_root/scripts/lib/json.sh"

# median N...: the median of the numbers given.
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END {if (NR%2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2}'; }

# The benchmarks measure the optimised build. A first run of the tour leaves the quick build
# (-O0, preset "quick") in build/: rebuild it with the default preset before measuring.
if grep -qx 'CMAKE_BUILD_TYPE:STRING=Quick' "$bench_root/build/CMakeCache.txt" 2>/dev/null; then
  echo "build/ holds the tour's quick build (-O0); rebuilding with the default preset first" >&2
  "$bench_root/scripts/setup.sh" >/dev/null
fi
