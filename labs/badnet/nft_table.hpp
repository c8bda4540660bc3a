#pragma once
// The nftables table lab-badnet installs: one table of its own, named after its PID
// ("inet socketlab_badnet_4312"), holding the rules that hand the chosen ports' packets to its
// NFQUEUE. Nothing else in the ruleset is read for changes or touched.
#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

namespace badnet_lab {

inline constexpr std::string_view table_prefix = "socketlab_badnet_";
// Packets lab-badnet writes itself (duplicates) carry this mark and pass its rules untouched.
inline constexpr std::uint32_t own_packet_mark = 0x534c4244;  // "SLBD"

struct RuleSet {
  std::vector<std::uint16_t> ports;
  bool tcp = true;
  bool udp = true;
  std::string interface = "lo";
  std::uint16_t queue = 0;
};

std::string table_name(pid_t owner);
// The `nft -f` script that creates the table (pure; the unit tests read it).
std::string table_script(const std::string& name, const RuleSet& rules);
// PID in "socketlab_badnet_PID", or -1 when the name is not one of ours.
pid_t owner_of(const std::string& table);

// Runs `nft` with `args`, feeding `input` on stdin. Returns its exit code; what it printed
// (stdout and stderr) goes to `output`.
int run_nft(const std::vector<std::string>& args, const std::string& input, std::string& output);

// Our tables in the current network namespace (names only, family inet).
std::vector<std::string> list_own_tables();
// Deletes the tables whose owner no longer runs (a SIGKILLed lab-badnet); returns their names.
std::vector<std::string> remove_stale_tables();
// The PIDs of the other lab-badnet processes that run now (each has its table).
std::vector<pid_t> other_badnets();
// The ports the rules of `table` send to its queue, read back from `nft list table` output
// ("th dport 7000", "udp dport { 7000, 7001 }"). Pure, for the unit tests.
std::vector<std::uint16_t> ports_in_listing(const std::string& listing);
// The first other running lab-badnet that already impairs one of `ports`: its PID and that
// port; pid -1 when there is none.
struct PortHolder {
  pid_t pid = -1;
  std::uint16_t port = 0;
};
PortHolder badnet_on_ports(const std::vector<std::uint16_t>& ports);

// Held while a lab-badnet checks the other runs and installs its table, so two that start at
// the same moment cannot both find the port free. Released by its destructor.
class StartLock {
 public:
  StartLock();
  ~StartLock();
  void release();
  StartLock(const StartLock&) = delete;
  StartLock& operator=(const StartLock&) = delete;

 private:
  int fd_ = -1;
};

// The table of this run: created by install(), deleted by the destructor on every way out.
class InstalledTable {
 public:
  InstalledTable(std::string name, const RuleSet& rules);
  ~InstalledTable();
  InstalledTable(const InstalledTable&) = delete;
  InstalledTable& operator=(const InstalledTable&) = delete;
  const std::string& name() const { return name_; }
  // Deletes the table now (idempotent); false when nft refused.
  bool remove();

 private:
  std::string name_;
  bool installed_ = false;
};

}  // namespace badnet_lab
