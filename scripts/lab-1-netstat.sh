#!/usr/bin/env bash
# Worksheet 1 — Reading netstat -ano (worksheets/*/1-netstat.md), step by step: a server
# LISTENING, a connection ESTABLISHED from both ends, which program holds each row (PID and
# name), a UDP row with *:* and no state, the Korean headers, the ss layout and the real ss,
# and --explain.
#   scripts/lab-1-netstat.sh [--no-pause] [--lang ko|en] [--list-commands] [--samples DIR]
set -euo pipefail
source "$(dirname "$0")/lib/worksheet.sh"
ws_init 7100 "$@"
P=$LAB_PORT_BASE U=$((LAB_PORT_BASE + 1))
ws_require_free_ports "$P"

ws_title "실습 1 — netstat -ano 읽기" "Lab 1 — Reading netstat -ano"

ws_step 1 "서버 하나 띄우고 LISTENING 줄 찾기" "Start a server and find its LISTENING row"
ws_start 1-1 A "lab-tcp-server --port $P" "LISTENING"
ws_expect "PID [0-9]+ · TCP 127\.0\.0\.1:$P LISTENING" "서버가 PID와 주소를 알림" \
  "the server announces its PID and address"
ws_run 1-2 C "lab-netstat -ano --port $P"
ws_expect "Proto +Local Address +Foreign Address +State +PID|프로토콜 +로컬 주소 +외부 주소 +상태 +PID" \
  "다섯 칸: 프로토콜, 로컬 주소, 외부 주소, 상태, PID" \
  "five columns: protocol, local address, foreign address, state, PID"
ws_expect "TCP +127\.0\.0\.1:$P +0\.0\.0\.0:0 +LISTENING +$(ws_pid_of A)" \
  "LISTENING 줄에 서버의 PID" "a LISTENING row with the server's PID"

ws_step 2 "한국어 머리글" "The Korean headers"
ws_run 1-3 C "lab-netstat -ano --lang en --port $P"
ws_expect "^Active Connections" "--lang en: 제목은 'Active Connections'" "--lang en: the title is 'Active Connections'"
if grep -q "활성 연결" <<<"$ws_out"; then ws_fail "--lang en: Korean headers"; fi
ws_run 1-3-ko C "lab-netstat -ano --lang ko --port $P"
ws_expect "활성 연결" "--lang ko: 제목은 '활성 연결'" "--lang ko: the title is '활성 연결' (Active Connections)"
ws_expect "TCP +127\.0\.0\.1:$P +0\.0\.0\.0:0 +LISTENING +$(ws_pid_of A)" \
  "줄 내용과 상태 이름은 영어 그대로" "the rows and state names stay English"

ws_step 3 "연결 하나: 양쪽에서 본 ESTABLISHED" "One connection: ESTABLISHED seen from both ends"
ws_start 1-4 B "lab-tcp-client --port $P --step" "\[1/4\]"
ws_run 1-5 C "lab-netstat -ano --port $P"
ws_expect "127\.0\.0\.1:$P +127\.0\.0\.1:[0-9]+ +ESTABLISHED +$(ws_pid_of A)" \
  "서버 쪽 ESTABLISHED 줄에 서버 PID" "the server's ESTABLISHED row carries the server's PID"
ws_expect "127\.0\.0\.1:[0-9]+ +127\.0\.0\.1:$P +ESTABLISHED +$(ws_pid_of B)" \
  "클라이언트 쪽 ESTABLISHED 줄에 클라이언트 PID" "the client's ESTABLISHED row carries the client's PID"

ws_step 4 "PID로 프로그램 찾기" "From a PID to a program"
ws_run 1-6 C "lab-netstat -ano --programs --port $P"
ws_expect "LISTENING +$(ws_pid_of A) +lab-tcp-server" "서버 PID 옆에 lab-tcp-server" \
  "lab-tcp-server beside the server's PID"
ws_expect "ESTABLISHED +$(ws_pid_of B) +lab-tcp-client" "클라이언트 PID 옆에 lab-tcp-client" \
  "lab-tcp-client beside the client's PID"
ws_run 1-7 C "lab-netstat -tulpn --port $P"
ws_expect "LISTENING +$(ws_pid_of A) +lab-tcp-server" "리눅스 문법 -tulpn: LISTENING 줄과 프로그램" \
  "Linux syntax -tulpn: the LISTENING row and its program"
if grep -q ESTABLISHED <<<"$ws_out"; then ws_fail "-l: ESTABLISHED shown"; fi
ws_run 1-8 C "lab-netstat -ano --state ESTABLISHED --program lab-tcp-client"
ws_expect "127\.0\.0\.1:[0-9]+ +127\.0\.0\.1:$P +ESTABLISHED +$(ws_pid_of B)" \
  "거르기: 상태와 프로그램 이름으로" "filters: by state and by program name"

ws_step 5 "UDP: 연결도 상태도 없다" "UDP: no connection, no state"
ws_start 1-9 D "lab-udp-receiver --port $U" "UDP 127\.0\.0\.1:$U"
ws_run 1-10 C "lab-netstat -anop UDP --port $U"
ws_expect "UDP +127\.0\.0\.1:$U +\*:\* +$(ws_pid_of D)" "UDP 줄: 외부 주소 *:*, 상태 칸은 비어 있음" \
  "a UDP row: foreign address *:*, the state column empty"

ws_step 6 "ss 모양과 진짜 ss" "The ss layout and the real ss"
ws_run 1-11 C "lab-netstat -ano --style ss --port $P"
ws_expect "LISTEN +0 +[0-9]+ +127\.0\.0\.1:$P +0\.0\.0\.0:\*" "ss 모양: LISTEN, 큐, 0.0.0.0:*" \
  "ss layout: LISTEN, the queues, 0.0.0.0:*"
ws_expect "ESTAB .*lab-tcp-client\",pid=$(ws_pid_of B)" "ESTAB 줄에 users:((\"lab-tcp-client\",pid=...))" \
  "an ESTAB row with users:((\"lab-tcp-client\",pid=...))"
ws_run 1-12 C "ss -tanp sport = :$P or dport = :$P"
ws_expect "LISTEN .*127\.0\.0\.1:$P .*pid=$(ws_pid_of A)" "진짜 ss도 같은 소켓을 보여 줌" \
  "the real ss shows the same sockets"

ws_step 7 "줄마다 설명 달기" "A note under each row"
ws_run 1-13 C "lab-netstat -ano --explain --port $P"
ws_expect "LISTENING: (waiting for clients|클라이언트의 연결을 기다립니다)" "LISTENING의 뜻" "what LISTENING means"
ws_expect "(registered|dynamic) range \([0-9]+-[0-9]+\) and this OS's ephemeral range|(Registered|Dynamic) 포트 범위\([0-9]+-[0-9]+\)이자 이 OS의 임시\(ephemeral\) 포트 범위" \
  "클라이언트 쪽 포트: IANA의 범위와 이 OS의 임시 포트 범위를 둘 다 말함" \
  "the client's port: both its IANA range and this OS's ephemeral range"

ws_step 8 "정리" "Clean up"
ws_enter B
ws_enter B
ws_enter B
ws_enter B 'closed|닫'
ws_stop 1-14 D
ws_expect "summary:|요약:" "UDP 수신기의 요약 한 줄" "the UDP receiver's one-line summary"
ws_stop 1-15 A
ws_expect "stopped|종료" "서버의 요약 한 줄" "the server's one-line summary"
ws_run 1-16 C "lab-netstat -ano --port $P"
ws_expect "127\.0\.0\.1:[0-9]+ +127\.0\.0\.1:$P +TIME_WAIT +0" \
  "남은 것은 클라이언트 쪽 TIME_WAIT 한 줄 (PID 0)" "only the client's TIME_WAIT row is left (PID 0)"
if grep -Eq "LISTENING|ESTABLISHED" <<<"$ws_out"; then ws_fail "a program of this lab still holds port $P"; fi
ws_finish
