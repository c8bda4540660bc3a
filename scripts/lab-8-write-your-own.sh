#!/usr/bin/env bash
# Worksheet 8 — Write your own (worksheets/*/8-write-your-own.md), step by step: lab-check on the
# textbook server, on a first try at a Python echo server (two checks fail: partial reads and the
# accept loop), on the fixed one, on the textbook client, on a first try at a UDP receiver (its
# buffer is too small) and the textbook sender, on a server already running, and --json for the
# teacher.
#   scripts/lab-8-write-your-own.sh [--no-pause] [--lang ko|en] [--list-commands] [--samples DIR]
set -euo pipefail
source "$(dirname "$0")/lib/worksheet.sh"
ws_init 7800 "$@"
P=$LAB_PORT_BASE
ws_require_free_ports "$P"
cd "$ws_root"  # the worksheet's commands name files from the socket-lab folder
# `python3` as the interpreter itself: a version manager's shim (pyenv) takes seconds to start on
# a busy machine, for every fresh copy lab-check starts.
if [ "$ws_mode" = run ] && real_python=$(python3 -c 'import sys; print(sys.executable)' 2>/dev/null); then
  PATH="$(dirname "$real_python"):$PATH"
fi

ws_title "실습 8 — 직접 만들기" "Lab 8 — Write your own"

ws_step 1 "교과서 서버를 검사하기" "The textbook server, checked"
ws_run 8-1 A "lab-check tcp-server -- lab-textbook-tcp-server {port}"
ws_expect "✓ (listens on its port|자기 포트에서 LISTEN 한다): TCP 127\.0\.0\.1:[0-9]+ LISTEN" \
  "LISTEN 줄, PID, 주소를 말로" "the LISTEN row, its PID, the address in words"
ws_expect "(Address already in use|주소가 이미 사용 중)" "두 번째 실행의 EADDRINUSE" "the second copy's EADDRINUSE"
ws_expect "✗ (serves two clients at once \(bonus\)|두 클라이언트를 동시에 받는다 \(보너스\))" \
  "보너스 검사 하나는 실패" "the bonus check fails"
ws_expect "tcp-server: (9 of 9 required checks passed|필수 검사 9개 중 9개 통과)" \
  "필수 검사는 모두 통과" "every required check passes"

ws_step 2 "첫 번째 시도" "A first try"
ws_run 8-2 A "cat worksheets/examples/echo_server_try1.py"
ws_expect "connection.recv\(1024\)" "recv() 한 번" "one recv()"
ws_run 8-3 A "lab-check tcp-server -- python3 worksheets/examples/echo_server_try1.py {port}"
ws_expect "✗ (echoes a line sent one byte at a time|한 바이트씩 보낸 줄)" "부분 읽기 검사 실패" "the partial-reads check fails"
ws_expect "✗ (serves a second client|첫 클라이언트가 떠난 뒤)" "accept 반복문 검사 실패" "the accept-loop check fails"
ws_expect "tcp-server: (5 of 9 required checks passed, 2 failed, 2 not judged|필수 검사 9개 중 5개 통과, 2개 실패, 2개는 판단하지 않음)" \
  "필수 검사 9개 중 5개 통과, 2개 실패, 2개는 판단하지 않음" "5 of 9 required checks passed, 2 failed, 2 not judged"

ws_step 3 "고친 서버" "The fixed server"
ws_run 8-4 A "lab-check tcp-server -- python3 worksheets/examples/echo_server_try2.py {port}"
ws_expect "tcp-server: (9 of 9 required checks passed|필수 검사 9개 중 9개 통과)" \
  "필수 검사는 모두 통과" "every required check passes"

ws_step 4 "클라이언트" "The client"
ws_run 8-5 A "lab-check tcp-client -- lab-textbook-tcp-client {host} {port}"
ws_expect "✓ (closes with FIN|입력이 끝나면 RST가 아닌 FIN)" "FIN으로 닫음" "closes with FIN"
ws_expect "tcp-client: (7 of 7 required checks passed|필수 검사 7개 중 7개 통과)" \
  "필수 검사는 모두 통과" "every required check passes"

ws_step 5 "UDP: 수신기와 송신기" "UDP: the receiver and the sender"
ws_run 8-6 A "lab-check udp-receiver -- python3 worksheets/examples/udp_receiver_try1.py {port}"
ws_expect "✗ (a datagram larger than its buffer is noticed|버퍼보다 큰 데이터그램을 알아챈다)" \
  "잘림을 알아채지 못함" "the truncation goes unnoticed"
ws_expect "✓ (three datagrams are printed as three|데이터그램 세 개를 세 번 출력한다)" "경계는 지킴" "boundaries kept"
ws_run 8-7 A "lab-check udp-sender -- lab-textbook-udp-sender {host} {port} {messages}"
ws_expect "✓ (\"succeeds\" \(exit status 0\) with nobody listening|아무도 듣지 않아도)" \
  "아무도 없어도 종료 상태 0" "exit status 0 with nobody listening"

ws_step 6 "이미 실행 중인 서버" "A server already running"
ws_start 8-8 B "lab-textbook-tcp-server $P" "LISTENING"
ws_run 8-9 A "lab-check tcp-server --port $P"
ws_expect "– (a second copy|같은 포트의 두 번째)" "두 번째 실행 검사는 건너뜀" "the second-copy check is not judged"
ws_expect "PID $(ws_pid_of B)" "그 서버의 PID" "that server's PID"
ws_expect "tcp-server: (7 of 9 required checks passed, 0 failed, 2 not judged|필수 검사 9개 중 7개 통과, 0개 실패, 2개는 판단하지 않음)" \
  "실패 없음, 둘은 판단하지 않음" "none failed, two not judged"
ws_stop 8-10 B

ws_step 7 "교사용: --json" "For the teacher: --json"
ws_run 8-11 A "lab-check tcp-server --json -- lab-textbook-tcp-server {port}"
ws_expect '^\{"kind":"tcp-server","check":"listens"' "검사마다 JSON 한 줄" "one JSON line per check"
ws_finish
