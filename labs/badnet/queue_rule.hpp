#pragma once
// The one rule the nft command cannot write here: "send to NFQUEUE N". This kernel has no
// native nft `queue` expression (nft_queue) but has the xtables NFQUEUE target, which nftables
// reaches through its compat layer -- the way iptables-nft uses it. So the rule is sent over
// netlink by hand (libmnl): one rule, in a chain of our own table, whose only expression is the
// xtables target NFQUEUE (revision 3, with "bypass").
#include <cstdint>
#include <string>

namespace badnet_lab {

// Appends "xt target NFQUEUE num QUEUE bypass" to `chain` of table inet `table`. Returns an
// empty string on success, else what the kernel said.
std::string append_queue_rule(const std::string& table, const std::string& chain,
                              std::uint16_t queue);

}  // namespace badnet_lab
