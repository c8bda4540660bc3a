#!/usr/bin/env bash
# Worksheet 3 — TCP against UDP, by hand (worksheets/*/3-tcp-vs-udp.md), step by step: sending
# to nobody (and what --connect hears), a UDP socket in lab-netstat, message boundaries kept and
# truncated, loss with a slow receiver and a small buffer, and the comparison table.
#   scripts/lab-3-tcp-vs-udp.sh [--no-pause] [--lang ko|en] [--list-commands] [--samples DIR]
set -euo pipefail
source "$(dirname "$0")/lib/worksheet.sh"
ws_init 7300 "$@"
cd "$ws_root"  # scripts/compare-tcp-udp.sh is run as the worksheet prints it
P=$LAB_PORT_BASE NOBODY=$((P + 1)) SHORT=$((P + 2)) LOSS=$((P + 3))
ws_require_free_ports "$P" "$NOBODY" "$SHORT" "$LOSS"

ws_title "실습 3 — TCP와 UDP, 직접 비교하기" "Lab 3 — TCP against UDP, by hand"

ws_step 1 "아무도 없는 곳으로 보내기" "Sending to nobody"
ws_run 3-1 B "lab-udp-sender --to 127.0.0.1:$NOBODY --count 3"
ws_expect "sent 3 datagrams|데이터그램 3개" "UDP는 보내기에 성공함" "UDP sending succeeds"
ws_run 3-2 C "lab-netstat -ano --port $NOBODY"
if grep -Eq "(TCP|UDP) +127\.0\.0\.1:$NOBODY " <<<"$ws_out"; then
  ws_fail "$(ws_t "포트 ${NOBODY}에 소켓이 있음" "a socket on port $NOBODY")"
fi
ws_expect "Active Connections|활성 연결" "이 포트에는 아무 소켓도 없음" "no socket on this port"
ws_run 3-3 B "lab-tcp-client --port $NOBODY --count 1"
ws_expect "refused|거부" "TCP는 바로 연결 거부" "TCP is refused at once"
ws_run 3-4 B "lab-udp-sender --to 127.0.0.1:$NOBODY --count 3 --connect"
ws_expect "connection refused|연결 거부" "connect한 UDP 소켓은 ICMP를 듣고 연결 거부를 알림" \
  "a connected UDP socket hears the ICMP and reports 'connection refused'"

ws_step 2 "UDP 수신기와 lab-netstat" "A UDP receiver in lab-netstat"
ws_start 3-5 A "lab-udp-receiver --port $P" "Waiting|기다립니다"
ws_expect "PID [0-9]+ · UDP 127\.0\.0\.1:$P" "수신기가 PID와 UDP 주소를 알림" "the receiver announces its PID and UDP address"
ws_run 3-6 C "lab-netstat -ano --port $P"
ws_expect "UDP +127\.0\.0\.1:$P +\*:\* +$(ws_pid_of A)" "UDP 줄: 외부 주소 *:*, 상태 없음, 수신기 PID" \
  "a UDP row: foreign address *:*, no state, the receiver's PID"

ws_step 3 "메시지 경계: 세 번 보내면 세 개가 도착" "Message boundaries: three sends, three datagrams"
ws_run 3-7 B "lab-udp-sender --to 127.0.0.1:$P" 'one\ntwo\nthree\n'
ws_expect "sent 3 datagrams|데이터그램 3개" "데이터그램 3개를 보냄" "three datagrams sent"
ws_wait A '"three\\n"' 3-8
ws_expect '"one\\n"' "첫 번째 데이터그램" "the first datagram"
ws_expect '"two\\n"' "두 번째 데이터그램" "the second datagram"
ws_expect '"three\\n"' "세 번째 데이터그램: 따로따로 도착" "the third datagram: each arrived on its own"
ws_stop 3-9 A
ws_expect "3 foreign|lab 형식 아님 3|실습용 형식이 아님 3" "요약: 데이터그램 3개" "the summary counts three datagrams"

ws_step 4 "작게 읽으면 나머지는 사라진다" "Read less, lose the rest"
ws_start 3-10 D "lab-udp-receiver --port $SHORT --read-size 4" "Waiting|기다립니다"
ws_run 3-11 B "lab-udp-sender --to 127.0.0.1:$SHORT" 'abcdefghij\n'
ws_wait D "truncated|잘림" 3-12
ws_expect '"abcd"' "앞의 4바이트만 읽힘" "only the first 4 bytes were read"
ws_expect "the other 7 are lost|나머지 7 ?바이트는 사라졌습니다" "나머지 7바이트는 사라짐" "the other 7 bytes are gone"
ws_stop 3-13 D

ws_step 5 "느린 수신기와 작은 버퍼: 손실" "A slow receiver with a small buffer: loss"
ws_start 3-14 E "lab-udp-receiver --port $LOSS --rcvbuf 4k --slow 1 --quiet --timeout 1" "Waiting|기다립니다"
ws_expect "8192" "커널이 버퍼 크기를 두 배로" "the kernel doubles the buffer size"
ws_run 3-15 B "lab-udp-sender --to 127.0.0.1:$LOSS --count 1000 --size 64 --rate 2000"
ws_expect "sent 1000 datagrams|데이터그램 1000개" "송신기는 1000개 모두 보냈다고 함" "the sender says all 1000 were sent"
ws_wait E "summary|요약" 3-16
ws_expect "[1-9][0-9]* lost|손실 [1-9]" "손실이 생김" "datagrams were lost"
ws_expect "kernel dropped [1-9]|커널이 버림 [1-9]" "커널이 버린 수를 셈" "the kernel counted its drops"
ws_expect "= [0-9]+ received \+ [0-9]+ lost|= 수신 [0-9]+ \+ 손실 [0-9]+" "수가 맞아떨어짐" "the numbers add up"

ws_step 6 "같은 일을 TCP와 UDP로: 비교표" "The same job over TCP and UDP: the table"
ws_run 3-17 C "scripts/compare-tcp-udp.sh"
ws_expect "TCP +1000 +0 " "TCP: 1000개 모두 도착, 손실 0" "TCP: all 1000 delivered, 0 lost"
ws_expect "UDP +[0-9]+ +[1-9][0-9]* " "UDP: 손실 있음" "UDP: some lost"
ws_finish
