#include "sockets/sock_diag.hpp"

#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

namespace lab::sockets {
namespace {

std::uint16_t from_network_order(std::uint16_t value) {
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(&value);
  return static_cast<std::uint16_t>((bytes[0] << 8) | bytes[1]);
}

// One inet_diag_msg -> one row. The record is copied out first: the buffer may be unaligned.
bool row_from_record(const std::uint8_t* data, std::size_t length, Protocol protocol,
                     SocketRow& row) {
  inet_diag_msg record;
  if (length < sizeof record) return false;
  std::memcpy(&record, data, sizeof record);
  if (record.idiag_family != AF_INET && record.idiag_family != AF_INET6) return false;
  if (record.idiag_state > static_cast<std::uint8_t>(TcpState::new_syn_recv)) return false;

  row.protocol = protocol;
  row.family = record.idiag_family == AF_INET ? Family::ipv4 : Family::ipv6;
  const std::size_t address_bytes = row.family == Family::ipv4 ? 4 : 16;
  row.local.address.family = row.family;
  row.remote.address.family = row.family;
  std::memcpy(row.local.address.bytes.data(), record.id.idiag_src, address_bytes);
  std::memcpy(row.remote.address.bytes.data(), record.id.idiag_dst, address_bytes);
  row.local.port = from_network_order(record.id.idiag_sport);
  row.remote.port = from_network_order(record.id.idiag_dport);
  // The kernel reports request sockets (a SYN answered, no accept yet) as SYN_RECV, as
  // /proc/net/tcp does.
  row.state = static_cast<TcpState>(record.idiag_state);
  row.uid = record.idiag_uid;
  row.inode = record.idiag_inode;
  row.rx_queue = record.idiag_rqueue;
  row.tx_queue = record.idiag_wqueue;
  return true;
}

}  // namespace

std::vector<std::uint8_t> make_sock_diag_request(Protocol protocol, Family family,
                                                 std::uint32_t sequence) {
  struct {
    nlmsghdr header;
    inet_diag_req_v2 request;
  } message{};
  message.header.nlmsg_len = sizeof message;
  message.header.nlmsg_type = SOCK_DIAG_BY_FAMILY;
  message.header.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
  message.header.nlmsg_seq = sequence;
  message.request.sdiag_family = family == Family::ipv4 ? AF_INET : AF_INET6;
  message.request.sdiag_protocol = protocol == Protocol::tcp ? IPPROTO_TCP : IPPROTO_UDP;
  message.request.idiag_states = ~0u;  // every state, TIME_WAIT and SYN_RECV included
  message.request.idiag_ext = 0;       // the fixed record holds all the model needs
  std::vector<std::uint8_t> bytes(sizeof message);
  std::memcpy(bytes.data(), &message, sizeof message);
  return bytes;
}

void parse_sock_diag(std::span<const std::uint8_t> bytes, Protocol protocol, SockDiagParse& out) {
  std::size_t offset = 0;
  while (bytes.size() - offset >= sizeof(nlmsghdr)) {
    nlmsghdr header;
    std::memcpy(&header, bytes.data() + offset, sizeof header);
    const std::size_t remaining = bytes.size() - offset;
    if (header.nlmsg_len < sizeof header || header.nlmsg_len > remaining) {
      ++out.malformed;  // a length that does not fit: nothing after it can be trusted
      return;
    }
    const std::uint8_t* payload = bytes.data() + offset + sizeof header;
    const std::size_t payload_length = header.nlmsg_len - sizeof header;

    if (header.nlmsg_type == NLMSG_DONE) {
      out.done = true;
      return;
    }
    if (header.nlmsg_type == NLMSG_ERROR) {
      nlmsgerr error;
      if (payload_length >= sizeof error.error) {
        std::memcpy(&error.error, payload, sizeof error.error);
        // error 0 is an acknowledgement; a negative errno is the failure.
        if (error.error != 0) {
          const long long code =
              error.error < 0 ? -static_cast<long long>(error.error) : error.error;
          out.error = code > 4095 ? EPROTO : static_cast<int>(code);
          out.done = true;
          return;
        }
      } else {
        ++out.malformed;
      }
    } else if (header.nlmsg_type == SOCK_DIAG_BY_FAMILY) {
      SocketRow row;
      if (row_from_record(payload, payload_length, protocol, row))
        out.rows.push_back(std::move(row));
      else
        ++out.malformed;
    }
    // Messages are padded to 4 bytes (NLMSG_ALIGN).
    const std::size_t step = (static_cast<std::size_t>(header.nlmsg_len) + 3) & ~std::size_t{3};
    if (step >= remaining) return;
    offset += step;
  }
}

}  // namespace lab::sockets
