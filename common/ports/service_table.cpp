#include "ports/service_table.hpp"

#include <algorithm>
#include <array>
#include <tuple>

#include "ports/services_file.hpp"

namespace lab::ports {
namespace {

constexpr Use reg = Use::registered;
constexpr Use cus = Use::custom;

// The descriptions are ours; the numbers and IANA names follow the IANA Service Name and
// Transport Protocol Port Number Registry. Keep rows sorted by port.
// clang-format off
constexpr std::array kServices = std::to_array<Service>({
  {"ftp-data", "FTP (data)", 20, tcp, reg, "ftp-data", "", "", "ftp", true,
   "FTP file transfer: the data channel that carries file contents in active mode",
   "FTP 파일 전송: 액티브 모드에서 파일 내용이 오가는 데이터 채널", "ftp"},
  {"ftp", "FTP (control)", 21, tcp, reg, "ftp", "", "", "ftp", true,
   "FTP file transfer: the control channel for login and commands",
   "FTP 파일 전송: 로그인과 명령이 오가는 제어 채널", "ftp-data tftp"},
  {"ssh", "SSH", 22, tcp, reg, "ssh", "", "sftp scp", "", true,
   "Secure Shell: encrypted remote login, also carries SFTP and scp",
   "보안 셸: 암호화된 원격 로그인, SFTP와 scp도 이 포트를 씀", "telnet"},
  {"telnet", "TELNET", 23, tcp, reg, "telnet", "", "", "", true,
   "Remote terminal in plain text: passwords cross the network unencrypted",
   "평문 원격 터미널: 비밀번호가 암호화 없이 네트워크를 지나감", "ssh"},
  {"smtp", "SMTP", 25, tcp, reg, "smtp", "", "mail", "", false,
   "Mail transfer between mail servers",
   "메일 서버끼리 메일을 넘겨주는 프로토콜", "submission submissions"},
  {"dns", "DNS", 53, tcp_udp, reg, "domain", "", "domain nameserver", "", true,
   "Name to address lookup: UDP for ordinary queries, TCP for large answers and zone transfers",
   "이름을 주소로 바꾸는 조회: 보통은 UDP, 큰 응답과 영역 전송은 TCP", "dns-over-tls mdns"},
  {"dhcp-server", "DHCP (server)", 67, udp, reg, "bootps", "", "bootps dhcps", "dhcp", true,
   "DHCP server side: hands out IP addresses, listens on UDP 67",
   "DHCP 서버 쪽: IP 주소를 나눠 주며 UDP 67에서 기다림", "dhcp-client"},
  {"dhcp-client", "DHCP (client)", 68, udp, reg, "bootpc", "", "bootpc dhcpc", "dhcp", true,
   "DHCP client side: a host asking for an address receives the offer on UDP 68",
   "DHCP 클라이언트 쪽: 주소를 요청한 호스트가 UDP 68로 응답을 받음", "dhcp-server"},
  {"tftp", "TFTP", 69, udp, reg, "tftp", "", "", "", true,
   "Trivial FTP over UDP, no login: network boot (PXE) and device firmware",
   "로그인 없는 UDP 기반 간이 FTP: 네트워크 부팅(PXE)과 장비 펌웨어에 쓰임", "ftp"},
  {"http", "HTTP", 80, tcp, reg, "http", "", "www www-http", "", true,
   "The web without encryption",
   "암호화하지 않은 웹", "https http-alt"},
  {"kerberos", "Kerberos", 88, tcp_udp, reg, "kerberos", "", "kerberos5 krb5", "", false,
   "Network authentication tickets (Active Directory logins use it)",
   "네트워크 인증 티켓 (Active Directory 로그인이 사용)", "ldap"},
  {"pop3", "POP3", 110, tcp, reg, "pop3", "", "pop pop-3", "", false,
   "Download mail from a mailbox",
   "메일함에서 메일을 내려받는 프로토콜", "pop3s imap"},
  {"rpcbind", "ONC RPC portmapper", 111, tcp_udp, reg, "sunrpc", "", "sunrpc portmapper portmap", "", false,
   "Tells clients which port an RPC program (such as NFS helpers) listens on",
   "RPC 프로그램(NFS 보조 서비스 등)이 어느 포트에 있는지 알려 줌", "nfs"},
  {"nntp", "NNTP", 119, tcp, reg, "nntp", "", "usenet", "", false,
   "Usenet news transfer",
   "유즈넷 뉴스 전송", ""},
  {"ntp", "NTP", 123, udp, reg, "ntp", "", "", "", false,
   "Clock synchronisation",
   "시계 맞추기 (시간 동기화)", ""},
  {"msrpc", "MS RPC endpoint mapper", 135, tcp, reg, "epmap", "", "epmap loc-srv", "", false,
   "Windows RPC endpoint mapper: tells clients where a Windows service listens",
   "Windows RPC 엔드포인트 매퍼: Windows 서비스가 어느 포트에 있는지 알려 줌", "smb"},
  {"netbios-ns", "NetBIOS name service", 137, udp, reg, "netbios-ns", "", "", "netbios", false,
   "Old Windows name lookup on the local network",
   "로컬 네트워크의 옛 Windows 이름 조회", "netbios-ssn"},
  {"netbios-dgm", "NetBIOS datagram", 138, udp, reg, "netbios-dgm", "", "", "netbios", false,
   "Old Windows broadcasts (network browsing)",
   "옛 Windows 브로드캐스트 (네트워크 환경 탐색)", "netbios-ssn"},
  {"netbios-ssn", "NetBIOS session", 139, tcp, reg, "netbios-ssn", "", "", "netbios", false,
   "File sharing over NetBIOS, before SMB moved to 445",
   "SMB가 445로 옮기기 전의 NetBIOS 위 파일 공유", "smb"},
  {"imap", "IMAP", 143, tcp, reg, "imap", "", "imap2 imap4", "", false,
   "Read mail that stays on the server",
   "메일을 서버에 둔 채로 읽는 프로토콜", "imaps pop3"},
  {"snmp", "SNMP", 161, udp, reg, "snmp", "", "", "", false,
   "Network device monitoring: a manager queries the agent on UDP 161",
   "네트워크 장비 감시: 관리자가 UDP 161의 에이전트에게 물어봄", "snmptrap"},
  {"snmptrap", "SNMP trap", 162, udp, reg, "snmptrap", "", "snmp-trap", "", false,
   "Alerts a device sends to its manager on its own",
   "장비가 관리자에게 스스로 보내는 경보", "snmp"},
  {"bgp", "BGP", 179, tcp, reg, "bgp", "", "", "", false,
   "Routing between networks of the Internet (autonomous systems)",
   "인터넷의 네트워크(AS)끼리 경로를 주고받는 프로토콜", ""},
  {"ldap", "LDAP", 389, tcp_udp, reg, "ldap", "", "", "", false,
   "Directory of users and groups (Active Directory, OpenLDAP)",
   "사용자와 그룹의 디렉터리 (Active Directory, OpenLDAP)", "ldaps kerberos"},
  {"https", "HTTPS", 443, tcp_udp, reg, "https", "", "quic http3", "", true,
   "The web over TLS; UDP 443 carries HTTP/3 over QUIC",
   "TLS로 암호화한 웹; UDP 443은 QUIC 위의 HTTP/3", "http https-alt"},
  {"smb", "SMB", 445, tcp, reg, "microsoft-ds", "", "microsoft-ds cifs samba", "", false,
   "Windows file and printer sharing (Samba on Linux)",
   "Windows 파일·프린터 공유 (Linux에서는 Samba)", "netbios-ssn"},
  {"submissions", "SMTP submission over TLS", 465, tcp, reg, "submissions", "", "smtps ssmtp", "", false,
   "A mail program hands outgoing mail to its server, encrypted from the start",
   "메일 프로그램이 보낼 메일을 서버에 넘김, 처음부터 암호화", "submission smtp"},
  {"ike", "IPsec IKE", 500, udp, reg, "isakmp", "", "isakmp ipsec", "", false,
   "IPsec VPN key exchange",
   "IPsec VPN 키 교환", "ipsec-nat-t"},
  {"syslog", "syslog", 514, udp, reg, "syslog", "", "", "", false,
   "Log messages sent to a central log server",
   "중앙 로그 서버로 보내는 로그 메시지", ""},
  {"rtsp", "RTSP", 554, tcp_udp, reg, "rtsp", "", "", "", false,
   "Control of media streams (IP cameras, media players)",
   "미디어 스트림 제어 (IP 카메라, 미디어 플레이어)", ""},
  {"submission", "SMTP submission", 587, tcp, reg, "submission", "", "msa", "", false,
   "A mail program hands outgoing mail to its server (STARTTLS, login required)",
   "메일 프로그램이 보낼 메일을 서버에 넘김 (STARTTLS, 로그인 필요)", "submissions smtp"},
  {"ipp", "IPP", 631, tcp, reg, "ipp", "", "cups", "", false,
   "Printing over the network (CUPS)",
   "네트워크 인쇄 (CUPS)", ""},
  {"ldaps", "LDAPS", 636, tcp, reg, "ldaps", "", "", "", false,
   "LDAP over TLS",
   "TLS로 암호화한 LDAP", "ldap"},
  {"dns-over-tls", "DNS over TLS", 853, tcp, reg, "domain-s", "", "domain-s dot", "", false,
   "Encrypted DNS queries",
   "암호화한 DNS 조회", "dns"},
  {"vmware-authd", "VMware authorization", 902, tcp, cus, "ideafarm-door", "IdeaFarm door", "vmware", "", false,
   "VMware's authorization service and remote console, by custom",
   "VMware 인증 서비스와 원격 콘솔 (관례상 사용)", ""},
  {"imaps", "IMAPS", 993, tcp, reg, "imaps", "", "", "", false,
   "IMAP over TLS",
   "TLS로 암호화한 IMAP", "imap"},
  {"pop3s", "POP3S", 995, tcp, reg, "pop3s", "", "", "", false,
   "POP3 over TLS",
   "TLS로 암호화한 POP3", "pop3"},
  {"socks", "SOCKS proxy", 1080, tcp, reg, "socks", "", "", "", false,
   "A proxy that relays any TCP connection (ssh -D 1080 opens one)",
   "아무 TCP 연결이나 중계하는 프록시 (ssh -D 1080이 이것을 엶)", ""},
  {"openvpn", "OpenVPN", 1194, tcp_udp, reg, "openvpn", "", "", "", false,
   "OpenVPN tunnels, UDP by default",
   "OpenVPN 터널, 기본은 UDP", "wireguard"},
  {"mssql", "Microsoft SQL Server", 1433, tcp, reg, "ms-sql-s", "", "ms-sql-s sqlserver sql-server", "", false,
   "Microsoft SQL Server database",
   "마이크로소프트 SQL Server 데이터베이스", "mysql oracle postgresql"},
  {"oracle", "Oracle DB listener", 1521, tcp, cus, "ncube-lm", "nCube License Manager", "oracle-db tns tnslsnr oracle-listener", "", true,
   "Oracle Database's listener (TNS): clients connect here first",
   "오라클 DB 리스너(TNS): 클라이언트가 처음 접속하는 곳", "mysql mssql"},
  {"pptp", "PPTP", 1723, tcp, reg, "pptp", "", "", "", false,
   "An old VPN protocol, no longer considered secure",
   "더 이상 안전하지 않은 옛 VPN 프로토콜", "openvpn"},
  {"mqtt", "MQTT", 1883, tcp, reg, "mqtt", "", "mosquitto", "", false,
   "Publish/subscribe messages for IoT devices",
   "IoT 장비용 발행/구독 메시지", ""},
  {"ssdp", "SSDP", 1900, udp, reg, "ssdp", "", "upnp", "", false,
   "UPnP device discovery on the local network (multicast)",
   "로컬 네트워크의 UPnP 장치 찾기 (멀티캐스트)", "mdns"},
  {"nfs", "NFS", 2049, tcp_udp, reg, "nfs", "", "", "", false,
   "Unix network file system",
   "유닉스 네트워크 파일 시스템", "rpcbind smb"},
  {"docker", "Docker API", 2375, tcp, reg, "docker", "", "", "", false,
   "Docker engine API without TLS: never expose it to a network",
   "TLS 없는 Docker 엔진 API: 네트워크에 절대 열지 말 것", "docker-tls"},
  {"docker-tls", "Docker API over TLS", 2376, tcp, reg, "docker-s", "", "docker-s", "", false,
   "Docker engine API over TLS",
   "TLS로 보호한 Docker 엔진 API", "docker"},
  {"icslap", "Windows UPnP events", 2869, tcp, reg, "icslap", "", "upnp-events", "", false,
   "Windows: UPnP device host and SSDP event notifications over HTTP",
   "Windows: HTTP로 오가는 UPnP 장치 호스트와 SSDP 이벤트 알림", "ssdp wsdapi"},
  {"mysql", "MySQL", 3306, tcp, reg, "mysql", "", "mariadb", "", true,
   "MySQL (and MariaDB) database server",
   "MySQL(과 MariaDB) 데이터베이스 서버", "postgresql oracle"},
  {"rdp", "RDP (Remote Desktop)", 3389, tcp_udp, reg, "ms-wbt-server", "", "ms-wbt-server remote-desktop mstsc", "", true,
   "Microsoft Remote Desktop; newer clients add a UDP channel on the same number",
   "마이크로소프트 원격 데스크톱; 최신 클라이언트는 같은 번호의 UDP도 씀", "vnc ssh"},
  {"ipsec-nat-t", "IPsec NAT traversal", 4500, udp, reg, "ipsec-nat-t", "", "nat-t", "", false,
   "IPsec VPN traffic wrapped in UDP to pass through NAT",
   "NAT를 지나가도록 UDP로 감싼 IPsec VPN 트래픽", "ike"},
  {"sip", "SIP", 5060, tcp_udp, reg, "sip", "", "voip", "", false,
   "Call set-up for internet telephony (VoIP)",
   "인터넷 전화(VoIP)의 통화 연결", ""},
  {"mdns", "mDNS", 5353, udp, reg, "mdns", "", "bonjour avahi", "", false,
   "Names on the local network without a DNS server (name.local)",
   "DNS 서버 없이 쓰는 로컬 네트워크 이름 (이름.local)", "dns ssdp"},
  {"wsdapi", "WSD (Web Services on Devices)", 5357, tcp, reg, "wsdapi", "", "wsd", "", false,
   "Windows network discovery of printers, scanners and other devices (HTTP)",
   "Windows 네트워크에서 프린터·스캐너 같은 장치 찾기 (HTTP)", "icslap ssdp"},
  {"postgresql", "PostgreSQL", 5432, tcp, reg, "postgresql", "", "postgres pgsql", "", false,
   "PostgreSQL database server",
   "PostgreSQL 데이터베이스 서버", "mysql"},
  {"amqp", "AMQP", 5672, tcp, reg, "amqp", "", "rabbitmq", "", false,
   "Message queue protocol (RabbitMQ)",
   "메시지 큐 프로토콜 (RabbitMQ)", "mqtt"},
  {"vnc", "VNC", 5900, tcp, reg, "rfb", "", "rfb", "", false,
   "Remote screen sharing (the RFB protocol); display :1 is 5901",
   "원격 화면 공유 (RFB 프로토콜); 디스플레이 :1은 5901", "rdp"},
  {"x11", "X11", 6000, tcp, reg, "x11", "", "", "", false,
   "X Window System display server; display :1 is 6001",
   "X 윈도 시스템 디스플레이 서버; 디스플레이 :1은 6001", ""},
  {"redis", "Redis", 6379, tcp, reg, "redis", "", "", "", false,
   "Redis in-memory key-value store",
   "Redis 메모리 키-값 저장소", "memcached"},
  {"http-alt", "HTTP alternate", 8080, tcp, reg, "http-alt", "", "webcache http-proxy", "", false,
   "Second web port: proxies, development and application servers (Tomcat)",
   "두 번째 웹 포트: 프록시, 개발용·애플리케이션 서버 (Tomcat)", "http https-alt"},
  {"https-alt", "HTTPS alternate", 8443, tcp, cus, "pcsync-https", "PCsync HTTPS", "", "", false,
   "Second HTTPS port, by custom (admin consoles, Tomcat)",
   "두 번째 HTTPS 포트, 관례상 사용 (관리 콘솔, Tomcat)", "https http-alt"},
  {"elasticsearch", "Elasticsearch", 9200, tcp, cus, "wap-wsp", "WAP connectionless session", "elastic opensearch", "", false,
   "Elasticsearch/OpenSearch REST API, by custom",
   "Elasticsearch/OpenSearch REST API, 관례상 사용", ""},
  {"git", "Git", 9418, tcp, reg, "git", "", "", "", false,
   "Git's own protocol (git://), usually read-only",
   "Git 고유의 프로토콜 (git://), 보통 읽기 전용", "ssh"},
  {"memcached", "memcached", 11211, tcp, reg, "memcache", "", "memcache", "", false,
   "memcached in-memory cache",
   "memcached 메모리 캐시", "redis"},
  {"mongodb", "MongoDB", 27017, tcp, reg, "mongodb", "", "mongo mongod", "", false,
   "MongoDB document database",
   "MongoDB 문서 데이터베이스", "mysql postgresql"},
  {"wireguard", "WireGuard", 51820, udp, cus, "", "", "wg", "", false,
   "WireGuard VPN by custom: a listening service in the dynamic range, with no IANA entry",
   "WireGuard VPN (관례상 사용): IANA 등록 없이 동적 범위에서 기다리는 서비스", "openvpn"},
});
// clang-format on

// The lesson's table, in its order.
constexpr std::array<std::string_view, 13> kLessonOrder = {
    "ftp-data", "ftp",  "ssh",   "telnet", "dns",   "dhcp-server", "dhcp-client",
    "tftp",     "http", "https", "oracle", "mysql", "rdp"};

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  return ascii_lower(a) == ascii_lower(b);
}

bool contains_word(std::string_view list, std::string_view word) {
  for (auto item : words(list))
    if (equals_ignoring_case(item, word)) return true;
  return false;
}

}  // namespace

std::span<const Service> curated_services() {
  return kServices;
}

std::vector<std::string_view> words(std::string_view list) {
  std::vector<std::string_view> out;
  std::size_t pos = 0;
  while (pos < list.size()) {
    while (pos < list.size() && list[pos] == ' ')
      ++pos;
    std::size_t start = pos;
    while (pos < list.size() && list[pos] != ' ')
      ++pos;
    if (pos > start) out.push_back(list.substr(start, pos - start));
  }
  return out;
}

std::vector<const Service*> services_on_port(std::uint16_t port) {
  std::vector<const Service*> found;
  for (const auto& service : kServices)
    if (service.port == port) found.push_back(&service);
  return found;
}

std::vector<const Service*> services_named(std::string_view name) {
  std::vector<const Service*> found;
  if (name.empty()) return found;
  for (const auto& service : kServices) {
    if (equals_ignoring_case(service.key, name) || contains_word(service.aliases, name) ||
        equals_ignoring_case(service.registry_name, name) ||
        (!service.group.empty() && equals_ignoring_case(service.group, name)))
      found.push_back(&service);
  }
  return found;
}

const Service* service_by_key(std::string_view key) {
  for (const auto& service : kServices)
    if (service.key == key) return &service;
  return nullptr;
}

std::vector<const Service*> lesson_services() {
  std::vector<const Service*> out;
  for (auto key : kLessonOrder)
    if (const Service* service = service_by_key(key)) out.push_back(service);
  return out;
}

std::vector<std::string> known_names() {
  std::vector<std::string> names;
  for (const auto& service : kServices) {
    names.emplace_back(service.key);
    for (auto alias : words(service.aliases))
      names.push_back(ascii_lower(alias));
    if (!service.registry_name.empty()) names.push_back(ascii_lower(service.registry_name));
    if (!service.group.empty()) names.emplace_back(service.group);
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

std::string protocols_text(Protocols protocols) {
  switch (protocols) {
    case tcp:
      return "tcp";
    case udp:
      return "udp";
    case tcp_udp:
      return "tcp, udp";
  }
  return "";
}

bool has_protocol(Protocols protocols, std::string_view protocol) {
  const std::string lower = ascii_lower(protocol);
  if (lower == "tcp") return (protocols & tcp) != 0;
  if (lower == "udp") return (protocols & udp) != 0;
  return false;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  // Three rolling rows: the swap of two neighbours looks two rows back.
  std::vector<std::size_t> before(b.size() + 1), previous(b.size() + 1), current(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j)
    previous[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        current[j] = std::min(current[j], before[j - 2] + 1);
    }
    std::swap(before, previous);
    std::swap(previous, current);
  }
  return previous[b.size()];
}

std::vector<std::string> suggest_names(std::string_view query,
                                       const std::vector<std::string>& candidates,
                                       const std::vector<std::string>& preferred,
                                       std::size_t limit) {
  const std::string wanted = ascii_lower(query);
  if (wanted.empty() || wanted.size() > 64) return {};
  // Allow one edit for short names, two from five letters on: "htp" -> http, "mysq" -> mysql.
  const std::size_t max_distance = wanted.size() >= 5 ? 2 : 1;
  // distance, other first letter, not preferred, length, name
  std::vector<std::tuple<std::size_t, bool, bool, std::size_t, std::string>> ranked;
  for (const auto& candidate : candidates) {
    const std::string name = ascii_lower(candidate);
    if (name == wanted) continue;
    std::size_t distance = edit_distance(wanted, name);
    // A name that starts with what was typed is as good as one edit away ("post" -> postgresql).
    if (wanted.size() >= 2 && name.starts_with(wanted))
      distance = std::min<std::size_t>(distance, 1);
    if (distance > max_distance) continue;
    const bool other_first_letter = name.empty() || name.front() != wanted.front();
    const bool not_preferred = !std::binary_search(preferred.begin(), preferred.end(), name);
    ranked.emplace_back(distance, other_first_letter, not_preferred, name.size(), name);
  }
  std::sort(ranked.begin(), ranked.end());
  std::vector<std::string> out;
  for (auto& [distance, other_letter, not_preferred, length, name] : ranked) {
    if (std::find(out.begin(), out.end(), name) != out.end()) continue;
    out.push_back(name);
    if (out.size() == limit) break;
  }
  return out;
}

}  // namespace lab::ports
