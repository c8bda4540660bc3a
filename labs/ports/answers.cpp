#include "answers.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "cli/lang.hpp"
#include "cli/wording.hpp"
#include "ports/text_table.hpp"
#include "render/json.hpp"
#include "render/output.hpp"
#include "render/visible.hpp"

namespace ports_lab {
using namespace lab;  // the shared layers, unqualified

namespace {

using ports::PortRange;
using ports::Service;
using ports::ServicesEntry;

// "registered" / "Registered" (the lesson's Korean keeps the English names of the ranges).
std::string range_name(PortRange range) {
  switch (range) {
    case PortRange::well_known:
      return tr("well-known", "Well-Known");
    case PortRange::registered:
      return tr("registered", "Registered");
    case PortRange::dynamic:
      break;
  }
  return tr("dynamic", "Dynamic");
}

std::string assigned_by(const Service& service) {
  return service.use == ports::Use::registered ? std::string("IANA") : tr("custom", "관례");
}

std::string description(const Service& service) {
  return std::string(current_lang() == Lang::ko ? service.ko : service.en);
}

std::vector<std::string> table_headers(bool with_range) {
  std::vector<std::string> headers = {tr("PORT", "포트"), tr("PROTOCOL", "프로토콜"),
                                      tr("SERVICE", "서비스")};
  if (with_range) headers.push_back(tr("RANGE", "범위"));
  headers.push_back(tr("ASSIGNED BY", "지정"));
  headers.push_back(tr("DESCRIPTION", "설명"));
  return headers;
}

std::vector<std::string> service_cells(const Service& service, bool with_range) {
  std::vector<std::string> cells = {std::to_string(service.port),
                                    ports::protocols_text(service.protocols),
                                    std::string(service.title)};
  if (with_range) cells.push_back(ports::range_words(ports::classify(service.port)));
  cells.push_back(assigned_by(service));
  cells.push_back(description(service));
  return cells;
}

// A services file's words are shown through lab::visible: a control character in the file
// (ESC, BEL) is printed escaped and cannot steer the terminal.
std::string entry_text(const ServicesEntry& entry) {
  std::string text = fmt::format("{} {}/{}", entry.name, entry.port, entry.protocol);
  if (!entry.aliases.empty()) text += fmt::format(" ({})", fmt::join(entry.aliases, " "));
  return visible(text);
}

bool names_query(const ServicesEntry& entry, std::string_view query) {
  const std::string wanted = ports::ascii_lower(query);
  if (ports::ascii_lower(entry.name) == wanted) return true;
  return std::any_of(entry.aliases.begin(), entry.aliases.end(),
                     [&](const std::string& alias) { return ports::ascii_lower(alias) == wanted; });
}

// --- JSON ---

json::Value json_service(const Service& service) {
  json::Value protocols = json::Value::array();
  if (service.protocols & ports::tcp) protocols.push_back("tcp");
  if (service.protocols & ports::udp) protocols.push_back("udp");
  json::Value aliases = json::Value::array();
  for (auto alias : ports::words(service.aliases))
    aliases.push_back(alias);
  const auto or_null = [](std::string_view text) {
    return text.empty() ? json::Value(nullptr) : json::Value(std::string(text));
  };
  return {
      {"key", service.key},
      {"title", service.title},
      {"port", service.port},
      {"protocols", protocols},
      {"range", ports::range_key(ports::classify(service.port))},
      {"assigned_by", service.use == ports::Use::registered ? "iana" : "custom"},
      {"registry_name", or_null(service.registry_name)},
      {"registry_title", or_null(service.registry_title)},
      {"aliases", aliases},
      {"lesson", service.lesson},
      {"description", {{"en", service.en}, {"ko", service.ko}}},
  };
}

json::Value json_entry(const ServicesEntry& entry) {
  return {{"name", entry.name},
          {"port", entry.port},
          {"protocol", entry.protocol},
          {"aliases", entry.aliases},
          {"comment", entry.comment}};
}

json::Value json_range(PortRange range) {
  auto b = ports::bounds(range);
  return {{"name", ports::range_key(range)},
          {"iana_name", ports::range_iana_name(range)},
          {"first", b.first},
          {"last", b.last}};
}

json::Value json_system_source(const Context& context) {
  json::Value source = {{"path", context.system_path}, {"readable", context.system != nullptr}};
  if (context.system) {
    source["entries"] = context.system->entries.size();
    source["malformed_lines"] = context.system->malformed_count;
  }
  return source;
}

json::Value json_services(const std::vector<const Service*>& services) {
  json::Value list = json::Value::array();
  for (const Service* service : services)
    list.push_back(json_service(*service));
  return list;
}

void print_answer_json(const ports::Answer& answer, const Context& context) {
  json::Value document = {{"query", answer.query}, {"found", answer.found()}};
  document["port"] = json::optional(answer.port);
  if (answer.port) {
    document["range"] = json_range(ports::classify(*answer.port));
    document["ephemeral_here"] = context.ephemeral && *answer.port >= context.ephemeral->first &&
                                 *answer.port <= context.ephemeral->last;
  }
  document["services"] = json_services(answer.services);
  json::Value& system = document["system"] = json::Value::array();
  for (const auto& entry : answer.system)
    system.push_back(json_entry(entry));
  document["see_also"] = json_services(answer.see_also);
  document["suggestions"] = answer.suggestions;
  document["services_file"] = json_system_source(context);
  out::json(document);
}

// --- human answers ---

// What the system's database says about one port, compared with the curated rows.
// "80", or "80/udp" when the student asked for one protocol.
std::string port_asked(std::uint16_t port, const ports::Answer& answer) {
  return answer.protocol ? fmt::format("{}/{}", port, *answer.protocol) : std::to_string(port);
}

std::string system_line(std::uint16_t port, const ports::Answer& answer, const Context& context) {
  if (!context.system) return trf("{}: not readable", "{}: 읽을 수 없음", context.system_path);
  std::vector<std::string> parts;
  for (const auto& entry : answer.system) {
    if (entry.port != port) continue;
    std::string part = entry_text(entry);
    if (const Service* service = ports::covering_service(entry, answer.services)) {
      if (!ports::names_agree(*service, entry))
        part += tr(" - differs from the table above", " - 위 표와 다름");
      else if (service->use == ports::Use::custom)
        part += tr(" - the registry's name, not the custom use",
                   " - 관례적 용도가 아닌 레지스트리 이름");
    }
    parts.push_back(part);
  }
  if (parts.empty())
    return trf("{}: no entry for {}", "{}: {} 항목 없음", context.system_path,
               port_asked(port, answer));
  return fmt::format("{}: {}", context.system_path, fmt::join(parts, "; "));
}

std::string custom_note(const Service& service) {
  const std::string where =
      fmt::format("{}/{}", service.port, ports::protocols_text(service.protocols));
  // The title is often English ("Oracle DB listener", read 리스너), whose particle its last letter
  // cannot tell; Korean puts a colon after it instead.
  if (service.registry_name.empty())
    return trf("{}{} uses {}{} by custom; the IANA registry assigns nothing there.",
               "{}{} {}{} 관례로 씁니다. IANA 레지스트리에는 이 번호의 등록이 없습니다.",
               service.title, tr("", ":"), where, ko_particle(where, Particle::eul_reul));
  return trf("{}{} uses {}{} by custom; the IANA registry assigns {} to '{}' ({}).",
             "{}{} {}{} 관례로 씁니다. IANA 레지스트리에서 {}번은 '{}'({})입니다.", service.title,
             tr("", ":"), where, ko_particle(where, Particle::eul_reul), service.port,
             service.registry_name, service.registry_title);
}

void print_answer_text(const ports::Answer& answer, const Context& context) {
  std::vector<std::uint16_t> ports_shown;
  if (answer.port) {
    const std::uint16_t port = *answer.port;
    const PortRange range = ports::classify(port);
    const auto b = ports::bounds(range);
    out::print("{}\n", trf("{} is a {} port ({}-{}, IANA '{}').",
                           "{}번은 {} 포트입니다 ({}-{}, IANA '{}').", port, range_name(range),
                           b.first, b.last, ports::range_iana_name(range)));
    if (port == 0)
      out::print("{}\n",
                 tr("Port 0 is reserved: bind() takes it to mean 'any free port'.",
                    "포트 0은 예약되어 있습니다: bind()에서는 '아무 빈 포트'라는 뜻입니다."));
    if (context.ephemeral && port >= context.ephemeral->first && port <= context.ephemeral->last)
      out::print("{}\n", trf("On this machine it is also an ephemeral port ({}-{}): the kernel "
                             "may give it to a client socket.",
                             "이 컴퓨터에서는 임시(ephemeral) 포트이기도 합니다 ({}-{}): 커널이 "
                             "클라이언트 소켓에 줄 수 있습니다.",
                             context.ephemeral->first, context.ephemeral->last));
    ports_shown.push_back(port);
  }

  ports::TextTable table(table_headers(!answer.port.has_value()));
  for (const Service* service : answer.services) {
    table.add_row(service_cells(*service, !answer.port.has_value()));
    if (std::find(ports_shown.begin(), ports_shown.end(), service->port) == ports_shown.end())
      ports_shown.push_back(service->port);
  }
  // Entries only the system knows get a row of their own (for a name: only those it names).
  for (const auto& entry : answer.system) {
    if (ports::covering_service(entry, answer.services)) continue;
    if (!answer.port && !names_query(entry, answer.query)) continue;
    std::vector<std::string> cells = {std::to_string(entry.port), visible(entry.protocol),
                                      visible(entry.name)};
    if (!answer.port) cells.push_back(ports::range_words(ports::classify(entry.port)));
    cells.push_back(context.system_path);
    cells.push_back(entry.comment.empty() ? "-" : visible(entry.comment));
    table.add_row(std::move(cells));
    if (std::find(ports_shown.begin(), ports_shown.end(), entry.port) == ports_shown.end())
      ports_shown.push_back(entry.port);
  }
  if (!table.empty()) {
    if (answer.port) out::print("\n");
    out::print("{}", table.render());
  } else if (answer.port) {
    out::print("{}\n",
               trf("No service is known for port {}.", "포트 {}에 알려진 서비스가 없습니다.",
                   port_asked(*answer.port, answer)));
  }

  std::vector<std::string> notes;
  for (const Service* service : answer.services)
    if (service->use == ports::Use::custom) notes.push_back(custom_note(*service));
  std::sort(ports_shown.begin(), ports_shown.end());
  for (std::uint16_t port : ports_shown)
    notes.push_back(system_line(port, answer, context));
  if (!answer.see_also.empty()) {
    std::vector<std::string> related;
    for (const Service* service : answer.see_also)
      related.push_back(fmt::format("{} {}/{} (lab-ports {})", service->title, service->port,
                                    ports::protocols_text(service->protocols), service->key));
    notes.push_back(trf("See also: {}", "함께 보기: {}", fmt::join(related, ", ")));
  }
  out::print("\n");
  for (const auto& note : notes)
    out::print("{}\n", note);
}

}  // namespace

std::string not_found_message(const ports::Answer& answer) {
  if (answer.suggestions.empty())
    return trf("no service named '{}' (try a port number, or --list lesson)",
               "이름이 '{}'인 서비스가 없습니다 (포트 번호나 --list lesson을 써 보세요)",
               answer.query);
  return trf("no service named '{}' (did you mean: {}?)",
             "이름이 '{}'인 서비스가 없습니다 (혹시: {}?)", answer.query,
             visible(fmt::format("{}", fmt::join(answer.suggestions, ", "))));
}

std::optional<std::string> print_answer(const ports::Answer& answer, const Context& context) {
  if (context.json) {
    print_answer_json(answer, context);
  } else if (answer.found()) {
    print_answer_text(answer, context);
  }
  if (!answer.found()) return not_found_message(answer);
  return std::nullopt;
}

// Windows' excluded port ranges: ports no program may bind (WSAEACCES 10013), invisible to
// netstat because nothing holds them.
static void print_excluded_ranges(const ports::SystemPortRanges& os_ranges) {
  out::print("\n");
  if (!os_ranges.excluded) {
    out::print("{}\n", trf("The excluded port ranges could not be read ({}).",
                           "제외된 포트 범위를 읽을 수 없습니다 ({}).", os_ranges.excluded_source));
    return;
  }
  if (os_ranges.excluded->empty()) {
    out::print("{}\n", trf("No TCP port range is excluded on this machine ({}).",
                           "이 컴퓨터에는 제외된 TCP 포트 범위가 없습니다 ({}).",
                           os_ranges.excluded_source));
    return;
  }
  out::print("{}\n",
             trf("Excluded TCP port ranges (reserved by Hyper-V, WinNAT, Docker or an "
                 "administrator), from {}:\nbinding a port in them fails with WSAEACCES 10013, "
                 "and netstat shows nothing there.",
                 "제외된 TCP 포트 범위 (Hyper-V, WinNAT, Docker 또는 관리자가 예약), 출처: {}\n"
                 "이 범위의 포트에 바인드하면 WSAEACCES 10013으로 실패하며, netstat에는 아무것도 "
                 "보이지 않습니다.",
                 os_ranges.excluded_source));
  for (const auto& range : *os_ranges.excluded)
    out::print("  {:>5}-{:<5}{}\n", range.ports.first, range.ports.last,
               range.administered ? tr("  * set by an administrator", "  * 관리자가 지정")
                                  : std::string());
}

namespace {

constexpr PortRange all_ranges[] = {PortRange::well_known, PortRange::registered,
                                    PortRange::dynamic};
// Linux's ephemeral range unless an administrator changed it (net.ipv4.ip_local_port_range).
constexpr ports::RangeBounds linux_default_ephemeral{32768, 60999};

bool same_range(const ports::RangeBounds& a, const ports::RangeBounds& b) {
  return a.first == b.first && a.last == b.last;
}

void print_ranges_json(const Context& context, std::optional<std::uint32_t> unprivileged_start) {
  const auto& eph = context.ephemeral;
  json::Value ranges = json::Value::array();
  for (PortRange range : all_ranges)
    ranges.push_back(json_range(range));
  json::Value ephemeral = nullptr;
  if (eph)
    ephemeral = {{"source", context.os_ranges.ephemeral_source},
                 {"first", eph->first},
                 {"last", eph->last},
                 {"count", unsigned{eph->last} - eph->first + 1},
                 {"linux_default", same_range(*eph, linux_default_ephemeral)}};
  json::Value excluded = nullptr;  // Linux: none of this kind; Windows: null when unreadable
  if (context.os_ranges.excluded) {
    excluded = json::Value::array();
    for (const auto& range : *context.os_ranges.excluded)
      excluded.push_back({{"first", range.ports.first},
                          {"last", range.ports.last},
                          {"administered", range.administered}});
  }
  json::Value excluded_source = nullptr;
  if (context.os_ranges.has_exclusions) excluded_source = context.os_ranges.excluded_source;
  out::json({{"ranges", ranges},
             {"ephemeral", ephemeral},
             {"excluded", excluded},
             {"excluded_source", excluded_source},
             {"unprivileged_port_start", json::optional(unprivileged_start)}});
}

// The three IANA ranges of RFC 6335, with what each is for.
void print_iana_table() {
  ports::TextTable table({tr("RANGE", "범위"), tr("FIRST", "시작"), tr("LAST", "끝"),
                          tr("IANA NAME (RFC 6335)", "IANA 이름 (RFC 6335)"),
                          tr("WHAT IT IS FOR", "용도")});
  const std::string uses[] = {
      tr("standard services (SSH 22, HTTP 80); on Linux binding one needs root",
         "표준 서비스 (SSH 22, HTTP 80); Linux에서는 바인드에 root 권한 필요"),
      tr("services registered with IANA (MySQL 3306, RDP 3389), or used by custom (Oracle 1521)",
         "IANA에 등록된 서비스 (MySQL 3306, RDP 3389) 또는 관례로 쓰는 서비스 (오라클 1521)"),
      tr("never registered: temporary (ephemeral) client ports, private use",
         "등록하지 않음: 클라이언트의 임시(ephemeral) 포트, 사설 용도")};
  for (int i = 0; i < 3; ++i) {
    auto b = ports::bounds(all_ranges[i]);
    table.add_row({std::string(ports::range_key(all_ranges[i])), std::to_string(b.first),
                   std::to_string(b.last), std::string(ports::range_iana_name(all_ranges[i])),
                   uses[i]});
  }
  out::print("{}\n", table.render());
}

// Whose default this machine's ephemeral range is (Windows', Linux's, the IANA dynamic range),
// or that someone changed it.
void print_whose_default(const ports::RangeBounds& eph, bool windows) {
  const ports::RangeBounds iana_dynamic = ports::bounds(PortRange::dynamic);
  if (windows && same_range(eph, iana_dynamic))
    out::print("{}\n", tr("That is Windows' default since Vista, the IANA dynamic range of "
                          "the lesson.",
                          "Windows Vista 이후의 기본값이며, 수업의 IANA 동적 범위와 같습니다."));
  else if (windows)
    out::print("{}\n", tr("Someone changed it from Windows' default 49152-65535 "
                          "(netsh int ipv4 set dynamicport tcp start=... num=...).",
                          "Windows 기본값 49152-65535에서 바뀐 값입니다 "
                          "(netsh int ipv4 set dynamicport tcp start=... num=...)."));
  else if (same_range(eph, linux_default_ephemeral))
    out::print("{}\n", tr("That is Linux's default, not the lesson's 49152-65535.",
                          "이것은 Linux의 기본값이며, 수업의 49152-65535와 다릅니다."));
  else if (same_range(eph, iana_dynamic))
    out::print("{}\n", tr("That is the IANA dynamic range, as in the lesson.",
                          "수업과 같은 IANA 동적 범위입니다."));
  else
    out::print("{}\n", tr("Someone changed it from Linux's default 32768-60999.",
                          "Linux 기본값 32768-60999에서 바뀐 값입니다."));
}

// Why Linux's range is not the lesson's 49152-65535 (Linux only: Windows uses that range).
void print_why_linux_differs() {
  out::print(
      "\n{}\n",
      tr("Why Linux differs: RFC 6335 only names 49152-65535 the dynamic/private range; it\n"
         "does not make it the ephemeral range. RFC 6056 recommends choosing ephemeral ports\n"
         "from all of 1024-65535; each OS chooses its own range. Linux kept its long-standing\n"
         "default, 32768-60999, which gives clients more ports (28232 instead of 16384).\n"
         "Windows (since Vista) and macOS use 49152-65535. An administrator can change it:\n"
         "  sysctl net.ipv4.ip_local_port_range",
         "Linux가 다른 이유: RFC 6335는 49152-65535를 동적/사설 범위라고 부를 뿐, 임시 포트\n"
         "범위로 정하지 않습니다. RFC 6056은 임시 포트를 1024-65535 전체에서 고르라고\n"
         "권장하며, 범위는 OS마다 정합니다. Linux는 오래전부터 써 온 기본값 32768-60999를\n"
         "유지하는데, 클라이언트가 쓸 포트가 더 많습니다 (16384개 대신 28232개).\n"
         "Windows(Vista 이후)와 macOS는 49152-65535를 씁니다. 관리자는 이 값을 바꿀 수 "
         "있습니다.\n"
         "  sysctl net.ipv4.ip_local_port_range"));
}

// This machine's ephemeral range: where it comes from, whose default it is, and where it
// overlaps the registered ports.
void print_ephemeral(const Context& context) {
  const auto& eph = context.ephemeral;
  const bool windows = context.os_ranges.has_exclusions;  // only Windows excludes ranges
  if (!eph) {
    out::print("{}\n", trf("This OS's ephemeral range could not be read ({}).",
                           "이 OS의 임시 포트 범위를 읽을 수 없습니다 ({}).",
                           context.os_ranges.ephemeral_source));
    return;
  }
  const unsigned count = unsigned{eph->last} - eph->first + 1;
  out::print("{}\n",
             trf("This machine gives client sockets ephemeral ports {}-{} ({} ports), from {}.",
                 "이 컴퓨터는 클라이언트 소켓에 임시 포트 {}-{}({}개)를 줍니다. 출처: {}",
                 eph->first, eph->last, count, context.os_ranges.ephemeral_source));
  print_whose_default(*eph, windows);
  if (!windows) print_why_linux_differs();
  const unsigned last_registered = ports::bounds(PortRange::registered).last;
  if (eph->first <= last_registered)
    out::print("{}\n", trf("So here ports {}-{} are both 'registered' and ephemeral: a client "
                           "socket may get a number a service is registered for.",
                           "그래서 여기서는 {}-{}번이 'Registered'이면서 임시 포트이기도 합니다: "
                           "클라이언트 소켓이 어떤 서비스에 등록된 번호를 받을 수 있습니다.",
                           eph->first, std::min<unsigned>(eph->last, last_registered)));
}

}  // namespace

void print_ranges(const Context& context, std::optional<std::uint32_t> unprivileged_start) {
  if (context.json) return print_ranges_json(context, unprivileged_start);
  print_iana_table();
  print_ephemeral(context);
  if (context.os_ranges.has_exclusions) print_excluded_ranges(context.os_ranges);
  if (unprivileged_start)
    out::print("{}\n",
               trf("Ports below {} need root (CAP_NET_BIND_SERVICE) to bind here ({}).",
                   "여기서는 {}번 미만 포트에 바인드하려면 root 권한(CAP_NET_BIND_SERVICE)이 "
                   "필요합니다 ({}).",
                   *unprivileged_start, ports::linux_unprivileged_path));
}

void print_list(const std::string& kind, const Context& context) {
  std::vector<const Service*> services;
  if (kind == "lesson") {
    services = ports::lesson_services();
  } else {
    auto range = ports::parse_range_key(kind);
    for (const auto& service : ports::curated_services())
      if (!range || ports::classify(service.port) == *range) services.push_back(&service);
  }
  const bool with_range = kind == "lesson" || kind == "all";
  if (context.json) {
    out::json({{"list", kind}, {"services", json_services(services)}});
    return;
  }
  ports::TextTable table(table_headers(with_range));
  for (const Service* service : services)
    table.add_row(service_cells(*service, with_range));
  out::print("{}", table.render());
  if (kind == "dynamic")
    out::print("\n{}\n",
               tr("Nothing is registered in the dynamic range: the OS hands these "
                  "numbers to client sockets. A service there is a custom choice.",
                  "Dynamic 범위에는 등록된 서비스가 없습니다: OS가 이 번호들을 "
                  "클라이언트 소켓에 나눠 줍니다. 여기서 기다리는 서비스는 관례일 뿐입니다."));
  if (kind == "lesson")
    out::print("\n{}\n", tr("Look one up by name or number: lab-ports ssh, lab-ports 3389",
                            "이름이나 번호로 찾아보세요: lab-ports ssh, lab-ports 3389"));
}

void print_live(const std::string& query, const std::vector<LiveCheck>& checks,
                const Context& context) {
  if (context.json) {
    json::Value list = json::Value::array();
    for (const auto& check : checks) {
      json::Value holders = json::Value::array();
      for (const auto& row : check.holders)
        holders.push_back({{"local", row.local.to_string()},
                           {"state", row.protocol == sockets::Protocol::tcp
                                         ? json::Value(sockets::linux_state_name(row.state))
                                         : json::Value(nullptr)},
                           {"pid", json::optional(row.pid)},
                           {"program", row.program}});
      list.push_back({{"port", check.port},
                      {"protocol", sockets::protocol_name(check.protocol)},
                      {"holders", holders}});
    }
    out::json({{"query", query}, {"checks", list}});
    return;
  }
  ports::TextTable table({tr("PROTO", "프로토콜"), tr("LOCAL ADDRESS", "로컬 주소"),
                          tr("STATE", "상태"), "PID", tr("PROGRAM", "프로그램")});
  std::vector<std::string> nobody;
  bool hidden = false;
  for (const auto& check : checks) {
    if (check.holders.empty())
      nobody.push_back(fmt::format("{} {}", sockets::protocol_name(check.protocol), check.port));
    for (const auto& row : check.holders) {
      hidden = hidden || !row.pid;
      table.add_row({std::string(sockets::protocol_name(row.protocol)), row.local.to_string(),
                     row.protocol == sockets::Protocol::tcp
                         ? std::string(sockets::windows_state_name(row.state))
                         : std::string(),
                     row.pid ? std::to_string(*row.pid) : "-",
                     row.program.empty() ? "-" : row.program});
    }
  }
  if (!table.empty()) out::print("{}", table.render());
  if (table.empty())
    out::print("{}\n", trf("Nobody holds {} right now.", "지금 쓰는 프로세스가 없습니다: {}",
                           fmt::join(nobody, ", ")));
  else if (!nobody.empty())
    out::print("{}\n", trf("Free right now: {}", "지금 비어 있음: {}", fmt::join(nobody, ", ")));
  if (hidden)
    out::print("{}\n", tr("PID '-': another user's process; run with sudo to see it.",
                          "PID '-': 다른 사용자의 프로세스입니다. sudo로 실행하면 보입니다."));
}

}  // namespace ports_lab
