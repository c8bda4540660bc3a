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
  # No folder around the files: Explorer's Extract All makes one (named after the zip), and a
  # folder inside the zip would be nested in it twice.
  check "no top folder: Extract All gives one folder, not socket-lab-…-win64\\socket-lab-…-win64" \
    test "$(grep -c '^socket-lab-' <<<"$zip_list")" -eq 0 -a "$(grep -cE '^[^/]+\.exe$' <<<"$zip_list")" -gt 0
  # Every program built here and nothing else: the test executable stays out.
  built=$(cd "$win_bin" && ls lab-*.exe | grep -v '^lab-windows-unit-tests\.exe$' | sort)
  zipped=$(grep -E "^[^/]+\.exe$" <<<"$zip_list" | sort)
  check "every program's .exe at the top, beside START-HERE.txt ($(wc -l <<<"$built") programs)" \
    test "$zipped" = "$built"
  check "START-HERE.txt and README.md" \
    test "$(grep -cE "^(START-HERE\.txt|README\.md)$" <<<"$zip_list")" -eq 2
  readme=$(unzip -p "$zip_file" README.md)
  check "README.md is the teacher's (what is in the zip, the worksheets, teacher.md), English and Korean" \
    test "$(grep -c '^# socket-lab for Windows: the teacher.s guide to this folder$\|^# socket-lab Windows용: 이 폴더에 대한 교사용 안내$' <<<"$readme")" -eq 2 -a \
    "$(grep -c 'scripts/\|tests/windows\|in progress' <<<"$readme")" -eq 0
  textbook=$(cd labs/textbook && ls ./*.cpp ./*.hpp | cut -c3- | sort)
  check "the textbook sources the worksheets open first (labs/textbook/*.cpp, *.hpp)" \
    test "$(grep -E '^labs/textbook/[^/]+\.(cpp|hpp)$' <<<"$zip_list" | cut -d/ -f3 | sort)" = "$textbook"
  sheets=$(cd worksheets && ls en/*.md ko/*.md en/answers/*.md ko/answers/*.md | sort)
  check "every worksheet and answer key, ko and en ($(wc -l <<<"$sheets") files)" \
    test "$(grep -E "^worksheets/.*\.md$" <<<"$zip_list" | cut -d/ -f2- | sort)" = "$sheets"
  start_here=$(unzip -p "$zip_file" START-HERE.txt)
  check "START-HERE.txt has Windows line ends" test "$(grep -c $'\r$' <<<"$start_here")" -eq "$(wc -l <<<"$start_here")"
  # It names exactly the programs the zip holds (and calls the others Linux-only).
  named=$(grep -Eo 'lab-[a-z-]+\.exe' <<<"$start_here" | sort -u)
  check "START-HERE.txt names exactly the .exe files in the zip" test "$named" = "$built"
  check "START-HERE.txt is in English and Korean" \
    test "$(grep -c '^socket-lab for Windows\|^socket-lab Windows 10/11 (x64)용' <<<"$start_here")" -eq 2
  check "  ... ends typed input with Ctrl-Z then Enter, in both languages" \
    test "$(grep -c 'Ctrl-Z then Enter\|Ctrl-Z를 누른 다음 Enter' <<<"$start_here")" -eq 2
  check "  ... leads to the worksheets and the teacher's guide (teacher.md), in both languages" \
    test "$(grep -c 'worksheets\\en\\teacher.md' <<<"$start_here")" -ge 2 -a "$(grep -c 'worksheets\\ko\\teacher.md' <<<"$start_here")" -ge 2
  check "  ... names the Linux-only programs, and does not promise a silent firewall" \
    test "$(grep -c 'lab-badnet' <<<"$start_here")" -ge 2 -a "$(grep -c 'not ask anything\|묻지 않습니다' <<<"$start_here")" -eq 0 -a \
    "$(grep -c 'Windows Defender Firewall ask\|Windows Defender 방화벽이 허용할지' <<<"$start_here")" -eq 2
  # What a teacher waits for: unzip, then the first step (the textbook server prints its socket).
  if command -v unzip >/dev/null; then
    times=()
    for _ in 1 2 3 4 5; do
      rm -rf "$work/unzipped"
      t0=$(date +%s%N)
      unzip -q "$zip_file" -d "$work/unzipped"
      start first_step "$wine" "$work/unzipped/lab-textbook-tcp-server.exe" 0
      waits_for first_step "lab-textbook-tcp-server: PID [0-9]+ · TCP 127\.0\.0\.1:[0-9]+ LISTENING"
      times+=($(( ($(date +%s%N) - t0) / 1000000 )))
      stop first_step
    done
    median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 3p)
    echo "  unzip to the first step (median of 5, ms): $median  (all: ${times[*]})"
  fi
else
  fail "cpack -G ZIP: $(cat "$work/cpack.out")"
fi

