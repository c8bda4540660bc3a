#!/usr/bin/env bash
# Worksheet 6 — Well-known ports (worksheets/*/6-ports.md), step by step: a service's port by
# name and a port's service by number, the lesson's table, the three IANA ranges and this OS's
# real ephemeral range, registry against custom (1521), the OS's own services database, and
# who holds a port right now (a port the worksheet opens itself: numbers are customary).
#   scripts/lab-6-ports.sh [--no-pause] [--lang ko|en] [--list-commands] [--samples DIR]
set -euo pipefail
source "$(dirname "$0")/lib/worksheet.sh"
ws_init 7600 "$@"
P=$LAB_PORT_BASE
ws_require_free_ports "$P"

ws_title "실습 6 — 잘 알려진 포트" "Lab 6 — Well-known ports"

ws_step 1 "이름으로 포트 찾기" "A service's port, by name"
ws_run 6-1 A "lab-ports http"
ws_expect "80 +tcp +HTTP " "HTTP는 80/tcp" "HTTP is 80/tcp"
ws_expect "HTTPS 443/tcp" "HTTPS 443도 함께 알려 줌" "it points to HTTPS 443 as well"
ws_run 6-2 A "lab-ports ftp dhcp"
ws_expect "20 +tcp +FTP \(data\)" "FTP 데이터 20번" "FTP data on 20"
ws_expect "21 +tcp +FTP \(control\)" "FTP 제어 21번" "FTP control on 21"
ws_expect "67 +udp +DHCP \(server\)" "DHCP 서버 67번 (UDP)" "DHCP server on 67 (UDP)"
ws_expect "68 +udp +DHCP \(client\)" "DHCP 클라이언트 68번 (UDP)" "DHCP client on 68 (UDP)"
ws_run 6-3 A "lab-ports htp"
ws_expect "did you mean: http|혹시: http" "오타에는 비슷한 이름을 권함" "a typo gets close names suggested"

ws_step 2 "번호로 서비스 찾기" "A port's service, by number"
ws_run 6-4 A "lab-ports 3306"
ws_expect "3306 +tcp +MySQL" "3306은 MySQL" "3306 is MySQL"
ws_expect "registered port \(1024-49151|Registered 포트입니다 \(1024-49151" "Registered 범위" "the registered range"

ws_step 3 "수업의 표" "The lesson's table"
ws_run 6-5 A "lab-ports --list lesson"
ws_expect "22 +tcp +SSH" "SSH 22" "SSH 22"
ws_expect "53 +tcp, udp +DNS" "DNS 53 (TCP와 UDP)" "DNS 53 (TCP and UDP)"
ws_expect "3389 +tcp, udp +RDP" "원격 데스크톱 3389" "Remote Desktop 3389"

ws_step 4 "세 가지 범위와 이 컴퓨터의 임시 포트" "The three ranges and this computer's ephemeral ports"
ws_run 6-6 A "lab-ports --ranges"
ws_expect "well-known +0 +1023" "Well-Known 0-1023" "well-known 0-1023"
ws_expect "registered +1024 +49151" "Registered 1024-49151" "registered 1024-49151"
ws_expect "dynamic +49152 +65535" "Dynamic 49152-65535" "dynamic 49152-65535"
ws_expect "ip_local_port_range" "이 컴퓨터의 실제 임시 포트 범위와 그 출처" "this machine's real ephemeral range and where it comes from"
ws_run 6-7 A "cat /proc/sys/net/ipv4/ip_local_port_range"
ws_expect "^[0-9]+[[:space:]]+[0-9]+$" "시작 번호와 끝 번호" "the first and the last port"

ws_step 5 "관례와 등록이 다를 때: 1521" "When custom and the registry disagree: 1521"
ws_run 6-8 A "lab-ports 1521"
ws_expect "Oracle DB listener +custom|Oracle DB listener +관례" "오라클은 1521을 관례로 씀" "Oracle uses 1521 by custom"
ws_expect "ncube-lm" "IANA 등록은 ncube-lm" "IANA registered it to ncube-lm"

ws_step 6 "운영체제의 도구" "The OS's own tools"
ws_run 6-9 A "getent services http"
ws_expect "^http +80/tcp" "getent: http 80/tcp" "getent: http 80/tcp"
ws_run 6-10 A "grep -w 3306/tcp /etc/services"
ws_expect "^mysql[[:space:]]+3306/tcp" "/etc/services: mysql 3306/tcp" "/etc/services: mysql 3306/tcp"

ws_step 7 "지금 그 포트를 누가 쓰나" "Who holds a port right now"
ws_start 6-11 B "lab-tcp-server --port $P" "LISTENING"
ws_run 6-12 A "lab-ports --live $P"
ws_expect "TCP +127\.0\.0\.1:$P +LISTENING +$(ws_pid_of B) +lab-tcp-server" \
  "포트 $P: LISTENING, 서버 PID, lab-tcp-server" "port $P: LISTENING, the server's PID, lab-tcp-server"
ws_expect "UDP $P" "같은 번호의 UDP는 비어 있음" "UDP on the same number is free"
ws_run 6-13 A "lab-ports $P"
ws_expect "No service is known for port $P|포트 ${P}에 알려진 서비스가 없습니다" \
  "등록된 서비스는 없지만 쓰이고 있음" "no service is known for it, yet it is in use"
ws_run 6-14 A "lab-ports --live http"
ws_expect "TCP 80|:80 " "80번도 살펴봄 (TCP와 UDP)" "port 80 looked up too (TCP and UDP)"

ws_step 8 "정리" "Clean up"
ws_stop 6-15 B
ws_expect "stopped|종료" "서버의 요약 한 줄" "the server's one-line summary"
ws_finish
