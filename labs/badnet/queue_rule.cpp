#include "queue_rule.hpp"

#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nf_tables_compat.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/xt_NFQUEUE.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <memory>
#include <vector>

namespace badnet_lab {

namespace {

nlmsghdr* put_message(char* at, std::uint16_t type, std::uint16_t flags, std::uint32_t seq,
                      std::uint8_t family, std::uint16_t resource) {
  nlmsghdr* message = mnl_nlmsg_put_header(at);
  message->nlmsg_type = type;
  message->nlmsg_flags = flags;
  message->nlmsg_seq = seq;
  auto* header = static_cast<nfgenmsg*>(mnl_nlmsg_put_extra_header(message, sizeof(nfgenmsg)));
  header->nfgen_family = family;
  header->version = NFNETLINK_V0;
  header->res_id = htons(resource);
  return message;
}

}  // namespace

std::string append_queue_rule(const std::string& table, const std::string& chain,
                              std::uint16_t queue) {
  std::vector<char> buffer(MNL_SOCKET_BUFFER_SIZE * 2);
  mnl_nlmsg_batch* batch = mnl_nlmsg_batch_start(buffer.data(), buffer.size());
  auto seq = static_cast<std::uint32_t>(std::time(nullptr));
  const std::uint32_t first_seq = seq;

  // Changes to nf_tables go in a batch (a transaction): begin, the rule, end.
  put_message(static_cast<char*>(mnl_nlmsg_batch_current(batch)), NFNL_MSG_BATCH_BEGIN,
              NLM_F_REQUEST, seq++, AF_UNSPEC, NFNL_SUBSYS_NFTABLES);
  mnl_nlmsg_batch_next(batch);

  nlmsghdr* rule =
      put_message(static_cast<char*>(mnl_nlmsg_batch_current(batch)),
                  (NFNL_SUBSYS_NFTABLES << 8) | NFT_MSG_NEWRULE,
                  NLM_F_REQUEST | NLM_F_CREATE | NLM_F_APPEND | NLM_F_ACK, seq++, NFPROTO_INET, 0);
  mnl_attr_put_strz(rule, NFTA_RULE_TABLE, table.c_str());
  mnl_attr_put_strz(rule, NFTA_RULE_CHAIN, chain.c_str());
  nlattr* expressions = mnl_attr_nest_start(rule, NFTA_RULE_EXPRESSIONS);
  nlattr* element = mnl_attr_nest_start(rule, NFTA_LIST_ELEM);
  mnl_attr_put_strz(rule, NFTA_EXPR_NAME, "target");
  nlattr* data = mnl_attr_nest_start(rule, NFTA_EXPR_DATA);
  mnl_attr_put_strz(rule, NFTA_TARGET_NAME, "NFQUEUE");
  mnl_attr_put_u32(rule, NFTA_TARGET_REV, htonl(3));
  xt_NFQ_info_v3 info{};
  info.queuenum = queue;
  info.queues_total = 1;
  // Bypass: with nobody reading the queue (a killed lab-badnet) packets pass instead of dying.
  info.flags = NFQ_FLAG_BYPASS;
  mnl_attr_put(rule, NFTA_TARGET_INFO, sizeof info, &info);
  mnl_attr_nest_end(rule, data);
  mnl_attr_nest_end(rule, element);
  mnl_attr_nest_end(rule, expressions);
  mnl_nlmsg_batch_next(batch);

  put_message(static_cast<char*>(mnl_nlmsg_batch_current(batch)), NFNL_MSG_BATCH_END, NLM_F_REQUEST,
              seq++, AF_UNSPEC, NFNL_SUBSYS_NFTABLES);
  mnl_nlmsg_batch_next(batch);

  std::unique_ptr<mnl_socket, decltype(&mnl_socket_close)> socket(
      mnl_socket_open(NETLINK_NETFILTER), &mnl_socket_close);
  if (!socket || mnl_socket_bind(socket.get(), 0, MNL_SOCKET_AUTOPID) < 0)
    return std::strerror(errno);
  const std::uint32_t port_id = mnl_socket_get_portid(socket.get());
  if (mnl_socket_sendto(socket.get(), mnl_nlmsg_batch_head(batch), mnl_nlmsg_batch_size(batch)) <
      0) {
    const int error = errno;
    mnl_nlmsg_batch_stop(batch);
    return std::strerror(error);
  }
  mnl_nlmsg_batch_stop(batch);

  // The kernel acknowledges the rule (NLM_F_ACK) or reports why not.
  std::vector<char> reply(MNL_SOCKET_BUFFER_SIZE);
  const ssize_t n = mnl_socket_recvfrom(socket.get(), reply.data(), reply.size());
  if (n < 0) return std::strerror(errno);
  const int result = mnl_cb_run(reply.data(), static_cast<std::size_t>(n), first_seq + 1, port_id,
                                nullptr, nullptr);
  if (result < 0) return std::strerror(errno);
  return {};
}

}  // namespace badnet_lab
