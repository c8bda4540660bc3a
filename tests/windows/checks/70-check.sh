# Sourced by tests/windows/run.sh, which defines $wine, $win_bin, $linux_bin, $work and the helpers
# (check, run, start, stop, wait_for, port_of, contains). Every wait is bounded.
# lab-check.exe under Wine checks the Windows textbook server, which it starts itself
# (CreateProcessW, found beside lab-check.exe as a student's my_server.exe would be).

echo "== windows: lab-check.exe checks lab-textbook-tcp-server.exe (Wine)"
(cd "$win_bin" && timeout 120 "$wine" lab-check.exe tcp-server --json --lang en -- \
  lab-textbook-tcp-server.exe '{port}') </dev/null >"$work/check.jsonl" 2>"$work/check.err" &&
  code=0 || code=$?
tr -d '\r' <"$work/check.jsonl" >"$work/check.records"
# The records read as one array (-s): jq -e judges by its last output only, and a filter that
# outputs nothing for the other lines would leave that to whichever record came last.
record() {  # record CHECK RESULT: that check's one JSON line says that result
  json_true -s --arg check "$1" --arg result "$2" \
    'map(select(.check == $check)) | length == 1 and .[0].result == $result' "$work/check.records"
}
check "lab-check.exe exits 0: every required check passed" test "$code" -eq 0
check "one JSON record per check (10 for tcp-server)" test "$(jq -c 'select(.kind == "tcp-server")' "$work/check.records" | wc -l)" -eq 10
for name in listens echo-line exact-bytes partial-reads accept-loop half-close survives-reset \
  one-port-one-process; do
  check "  ✓ $name" record "$name" pass
done
check "  the second copy's error line is shown (bind: WSA error 10048)" \
  json_true -s 'any(.[]; .check == "one-port-one-process" and (.seen | contains("10048")))' \
    "$work/check.records"
check "  ctrl-c is not judged on Windows (a child without a console has no Ctrl-C)" \
  record ctrl-c skipped
check "  bonus: the textbook server serves one client at a time (two-clients fails)" \
  record two-clients fail
