# Sourced by tests/windows/run.sh, which defines $wine, $win_bin, $linux_bin, $work and the helpers
# (check, run, start, stop, wait_for, port_of, contains). Every wait is bounded.

echo "== windows: every .exe is a static PE32+ importing only Windows system DLLs"
system_dlls='^(kernel32|msvcrt|ws2_32|mswsock|iphlpapi|advapi32|user32|shell32|ole32|bcrypt|ntdll|ucrtbase)\.dll$'
exes=("$win_bin"/*.exe)
[ -e "${exes[0]}" ] || { fail "no .exe in $win_bin"; exit 1; }
for exe in "${exes[@]}"; do
  name=$(basename "$exe")
  headers=$(x86_64-w64-mingw32-objdump -p "$exe")
  check "$name is PE32+ x86-64" grep -q 'file format pei-x86-64' <<<"$headers"
  foreign=$(grep 'DLL Name:' <<<"$headers" | awk '{print tolower($3)}' | grep -Ev "$system_dlls" || true)
  check "$name imports only system DLLs${foreign:+ (not: $foreign)}" test -z "$foreign"
done

echo "== windows: the zip a teacher copies onto lab PCs (cpack -G ZIP)"
win_build=$(dirname "$win_bin")
if timeout 120 cpack --config "$win_build/CPackConfig.cmake" -G ZIP -B "$work/zip" >"$work/cpack.out" 2>&1; then
  zip_file=$(ls "$work"/zip/socket-lab-*-win64.zip)
  zip_list=$(unzip -Z1 "$zip_file" | grep -v '/$' | sort)
  top=$(head -1 <<<"$zip_list" | cut -d/ -f1)
  check "one top folder, $top" test "$(cut -d/ -f1 <<<"$zip_list" | sort -u)" = "$top"
  # Every program built here and nothing else: the test executable stays out.
  built=$(cd "$win_bin" && ls lab-*.exe | grep -v '^lab-windows-unit-tests\.exe$' | sort)
  zipped=$(grep -E "^$top/[^/]+\.exe$" <<<"$zip_list" | cut -d/ -f2 | sort)
  check "every program's .exe at the top, beside START-HERE.txt ($(wc -l <<<"$built") programs)" \
    test "$zipped" = "$built"
  check "START-HERE.txt and README.md" \
    test "$(grep -cE "^$top/(START-HERE\.txt|README\.md)$" <<<"$zip_list")" -eq 2
  sheets=$(cd worksheets && ls en/*.md ko/*.md en/answers/*.md ko/answers/*.md | sort)
  check "every worksheet and answer key, ko and en ($(wc -l <<<"$sheets") files)" \
    test "$(grep -E "^$top/worksheets/.*\.md$" <<<"$zip_list" | cut -d/ -f3- | sort)" = "$sheets"
  start_here=$(unzip -p "$zip_file" "$top/START-HERE.txt")
  check "START-HERE.txt has Windows line ends" test "$(grep -c $'\r$' <<<"$start_here")" -eq "$(wc -l <<<"$start_here")"
  # It names exactly the programs the zip holds (and calls the others Linux-only).
  named=$(grep -Eo 'lab-[a-z-]+\.exe' <<<"$start_here" | sort -u)
  check "START-HERE.txt names exactly the .exe files in the zip" test "$named" = "$built"
  check "START-HERE.txt is in English and Korean" \
    test "$(grep -c '^socket-lab for Windows\|^socket-lab Windows 10/11 (x64)용' <<<"$start_here")" -eq 2
else
  fail "cpack -G ZIP: $(cat "$work/cpack.out")"
fi

