#include "netstat/explain.hpp"

#include <netdb.h>
#include <netinet/in.h>

#include <fstream>

#include "cli/lang.hpp"

namespace lab::netstat {

using sockets::Protocol;
using sockets::SocketRow;
using sockets::TcpState;

void load_ephemeral_range(ExplainContext& context) {
  std::ifstream in("/proc/sys/net/ipv4/ip_local_port_range");
  unsigned low = 0, high = 0;
  if (in >> low >> high && low > 0 && low <= high && high <= 65535) {
    context.ephemeral_low = static_cast<std::uint16_t>(low);
    context.ephemeral_high = static_cast<std::uint16_t>(high);
  }
}

std::string port_range_name(std::uint16_t port) {
  if (port <= 1023) return tr("well-known port (0-1023)", "잘 알려진 포트 (0-1023)");
  if (port <= 49151) return tr("registered port (1024-49151)", "등록된 포트 (1024-49151)");
  return tr("dynamic port (49152-65535)", "동적 포트 (49152-65535)");
}

std::string service_name(std::uint16_t port, Protocol protocol) {
  struct Known {
    std::uint16_t port;
    std::string_view name;
  };
  // The lesson's table first: these are the names students are asked to find.
  static constexpr Known lesson[] = {
      {20, "FTP (data)"},    {21, "FTP"},           {22, "SSH"},   {23, "TELNET"}, {53, "DNS"},
      {67, "DHCP (server)"}, {68, "DHCP (client)"}, {69, "TFTP"},  {80, "HTTP"},   {443, "HTTPS"},
      {1521, "Oracle"},      {3306, "MySQL"},       {3389, "RDP"},
  };
  for (const Known& known : lesson)
    if (known.port == port) return std::string(known.name);
  if (const servent* service =
          getservbyport(htons(port), protocol == Protocol::tcp ? "tcp" : "udp"))
    return service->s_name;
  return "";
}

std::string state_meaning(const SocketRow& row) {
  if (row.protocol == Protocol::udp)
    return row.state == TcpState::established
               ? tr("UDP socket with a fixed peer (connect): only that peer's datagrams arrive",
                    "상대가 정해진 UDP 소켓(connect): 그 상대의 데이터그램만 받습니다")
               : tr("UDP has no connection: the socket takes datagrams from anyone",
                    "UDP는 연결이 없습니다: 누가 보낸 데이터그램이든 받습니다");
  switch (row.state) {
    case TcpState::listen:
      return tr("LISTENING: waiting for clients to connect",
                "LISTENING: 클라이언트의 연결을 기다립니다");
    case TcpState::established:
      return tr("ESTABLISHED: connected, data flows both ways",
                "ESTABLISHED: 연결됨, 양쪽으로 데이터가 오갑니다");
    case TcpState::syn_sent:
      return tr("SYN_SENT: asked to connect, no answer yet",
                "SYN_SENT: 연결을 요청했고 아직 답이 없습니다");
    case TcpState::syn_recv:
    case TcpState::new_syn_recv:
      return tr("SYN_RECEIVED: a client's SYN was answered, the handshake is not finished",
                "SYN_RECEIVED: 클라이언트의 SYN에 답했고 핸드셰이크가 끝나지 않았습니다");
    case TcpState::fin_wait1:
      return tr("FIN_WAIT_1: this side closed and waits for the peer to acknowledge",
                "FIN_WAIT_1: 이쪽이 닫았고 상대의 확인을 기다립니다");
    case TcpState::fin_wait2:
      return tr("FIN_WAIT_2: this side closed; the peer has not closed yet",
                "FIN_WAIT_2: 이쪽은 닫았고 상대는 아직 닫지 않았습니다");
    case TcpState::time_wait:
      return tr(
          "TIME_WAIT: this side closed first; the kernel keeps the pair ~60 s (no process: PID 0)",
          "TIME_WAIT: 이쪽이 먼저 닫았습니다; 커널이 약 60초 보관합니다 (프로세스 없음: PID 0)");
    case TcpState::close_wait:
      return tr("CLOSE_WAIT: the peer closed; this program has not called close() yet",
                "CLOSE_WAIT: 상대가 닫았고 이 프로그램은 아직 close()를 호출하지 않았습니다");
    case TcpState::last_ack:
      return tr("LAST_ACK: both sides closed, waiting for the last acknowledgement",
                "LAST_ACK: 양쪽이 닫았고 마지막 확인을 기다립니다");
    case TcpState::closing:
      return tr("CLOSING: both sides closed at the same time", "CLOSING: 양쪽이 동시에 닫았습니다");
    case TcpState::close:
      return tr("CLOSED: bound but neither listening nor connected",
                "CLOSED: 바인드만 되어 있고 대기도 연결도 아닙니다");
    case TcpState::unknown:
      break;
  }
  return tr("unknown state", "알 수 없는 상태");
}

std::string explain_notes(const SocketRow& row, const ExplainContext& context) {
  const std::uint16_t port = row.local.port;
  std::string port_note = trf("port {}: {}", "포트 {}: {}", port, port_range_name(port));
  const std::string service = service_name(port, row.protocol);
  if (!service.empty()) port_note += trf(", {}", ", {}", service);
  const bool client_end = row.protocol == Protocol::tcp && row.state != TcpState::listen &&
                          row.remote.port != 0 && port >= context.ephemeral_low &&
                          port <= context.ephemeral_high &&
                          !context.listening_ports.count({row.protocol, port});
  if (client_end)
    port_note += tr(" - your ephemeral port: the kernel picked it for this client end",
                    " - 임시(ephemeral) 포트: 커널이 이 클라이언트 쪽에 골라 준 번호");
  std::string out = "      -> " + port_note + "\n";
  out += "      -> " + state_meaning(row) + "\n";
  return out;
}

namespace {
std::size_t split(std::string_view line, std::string_view* fields, std::size_t max) {
  std::size_t count = 0, i = 0;
  while (i < line.size() && count < max) {
    while (i < line.size() && line[i] == ' ')
      ++i;
    if (i >= line.size()) break;
    const std::size_t start = i;
    while (i < line.size() && line[i] != ' ')
      ++i;
    fields[count++] = line.substr(start, i - start);
  }
  return count;
}
}  // namespace

std::string raw_notes(const SocketRow& row) {
  if (row.raw.empty()) return "";
  std::string_view f[10];
  std::string out = "      raw: " + row.raw + "\n";
  if (split(row.raw, f, 10) < 10) return out;
  out += trf("      local {} = {}, remote {} = {}, st {} = {}\n",
             "      로컬 {} = {}, 원격 {} = {}, st {} = {}\n", f[1], row.local.to_string(), f[2],
             row.remote.to_string(), f[3], sockets::linux_state_name(row.state));
  out += trf("      tx_queue:rx_queue {} = {} / {} bytes, uid {}, inode {}\n",
             "      tx_queue:rx_queue {} = {} / {} 바이트, uid {}, inode {}\n", f[4], row.tx_queue,
             row.rx_queue, row.uid, row.inode);
  return out;
}

}  // namespace lab::netstat
