#!/usr/bin/env bash
# Worksheet 5 — One process, many ports; many connections on one port (worksheets/*/5-multi-port.md),
# step by step: lab-multi-port on several TCP and UDP ports, one PID on every row of lab-netstat,
# answers that name the port reached; then three clients on one server port (the 4-tuple).
#   scripts/lab-5-multi-port.sh [--no-pause] [--lang ko|en] [--list-commands] [--samples DIR]
set -euo pipefail
source "$(dirname "$0")/lib/worksheet.sh"
ws_init 7500 "$@"
P=$LAB_PORT_BASE P1=$((P + 1)) P2=$((P + 2)) P3=$((P + 3))
ws_require_free_ports "$P" "$P1" "$P2" "$P3"
PORTS="--tcp $P-$P2 --udp $P,$P3"
question='Hello! Which program and which port did I reach?\n'

ws_title "실습 5 — 프로세스 하나에 포트 여럿, 포트 하나에 연결 여럿" \
  "Lab 5 — One process, many ports; one port, many connections"

ws_step 1 "포트 다섯 개를 가진 프로세스 하나" "One process with five ports"
ws_start 5-1 A "lab-multi-port $PORTS" "Enter"
ws_expect "PID [0-9]+ ?(holds 5 of 5 ports|.*포트 5개 중 5개)" "PID 하나가 포트 5개를 모두 잡음" \
  "one PID holds all five ports"
ws_run 5-2 C "lab-netstat -ano --program lab-multi-port"
A=$(ws_pid_of A)
ws_expect "TCP +127\.0\.0\.1:$P +0\.0\.0\.0:0 +LISTENING +$A" "TCP $P" "TCP $P"
ws_expect "TCP +127\.0\.0\.1:$P1 +0\.0\.0\.0:0 +LISTENING +$A" "TCP $P1" "TCP $P1"
ws_expect "TCP +127\.0\.0\.1:$P2 +0\.0\.0\.0:0 +LISTENING +$A" "TCP $P2" "TCP $P2"
ws_expect "UDP +127\.0\.0\.1:$P +\*:\* +$A" "UDP $P" "UDP $P"
ws_expect "UDP +127\.0\.0\.1:$P3 +\*:\* +$A" "UDP $P3" "UDP $P3"

ws_step 2 "어느 포트에 닿았나요?" "Which port did I reach?"
ws_run 5-3 B "lab-tcp-client --port $P1" "$question"
ws_expect "PID $A, port $P1/tcp" "같은 PID, 포트 $P1" "the same PID, port $P1"
ws_run 5-4 B "lab-tcp-client --port $P2" "$question"
ws_expect "PID $A, port $P2/tcp" "같은 PID, 포트 $P2" "the same PID, port $P2"
ws_run 5-5 B "lab-udp-sender --to 127.0.0.1:$P3" 'hello, UDP\n'
ws_expect "sent 1 datagrams?|데이터그램 1개" "데이터그램 하나를 보냄" "one datagram sent"
ws_enter A "datagrams? answered|데이터그램 [0-9]+개에 응답"
ws_output A 5-6
ws_expect "accepted 127\.0\.0\.1:$P1 ⇄|연결 수락 127\.0\.0\.1:$P1 ⇄" "포트 ${P1}의 연결" "the connection on port $P1"
ws_expect "accepted 127\.0\.0\.1:$P2 ⇄|연결 수락 127\.0\.0\.1:$P2 ⇄" "포트 ${P2}의 연결" "the connection on port $P2"
ws_expect "UDP 127\.0\.0\.1:$P3 .*(1 datagrams? answered|데이터그램 1개에 응답)" \
  "UDP ${P3}에 온 데이터그램 하나에 응답" "one datagram answered on UDP $P3"

ws_step 3 "포트 하나에 클라이언트 셋: 4-튜플" "Three clients on one port: the 4-tuple"
ws_start 5-7 B "lab-tcp-client --port $P --step" "\[1/4\]"
ws_start 5-8 D "lab-tcp-client --port $P --step" "\[1/4\]"
ws_start 5-9 E "lab-tcp-client --port $P --step" "\[1/4\]"
ws_run 5-10 C "lab-netstat -ano --port $P"
ws_expect "TCP +127\.0\.0\.1:$P +0\.0\.0\.0:0 +LISTENING +$A" "LISTENING 줄 하나" "one LISTENING row"
for t in B D E; do
  ws_expect "TCP +127\.0\.0\.1:[0-9]+ +127\.0\.0\.1:$P +ESTABLISHED +$(ws_pid_of "$t")" \
    "클라이언트 ${t}의 줄" "client $t's row"
done
if [ "$ws_mode" = run ]; then
  n=$(grep -E "TCP +127\.0\.0\.1:$P +127\.0\.0\.1:[0-9]+ +ESTABLISHED +$A\$" <<<"$ws_out" |
    awk '{print $3}' | sort -u | wc -l)
  ws_checks=$((ws_checks + 1))
  if [ "$n" -eq 3 ]; then
    echo "✓ $(ws_t "서버 쪽 ESTABLISHED 3줄: 로컬 127.0.0.1:$P 같음, 외부 포트는 모두 다름" \
      "three server-side ESTABLISHED rows: same local 127.0.0.1:$P, three different foreign ports")"
  else
    ws_fail "$(ws_t "서버 쪽 ESTABLISHED 줄의 외부 주소가 3개가 아님: $n" "server-side ESTABLISHED rows with distinct foreign addresses: $n, not 3")"
  fi
fi
ws_enter A "datagrams? answered[^\n]*\n?.*$P3|데이터그램 [0-9]+개에 응답[^\n]*\n?.*$P3"
ws_output A 5-11
ws_expect "3 connections|연결 3개" "서버는 포트 ${P}에 연결 3개를 셈" "the server counts three connections on port $P"
# Each client goes through its remaining steps (Enter four times) and ends. (Ctrl-C would end it
# in a real terminal, but --step catches no signal, and a script's background job ignores SIGINT.)
for t in B D E; do
  for _ in 1 2 3 4; do ws_enter "$t"; done
done
ws_output B 5-12
ws_expect "\[4/4\]" "클라이언트 B가 마지막 단계까지 감" "client B went through its last step"
# At [2/4] the client has read the server's greeting and then its whole echo: no stray byte of
# the echo on a line of its own, and nothing left in its receive queue.
ws_expect "then our 26 bytes echoed|이어서 우리 26바이트를 에코함" "[2/4]: 서버의 인사 줄, 이어서 에코 전체" \
  "[2/4]: the server's greeting, then the whole echo"
ws_expect "nothing is waiting in the queues|큐에 남은 데이터 없음" "[2/4]: 큐에 남은 데이터 없음" \
  "[2/4]: nothing left waiting in the queues"
if grep -qx "h" <<<"$ws_out"; then
  ws_fail "$(ws_t "에코의 한 글자가 따로 한 줄에 나옴" "one byte of the echo on a line of its own")"
fi

ws_step 4 "끝내기" "Clean up"
ws_stop 5-15 A
ws_expect "stopped|종료" "요약 한 줄" "a one-line summary"
ws_finish
