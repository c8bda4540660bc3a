# Sourced by tests/windows/run.sh (helpers: check, run, start, stop, wait_for, waits_for, contains,
# and worksheet_steps.sh's wstep, wstep_bg, wskip, wsteps_match). Every wait is bounded.
# Worksheet 6 (well-known ports): every Windows command it shows, run under Wine as a student
# types it, with what the text promises checked.

echo "== windows: worksheet 6, every Windows step"
services='%SystemRoot%\System32\drivers\etc\services'

# Steps 1 and 2: by name, by number.
wstep 'lab-ports http'
check "step 1: HTTP is 80/tcp, well-known, with HTTPS 443 to see also" \
  test "$code" -eq 0 -a "$(grep -cE '^ *80 +tcp' <<<"$out")" -ge 1 -a "$(grep -c 'HTTPS 443' <<<"$out")" -ge 1
wstep 'lab-ports ftp dhcp'
check "step 1: FTP 20 and 21, DHCP 67 and 68 over UDP" \
  test "$(grep -cE '^ *(20|21) +tcp' <<<"$out")" -ge 2 -a "$(grep -cE '^ *(67|68) +udp' <<<"$out")" -ge 2
wstep 'lab-ports htp'
check "step 1: a mistyped name: close names suggested (http among them)" grep -q 'http' <<<"$out$err"
wstep 'lab-ports 3306'
check "step 2: 3306 is MySQL, registered" test "$(grep -c 'MySQL' <<<"$out")" -ge 1 -a "$(grep -ci 'registered' <<<"$out")" -ge 1

# Step 3: the lesson's table.
wstep 'lab-ports --list lesson'
check "step 3: the lesson's table, DNS 53 over tcp and udp" grep -qE '^ *53 +tcp, udp' <<<"$out"

# Step 4: the ranges (Windows reads them through netsh).
wstep 'lab-ports --ranges'
check "step 4: the three IANA ranges, and the RFC 6335 name of the dynamic one" \
  test "$(grep -cE '^ *(well-known|registered|dynamic) ' <<<"$out")" -eq 3 -a "$(grep -c 'Dynamic and/or Private Ports' <<<"$out")" -eq 1
wskip 'netsh int ipv4 show dynamicport tcp' "Wine's netsh prints no port ranges"
wskip 'netsh interface ipv4 show excludedportrange protocol=tcp' "Wine's netsh prints no port ranges"

# Step 5: custom against the registry.
wstep 'lab-ports 1521'
check "step 5: 1521 is Oracle's by custom; IANA registers it to ncube-lm" grep -q 'ncube-lm' <<<"$out"

# Step 6: the services file, searched with findstr.
wskip "findstr /B /C:\"http \" $services" "Wine 8's findstr prints nothing, even for a line that matches"
wskip "findstr /C:\"3306/tcp\" $services" "Wine 8's findstr prints nothing, even for a line that matches"

# Step 7: who holds a port right now.
wstep_bg ws6_b 'lab-tcp-server.exe --port 7600'
check "step 7: the server in B listens on 7600" waits_for ws6_b 'TCP 127\.0\.0\.1:7600'
wstep 'lab-ports --live 7600'
check "step 7: --live: TCP 7600 LISTENING (Wine: PID 0), UDP 7600 free" \
  test "$(grep -cE '^ *TCP +127\.0\.0\.1:7600 .*LISTENING' <<<"$out")" -eq 1 -a "$(grep -cE '^ *UDP +127\.0\.0\.1:7600' <<<"$out")" -eq 0
wskip 'netstat -ano | findstr :7600' "Wine 8's findstr prints nothing, even for a line that matches"
wskip 'tasklist /FI "PID eq 4312"' "Wine's tasklist prints nothing, and Wine gives sockets PID 0"
wstep 'lab-ports 7600'
check "step 7: no service is known for 7600" test "$code" -le 1
wstep 'lab-ports --live http'
check "step 7: nobody holds port 80 here" test "$(grep -cE '^ *TCP +[0-9.:*]+:80 ' <<<"$out")" -eq 0

# Step 8: clean up.
stop ws6_b

# Try this at home.
wstep "type $services"
check "at home: type prints the services file" grep -qE '^http +80/tcp' <<<"$out"
wskip "findstr /I http $services" "Wine 8's findstr prints nothing, even for a line that matches"
wskip 'netstat -ano | findstr /C:":443 "' "Wine 8's findstr prints nothing, even for a line that matches"
wskip 'netsh int ipv4 show dynamicport tcp' "Wine's netsh prints no port ranges"
wsteps_match 6-ports
