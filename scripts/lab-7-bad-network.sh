#!/usr/bin/env bash
# Worksheet 7 — TCP and UDP on a bad network (worksheets/*/7-bad-network.md), step by step:
# lab-badnet makes the lab's ports lose 10 %, UDP loses (first, so that a seed gives the same
# count every run), TCP retransmits and still delivers every byte; then reordering, duplication and delay; the clean-up; the comparison table.
# lab-badnet changes the kernel's packet path, so this lab needs root: run as a normal user it
# says so and skips (exit 0).
#   scripts/lab-7-bad-network.sh [--no-pause] [--lang ko|en] [--list-commands] [--samples DIR]
set -euo pipefail
source "$(dirname "$0")/lib/worksheet.sh"
ws_init 7700 "$@"
cd "$ws_root"  # scripts/compare-tcp-udp.sh is run as the worksheet prints it
T=$LAB_PORT_BASE U=$((LAB_PORT_BASE + 1))

ws_title "실습 7 — 나쁜 네트워크 위의 TCP와 UDP" "Lab 7 — TCP and UDP on a bad network"
if [ "$ws_mode" = run ] && [ "$(id -u)" -ne 0 ]; then
  ws_say "건너뜀: lab-badnet은 커널의 패킷 경로를 바꾸므로 root 권한이 필요합니다 (sudo $0)." \
    "skipped: lab-badnet changes the kernel's packet path and needs root (sudo $0)."
  exit 0
fi
ws_require_free_ports "$T" "$U"

ws_step 1 "나쁜 네트워크 만들기: 10% 손실" "Make a bad network: 10 % loss"
ws_start 7-1 N "lab-badnet --port $T,$U --loss 10 --seed 1" "Ctrl-C ends|Ctrl-C로 끝냅니다"
ws_expect "PID [0-9]+: tcp\+udp port $T,$U on lo|포트 $T,$U \(lo\)" \
  "lab-badnet이 PID, 포트, 인터페이스를 알림" "lab-badnet announces its PID, ports and interface"
ws_run 7-2 C "nft list tables"
ws_expect "table inet socketlab_badnet_$(ws_pid_of N)" "그 PID 이름의 nftables 테이블" \
  "an nftables table named after that PID"

ws_step 2 "UDP: 잃은 것은 그대로 사라진다" "UDP: what is lost stays lost"
ws_start 7-6 D "lab-udp-receiver --port $U --quiet --timeout 2" "Waiting|기다립니다"
ws_run 7-7 B "lab-udp-sender --to 127.0.0.1:$U --count 1000 --rate 2000"
ws_expect "sent 1000 datagrams|데이터그램 1000개" "보내는 쪽은 1000개 모두 보냈다고 함" \
  "the sender says all 1000 were sent"
ws_wait D "summary|요약" 7-8
ws_expect "[1-9][0-9]* lost|손실 [1-9]" "손실이 생김" "datagrams were lost"
ws_expect "= [0-9]+ received \+ [0-9]+ lost|= 수신 [0-9]+ \+ 손실 [0-9]+" "수가 맞아떨어짐" \
  "the numbers add up"
ws_expect "kernel dropped 0|커널이 버림 0" "받는 쪽 커널은 하나도 버리지 않음: 네트워크가 잃음" \
  "the receiving kernel dropped none: the network lost them"
# These datagrams are the first packets through lab-badnet: with --seed 1 the same ones are lost
# on every run, and step 7's fresh lab-badnet (same seed) loses as many of its 1000.
seeded_udp_lost=$(grep -Eo "[0-9]+ lost|손실 [0-9]+" <<<"$ws_out" | head -1 | grep -Eo "[0-9]+" || true)

ws_step 3 "TCP: 잃은 것은 다시 보낸다" "TCP: what is lost is sent again"
ws_start 7-3 A "lab-tcp-server --port $T" "LISTENING"
ws_run 7-4 B "lab-tcp-client --port $T --count 200 --size 1000 --interval 5"
ws_expect "every byte matched|모든 바이트 일치" "모든 바이트가 순서대로 도착" "every byte arrived, in order"
ws_expect "TCP_INFO: [1-9][0-9]* retransmitted|재전송 세그먼트 [1-9][0-9]*개" \
  "TCP가 세그먼트를 재전송함" "TCP retransmitted segments"
# The server closes its side once the client's FIN got through the lossy link: only then stop
# it, or it would close first and keep port $T in TIME_WAIT for a minute.
ws_wait A "close +#1"
ws_stop 7-5 A

ws_step 4 "나쁜 네트워크 끄기: 아무것도 남지 않는다" "Switch the bad network off: nothing stays"
ws_stop 7-9 N
ws_expect "dropped [1-9]|버림 [1-9]" "lab-badnet이 버린 패킷 수" "how many packets lab-badnet dropped"
ws_run 7-10 C "nft list tables"
if grep -q "socketlab_badnet_$(ws_pid_of N)" <<<"$ws_out"; then
  ws_fail "$(ws_t "lab-badnet의 테이블이 남아 있음" "lab-badnet's table is still there")"
fi
ws_checks=$((ws_checks + 1))

ws_step 5 "순서 바뀜과 중복" "Reordering and duplicates"
ws_start 7-11 M "lab-badnet --port $U --udp --reorder 10 --duplicate 5 --seed 2" "Ctrl-C ends|Ctrl-C로 끝냅니다"
ws_start 7-12 E "lab-udp-receiver --port $U --quiet --timeout 2" "Waiting|기다립니다"
ws_run 7-13 B "lab-udp-sender --to 127.0.0.1:$U --count 1000 --rate 2000"
ws_wait E "summary|요약" 7-14
ws_expect "[1-9][0-9]* reordered|순서 바뀜 [1-9]" "순서가 바뀐 데이터그램" "datagrams out of order"
ws_expect "[1-9][0-9]* duplicated|중복 [1-9]" "두 번 도착한 데이터그램" "datagrams that arrived twice"
ws_stop 7-15 M

ws_step 6 "지연: RTT가 늘어난다" "Delay: the RTT grows"
ws_start 7-16 O "lab-badnet --port $T --tcp --delay 50" "Ctrl-C ends|Ctrl-C로 끝냅니다"
ws_start 7-17 F "lab-tcp-server --port $T" "LISTENING"
ws_run 7-18 B "lab-tcp-client --port $T --count 10 --size 100"
ws_expect "RTT (9[0-9]|1[0-9][0-9])\.[0-9]+ ms" "RTT는 약 100 ms (가는 길 50 + 오는 길 50)" \
  "the RTT is about 100 ms (50 there + 50 back)"
ws_wait F "close +#1"
ws_stop 7-19 O
ws_stop 7-20 F

ws_step 7 "같은 일을 TCP와 UDP로, 나쁜 네트워크에서" "The same job over TCP and UDP, on a bad network"
# The worksheet shows the sudo a student needs; this script runs as root already, and where sudo
# is not installed (a container) the command runs as it is.
if [ "$ws_mode" = run ] && ! command -v sudo >/dev/null; then
  sudo() { "$@"; }
  export -f sudo
fi
ws_run 7-21 C "sudo scripts/compare-tcp-udp.sh --loss 10"
ws_expect "TCP +1000 +1000 +0 " "TCP: 1000개 모두 도착, 손실 0" "TCP: all 1000 delivered, 0 lost"
ws_expect "UDP +1000 +[0-9]+ +[1-9][0-9]* " "UDP: 손실 있음" "UDP: some lost"
ws_expect "UDP +1000 +[0-9]+ +${seeded_udp_lost:-x} " "UDP는 단계 2와 같은 수를 잃음 (같은 시드)" \
  "UDP lost as many as in step 2 (the same seed)"
ws_finish
