# Sourced by tests/windows/run.sh, which defines $wine, $win_bin, $linux_bin, $work and the helpers
# (check, run, start, stop, wait_for, port_of, contains). Every wait is bounded.

echo "== windows: unit tests (lab-windows-unit-tests.exe: the portable Catch2 suite + the iphlpapi table)"
if [ -e "$win_bin/lab-windows-unit-tests.exe" ]; then
  run '' "$wine" "$win_bin/lab-windows-unit-tests.exe"
  if [ "$code" -eq 0 ]; then pass "$(grep -m1 'All tests passed' <<<"$out")"; else fail "unit tests:"$'\n'"$out$err"; fi
fi

