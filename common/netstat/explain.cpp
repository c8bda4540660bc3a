#include "netstat/explain.hpp"

#include "ports/lookup.hpp"
#include "ports/ranges.hpp"
#include "ports/services_file.hpp"

#include <fstream>
#include <unordered_map>

#include "cli/lang.hpp"
#include "cli/os_words.hpp"

namespace lab::netstat {

using sockets::Protocol;
using sockets::SocketRow;
using sockets::TcpState;

void load_ephemeral_range(ExplainContext& context) {
  // Linux: /proc/sys/net/ipv4/ip_local_port_range; Windows: what netsh says (the defaults in
  // ExplainContext when it says nothing, as under Wine).
  if (auto range = ports::read_system_port_ranges(false).ephemeral) {
    context.ephemeral_low = range->first;
    context.ephemeral_high = range->last;
  }
}

std::string port_range_name(std::uint16_t port) {
  return ports::range_words(ports::classify(port));
}

namespace {
// Service names by (protocol, port), read from the services file once (/etc/services; on
// Windows the one under System32\drivers\etc): a lookup per port would read the whole file
// again for every port, and a busy table has thousands of ephemeral ports.
const std::unordered_map<std::uint32_t, std::string>& service_names() {
  static const auto names = [] {
    std::unordered_map<std::uint32_t, std::string> out;
    const auto database = ports::read_services_file(ports::system_services_path());
    if (!database) return out;
    for (const auto& service : database->entries) {
      if (service.protocol != "tcp" && service.protocol != "udp") continue;
      const auto protocol = service.protocol == "tcp" ? Protocol::tcp : Protocol::udp;
      const std::uint32_t key = (static_cast<std::uint32_t>(protocol) << 16) | service.port;
      out.emplace(key, service.name);  // the first name listed is the usual one
    }
    return out;
  }();
  return names;
}

}  // namespace

std::string_view etc_services_name(std::uint16_t port, Protocol protocol) {
  const auto& names = service_names();
  auto it = names.find((static_cast<std::uint32_t>(protocol) << 16) | port);
  return it == names.end() ? std::string_view() : std::string_view(it->second);
}

// The curated table lab-ports answers from (the lesson's names first), then the system's
// services database.
std::string service_name(std::uint16_t port, Protocol protocol) {
  const char* protocol_text = protocol == Protocol::tcp ? "tcp" : "udp";
  if (std::string title = ports::service_title(port, protocol_text); !title.empty()) return title;
  return std::string(etc_services_name(port, protocol));
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
      return trf(
          "TIME_WAIT: this side closed first; the kernel keeps the pair ~{} s (no process: PID 0)",
          "TIME_WAIT: 이쪽이 먼저 닫았습니다; 커널이 약 {}초 보관합니다 (프로세스 없음: PID 0)",
          os_words::time_wait_seconds());
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
  const bool client_end = row.protocol == Protocol::tcp && row.state != TcpState::listen &&
                          row.remote.port != 0 && port >= context.ephemeral_low &&
                          port <= context.ephemeral_high &&
                          !context.listening_ports.count({row.protocol, port});
  std::string port_note;
  if (client_end) {
    // The IANA ranges and this OS's ephemeral range overlap (Linux: 32768-60999 is mostly in
    // the registered range): a client's port is in both, and the note says both.
    const auto range = ports::classify(port);
    const auto b = ports::bounds(range);
    const char* en_name = range == ports::PortRange::well_known   ? "well-known"
                          : range == ports::PortRange::registered ? "registered"
                                                                  : "dynamic";
    const char* ko_name = range == ports::PortRange::well_known   ? "Well-Known"
                          : range == ports::PortRange::registered ? "Registered"
                                                                  : "Dynamic";
    port_note =
        lab::trf("port {}: {} range ({}-{}) and this OS's ephemeral range ({}-{})",
                 "포트 {}: {} 포트 범위({}-{})이자 이 OS의 임시(ephemeral) 포트 범위({}-{})", port,
                 lab::current_lang() == lab::Lang::ko ? ko_name : en_name, b.first, b.last,
                 context.ephemeral_low, context.ephemeral_high);
  } else {
    port_note = trf("port {}: {}", "포트 {}: {}", port, port_range_name(port));
  }
  const std::string service = service_name(port, row.protocol);
  if (!service.empty()) port_note += ", " + service;
  if (client_end)
    port_note += tr(" - the kernel picked it for this client end",
                    " - 커널이 이 클라이언트 쪽에 골라 준 번호");
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
             "      tx_queue:rx_queue {} = {} / {}바이트, uid {}, inode {}\n", f[4], row.tx_queue,
             row.rx_queue, row.uid, row.inode);
  return out;
}

}  // namespace lab::netstat
