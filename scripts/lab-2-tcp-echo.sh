#!/usr/bin/env bash
# Worksheet 2 — TCP echo and the life of a connection (worksheets/*/2-tcp-echo.md), step by step:
# LISTEN, ESTABLISHED, TIME_WAIT, FIN_WAIT_2 / CLOSE_WAIT and RST, each made to appear and seen
# in lab-netstat; then several sends arriving in one read.
#   scripts/lab-2-tcp-echo.sh [--no-pause] [--lang ko|en] [--list-commands] [--samples DIR]
set -euo pipefail
source "$(dirname "$0")/lib/worksheet.sh"
ws_init 7200 "$@"
P=$LAB_PORT_BASE NOCLOSE=$((P + 1)) RESET=$((P + 3)) SLOW=$((P + 4))
ws_require_free_ports "$P" "$NOCLOSE" "$RESET" "$SLOW"

ws_title "실습 2 — TCP 에코와 연결의 일생" "Lab 2 — TCP echo and the life of a connection"

ws_step 1 "서버를 띄우고 LISTENING 확인" "Start the server and find it LISTENING"
ws_start 2-1 A "lab-tcp-server --port $P" "LISTENING"
ws_expect "PID [0-9]+ · TCP 127\.0\.0\.1:$P LISTENING" "서버가 PID와 함께 LISTENING을 알림" \
  "the server announces its PID and LISTENING"
ws_run 2-2 C "lab-netstat -ano --port $P"
ws_expect "127\.0\.0\.1:$P +0\.0\.0\.0:0 +LISTENING +$(ws_pid_of A)" \
  "lab-netstat에 LISTENING 줄과 서버 PID" "lab-netstat shows a LISTENING row with the server's PID"

ws_step 2 "한 줄 보내고 돌려받기" "Send a line and get it back"
ws_run 2-3 B "lab-tcp-client --port $P" 'hello, TCP\n'
ws_expect "hello, TCP" "보낸 줄이 그대로 돌아옴" "the line comes back unchanged"
ws_wait A "client closed|클라이언트가 먼저" 2-4
ws_expect "accept #1 127\.0\.0\.1:$P ← 127\.0\.0\.1:[0-9]+" "서버 로그에 4-튜플" "the server logs the 4-tuple"
ws_expect "client closed first|클라이언트가 먼저 닫음" "누가 먼저 닫았는지 서버가 알려 줌" "the server says who closed first"

ws_step 3 "단계 모드: 연결의 상태를 하나씩" "Step mode: the connection's states one by one"
ws_start 2-5 B "lab-tcp-client --port $P --step" "\[1/4\]"
ws_run 2-6 C "lab-netstat -ano --port $P"
ws_expect "ESTABLISHED +[0-9]+.*\n?" "ESTABLISHED 줄이 보임" "ESTABLISHED rows appear"
ws_expect "127\.0\.0\.1:[0-9]+ +127\.0\.0\.1:$P +ESTABLISHED +$(ws_pid_of B)" \
  "클라이언트 쪽 줄에 클라이언트 PID" "the client's row carries the client's PID"
ws_enter B
ws_enter B
ws_expect "TIME_WAIT" "보내는 방향만 닫은(half-close) 뒤 클라이언트 쪽은 TIME_WAIT" "after the half-close the client's side is TIME_WAIT"
ws_run 2-7 C "lab-netstat -ano --port $P"
ws_expect "127\.0\.0\.1:[0-9]+ +127\.0\.0\.1:$P +TIME_WAIT +0" "TIME_WAIT 줄, PID 0" \
  "a TIME_WAIT row with PID 0"
ws_enter B
ws_enter B

ws_step 4 "닫지 않는 서버: CLOSE_WAIT와 FIN_WAIT_2" "A server that never closes: CLOSE_WAIT and FIN_WAIT_2"
ws_start 2-8 D "lab-tcp-server --port $NOCLOSE --no-close" "LISTENING"
ws_start 2-9 E "lab-tcp-client --port $NOCLOSE --step" "\[1/4\]"
ws_enter E
ws_enter E
ws_expect "FIN_WAIT_2" "클라이언트 쪽은 FIN_WAIT_2" "the client's side is FIN_WAIT_2"
ws_run 2-10 C "lab-netstat -ano --port $NOCLOSE"
ws_expect "127\.0\.0\.1:$NOCLOSE +127\.0\.0\.1:[0-9]+ +CLOSE_WAIT +$(ws_pid_of D)" \
  "서버 쪽 CLOSE_WAIT, 서버 PID" "CLOSE_WAIT on the server's side, with the server's PID"
ws_expect "127\.0\.0\.1:[0-9]+ +127\.0\.0\.1:$NOCLOSE +FIN_WAIT_2 +$(ws_pid_of E)" \
  "클라이언트 쪽 FIN_WAIT_2, 클라이언트 PID" "FIN_WAIT_2 on the client's side, with the client's PID"
ws_enter E
ws_enter E
ws_stop 2-11 D

ws_step 5 "RST: 리셋하는 서버" "RST: a server that resets"
ws_start 2-12 F "lab-tcp-server --port $RESET --reset" "LISTENING"
ws_run 2-13 B "lab-tcp-client --port $RESET --count 3 --interval 200"
ws_expect "reset|closed the connection|리셋|닫았습니다" "클라이언트가 리셋을 알림" "the client reports the reset"
ws_run 2-14 C "lab-netstat -ano --port $RESET"
ws_expect "LISTENING" "LISTENING 줄만 남음" "only the LISTENING row is left"
if grep -q TIME_WAIT <<<"$ws_out"; then ws_fail "TIME_WAIT after RST"; fi
ws_stop 2-15 F

ws_step 6 "메시지 경계가 없다" "No message boundaries"
ws_start 2-16 G "lab-tcp-server --port $SLOW --read-delay 500" "LISTENING"
ws_run 2-17 B "lab-tcp-client --port $SLOW --count 5 --size 10"
ws_expect "sent 5 messages|메시지 5개를 보냄" "메시지 5개를 보냄" "five messages sent"
ws_wait G "close |닫" 2-18
ws_expect "50 bytes in 1 reads?|50바이트, 읽기 1번" "서버는 한 번에 50바이트를 읽음" "the server read all 50 bytes at once"
ws_stop 2-19 G

ws_step 7 "서버 끝내기" "Stop the server"
ws_stop 2-20 A
ws_expect "stopped|종료" "요약 한 줄" "a one-line summary"
ws_run 2-21 C "lab-netstat -ano --state LISTENING --port $P"
if grep -Eq "LISTENING" <<<"$ws_out"; then ws_fail "a program of this lab still listens on port $P"; fi
ws_finish
