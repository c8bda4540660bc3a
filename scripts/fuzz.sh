#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz/fuzz_*.cpp, clang, the `fuzz` preset) and runs them.
#   scripts/fuzz.sh --smoke          each target for a few seconds (what scripts/test.sh runs)
#   scripts/fuzz.sh [SECONDS]        each target for SECONDS (default 60), by hand
# Installs clang and libclang-rt-14-dev with apt-get when they are missing. The corpus in
# tests/fuzz/corpus/<target>/ seeds each run; new inputs go to a temporary copy, not the repo.
# Exits non-zero when a target finds a crash (its input is left in build-fuzz/crashes/).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=60
case "${1:-}" in
  --smoke) seconds=4 ;;
  "") ;;
  -h|--help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *[!0-9]*) echo "fuzz.sh: error: unknown option '$1' (see --help)" >&2; exit 2 ;;
  *) seconds="$1" ;;
esac

runtime=$(ls /usr/lib/llvm-14/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a 2>/dev/null | head -1 || true)
if ! command -v clang++ >/dev/null || [ -z "$runtime" ]; then
  echo "fuzz.sh: installing clang libclang-rt-14-dev"
  if [ "$(id -u)" -eq 0 ]; then sudo=(); else sudo=(sudo); fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends clang libclang-rt-14-dev >/dev/null 2>&1 ||
    { "${sudo[@]}" apt-get update -qq && "${sudo[@]}" apt-get install -y -qq --no-install-recommends clang libclang-rt-14-dev >/dev/null; }
fi

echo "== build: fuzz"
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j 2 --target lab-fuzzers

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p build-fuzz/crashes
status=0
for target in build-fuzz/bin/fuzz_*; do
  name=$(basename "$target")
  mkdir -p "$work/$name"
  if [ -d "tests/fuzz/corpus/$name" ]; then cp -r "tests/fuzz/corpus/$name/." "$work/$name/"; fi
  echo "== fuzz: $name (${seconds}s)"
  if ! "$target" -max_total_time="$seconds" -timeout=5 -rss_limit_mb=1024 \
      -artifact_prefix="build-fuzz/crashes/$name-" "$work/$name" >"$work/$name.log" 2>&1; then
    tail -n 30 "$work/$name.log"
    echo "fuzz.sh: error: $name failed (input in build-fuzz/crashes/)" >&2
    status=1
  else
    grep -E "^Done|stat::number_of_executed_runs" "$work/$name.log" | tail -n 1 || true
  fi
done
exit $status
