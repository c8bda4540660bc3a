#include "demo.hpp"

#include <array>
#include <chrono>
#include <functional>
#include <map>
#include <regex>

#include <fmt/format.h>
#include <asio.hpp>

#include "bind/bind.hpp"
#include "children.hpp"
#include "cli/app.hpp"
#include "cli/color.hpp"
#include "cli/wording.hpp"
#include "net/errors.hpp"
#include "ports/ranges.hpp"
#include "render/json.hpp"
#include "render/output.hpp"

namespace port_conflict_lab {
namespace {

struct Check {
  std::string what;
  std::string expected;
  std::string observed;
  std::string elsewhere;  // the expectation on other systems, where known
  bool pass = false;
  std::optional<int> holder_pid;  // the first process, when the check is about a conflict
  std::vector<int> named_pids;    // whom the OS error pointed at
};

struct Scenario {
  int number = 0;
  std::string title;
  std::string why;
  std::vector<Check> checks;
};

// A scenario could not be carried out (a holder did not start ...): one ✗ and on to the next.
struct ScenarioFailed {
  std::string reason;
};

struct Held {
  int pid = 0;
  std::uint16_t port = 0;
};

struct Attempt {
  int pid = 0;
  bool ok = false;
  std::string error;  // "EADDRINUSE"
  std::string message;
  std::vector<int> holders;
  long long time_wait = 0;
};

// The demo narrates and checks the rules of the OS it runs on (on_windows, else Linux). Each
// check states the other system's outcome as "elsewhere".

// The error names as this OS spells them.
const std::string in_use = on_windows ? "WSAEADDRINUSE" : "EADDRINUSE";
const std::string access_denied = on_windows ? "WSAEACCES" : "EACCES";

// One text or the other, by the OS the demo runs on.
std::string on_os(std::string linux_text, std::string windows_text) {
  return on_windows ? std::move(windows_text) : std::move(linux_text);
}

// One client connection (its own io_context, closed before it returns: no child ever inherits
// it). Reads what the server says until the server closes (at most 2 s), then closes too: the
// server closed first.
std::string fetch_answer(std::uint16_t port) {
  asio::io_context io;
  asio::ip::tcp::socket socket(io);
  std::error_code ec;
  socket.connect({asio::ip::address_v4::loopback(), port}, ec);
  throw_if_interrupted();
  if (ec)
    throw ScenarioFailed{
        lab::connect_error_message(ec, fmt::format("127.0.0.1:{}", port), "connect")};
  std::string answer;
  std::array<char, 256> buffer;
  bool done = false;
  std::function<void()> read_more = [&] {
    socket.async_read_some(asio::buffer(buffer), [&](std::error_code error, std::size_t got) {
      answer.append(buffer.data(), got);
      if (error || answer.size() > 4096) {
        done = true;
        return;
      }
      read_more();
    });
  };
  read_more();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  while (!done && std::chrono::steady_clock::now() < deadline) {
    io.run_for(std::chrono::milliseconds(50));
    throw_if_interrupted();
  }
  socket.close(ec);
  return answer;
}

// The command line of one hold or try child: the scenario's side of the story.
std::vector<std::string> child_args(const std::string& command, const std::string& protocol,
                                    const std::string& address, std::uint16_t port,
                                    const std::vector<std::string>& options) {
  std::vector<std::string> args{command, "--json", "--" + protocol,     "--bind",
                                address, "--port", std::to_string(port)};
  args.insert(args.end(), options.begin(), options.end());
  return args;
}

bool has(const std::vector<std::string>& options, std::string_view option) {
  return std::find(options.begin(), options.end(), option) != options.end();
}

// "SO_REUSEADDR on, SO_REUSEPORT off" for a child's command-line options or its JSON line.
std::string options_of(const std::vector<std::string>& options) {
  lab::bind::BindRequest request;
  request.reuse_address = has(options, "--reuse-address");
  request.reuse_port = has(options, "--reuse-port");
  request.exclusive_address = has(options, "--exclusive");
  return lab::bind::options_text(request);
}
std::string options_of(const lab::json::Value& line) {
  lab::bind::BindRequest request;
  request.reuse_address = lab::json::bool_field(line, "reuse_address").value_or(false);
  request.reuse_port = lab::json::bool_field(line, "reuse_port").value_or(false);
  request.exclusive_address = lab::json::bool_field(line, "exclusive_address").value_or(false);
  return lab::bind::options_text(request);
}

// Every "pid" in a try result's "holders" array.
std::vector<int> holder_pids(const lab::json::Value& result) {
  std::vector<int> pids;
  auto holders = result.find("holders");
  if (holders == result.end() || !holders->is_array()) return pids;
  for (const auto& holder : *holders)
    if (auto pid = lab::json::number_field(holder, "pid")) pids.push_back(static_cast<int>(*pid));
  return pids;
}

std::string pid_list(const std::vector<int>& pids) {
  std::string text;
  for (int pid : pids)
    text += (text.empty() ? "" : ", ") + std::to_string(pid);
  return text;
}

class Demo {
 public:
  Demo(const DemoOptions& options, bool json)
      : options_(options),
        json_(json),
        children_(own_executable(),
                  {"--lang", lab::current_lang() == lab::Lang::ko ? "ko" : "en"}) {}

  Children& children() { return children_; }
  std::vector<Scenario>& scenarios() { return scenarios_; }

  void run(int number) {
    current_ = &scenarios_.emplace_back();
    current_->number = number;
    try {
      switch (number) {
        case 1:
          same_port_twice();
          break;
        case 2:
          tcp_and_udp();
          break;
        case 3:
          addresses();
          break;
        case 4:
          udp_twice();
          break;
        case 5:
          restart_over_time_wait();
          break;
        case 6:
          reuse_port();
          break;
      }
      if (options_.pause_s > 0) {
        say(lab::trf("  … {} s to look (lab-netstat -ano) before these processes end",
                     "  … {}초 동안 그대로 둡니다 (lab-netstat -ano로 보세요)", options_.pause_s));
        pause_ms(static_cast<int>(options_.pause_s) * 1000);
      }
    } catch (const ScenarioFailed& failed) {
      Check check;
      check.what = lab::tr("the scenario ran", "시나리오 실행");
      check.expected = lab::tr("every process starts", "모든 프로세스가 시작됨");
      check.observed = failed.reason;
      record(check);
    }
    children_.stop_all();  // every holder of this scenario ends and is reaped here
    if (!json_) lab::out::print("  {}\n\n", lab::paint(lab::Color::dim, current_->why));
  }

 private:
  void say(const std::string& line) {
    if (!json_) lab::out::line(line);
  }

  void title(std::string text, std::string why) {
    current_->title = std::move(text);
    current_->why = std::move(why);
    say(lab::paint(lab::Color::bold, lab::trf("Scenario {} — {}", "시나리오 {} — {}",
                                              current_->number, current_->title)));
  }

  void record(Check check) {
    say(fmt::format("    · {}", check.what));
    say(fmt::format("    {:<10}{}", lab::tr("expected", "예상"), check.expected));
    say(fmt::format(
        "    {:<10}{}  {}", lab::tr("observed", "실제"), check.observed,
        check.pass ? lab::paint(lab::Color::green, "✓") : lab::paint(lab::Color::red, "✗")));
    if (!check.elsewhere.empty())
      say(fmt::format("    {:<10}{}", lab::tr("elsewhere", "다른 OS"), check.elsewhere));
    current_->checks.push_back(std::move(check));
  }

  Held hold(const std::string& protocol, const std::string& address, std::uint16_t port,
            const std::vector<std::string>& options) {
    Child& child = children_.start(child_args("hold", protocol, address, port, options));
    auto line = children_.next_json(child, 5000);
    if (!line || lab::json::string_field(*line, "event") != "holding") {
      children_.stop(child);
      throw ScenarioFailed{lab::trf("a holder did not start: {}",
                                    "붙잡는 프로세스가 시작하지 못함: {}",
                                    child.other_lines.empty() ? "?" : child.other_lines)};
    }
    Held held{child.pid,
              static_cast<std::uint16_t>(lab::json::number_field(*line, "port").value_or(0))};
    say(lab::trf("  PID {} holds {}:{}/{} ({})", "  PID {} — {}:{}/{} 점유 중 ({})", held.pid,
                 address, held.port, protocol, options_of(*line)));
    return held;
  }

  Attempt attempt(const std::string& protocol, const std::string& address, std::uint16_t port,
                  const std::vector<std::string>& options) {
    Child& child = children_.start(child_args("try", protocol, address, port, options));
    auto line = children_.next_json(child, 5000);
    children_.finish(child, 5000);
    if (!line)
      throw ScenarioFailed{
          lab::trf("try printed no result: {}", "try가 결과를 내지 않음: {}", child.other_lines)};
    Attempt result;
    result.pid = child.pid;
    result.ok = lab::json::bool_field(*line, "ok").value_or(false);
    result.error = lab::json::string_field(*line, "error").value_or("");
    result.message = lab::json::string_field(*line, "message").value_or("");
    result.holders = holder_pids(*line);
    result.time_wait = lab::json::number_field(*line, "time_wait").value_or(0);
    say(lab::trf("  PID {} tries bind {}:{}/{} ({})", "  PID {} — {}:{}/{}에 bind 시도 ({})",
                 result.pid, address, port, protocol, options_of(options)));
    say(fmt::format("      → {}", result.ok ? lab::tr("OK, bound", "성공") : result.message));
    return result;
  }

  // The second bind is refused, and the error names the first process.
  void expect_conflict(const std::string& what, const Attempt& second, const Held& first,
                       std::string elsewhere = {}) {
    Check check;
    check.what = what;
    check.holder_pid = first.pid;
    check.named_pids = second.holders;
    check.expected = lab::trf("{}, holder PID {}", "{}, 주인 PID {}", in_use, first.pid);
    check.observed =
        second.ok
            ? lab::tr("bound", "성공")
            : fmt::format("{}, {}", second.error,
                          second.holders.empty()
                              ? lab::tr("holder not named", "주인 모름")
                              : lab::trf("holder PID {}", "주인 PID {}", pid_list(second.holders)));
    check.pass = !second.ok && second.error == in_use && second.holders.size() == 1 &&
                 second.holders.front() == first.pid;
    check.elsewhere = std::move(elsewhere);
    record(std::move(check));
  }

  void expect_bound(const std::string& what, const Attempt& second, std::string elsewhere = {},
                    std::string expected = {}) {
    Check check;
    check.what = what;
    check.expected = expected.empty() ? lab::tr("bound", "성공") : std::move(expected);
    check.observed = second.ok ? lab::tr("bound", "성공") : second.error;
    check.pass = second.ok;
    check.elsewhere = std::move(elsewhere);
    record(std::move(check));
  }

  // The second bind is refused with this OS's `error` (Windows: WSAEACCES, not "in use").
  void expect_refused(const std::string& what, const Attempt& second, std::string expected,
                      std::string elsewhere) {
    Check check;
    check.what = what;
    check.expected = std::move(expected);
    check.observed = second.ok ? lab::tr("bound", "성공") : second.error;
    check.pass = !second.ok && second.error == access_denied;
    check.elsewhere = std::move(elsewhere);
    record(std::move(check));
  }

  // Who answers `connections` new connections to `port`: PID -> count.
  std::map<int, unsigned> answers(std::uint16_t port, unsigned connections) {
    std::map<int, unsigned> answered;
    std::regex pid_pattern("PID ([0-9]+)");
    for (unsigned i = 0; i < connections; ++i) {
      std::smatch match;
      std::string answer = fetch_answer(port);
      if (std::regex_search(answer, match, pid_pattern)) ++answered[std::stoi(match[1])];
    }
    return answered;
  }

  void same_port_twice() {
    title(lab::tr("the same TCP address:port in two processes", "두 프로세스가 같은 TCP 주소:포트"),
          on_os(lab::tr("A listening port belongs to one socket: a second bind to the same "
                        "address:port gets EADDRINUSE, and SO_REUSEADDR does not change that "
                        "while the first one listens. (Windows differs: a second socket with "
                        "SO_REUSEADDR shares the port in use only when the first socket set "
                        "SO_REUSEADDR too; since Windows Server 2003 it is refused with WSAEACCES "
                        "10013 otherwise, and SO_EXCLUSIVEADDRUSE on the first forbids it always.)",
                        "LISTEN 중인 포트는 소켓 하나의 것입니다. 같은 주소:포트에 두 번째 bind는 "
                        "EADDRINUSE로 거절되고, 첫 소켓이 LISTEN 중이면 SO_REUSEADDR도 "
                        "소용없습니다. (Windows는 다릅니다: 두 번째 소켓이 SO_REUSEADDR를 켜고 "
                        "사용 중인 포트를 함께 쓰려면 첫 소켓도 SO_REUSEADDR를 켰어야 합니다. "
                        "Windows Server 2003부터 그렇지 않으면 WSAEACCES 10013으로 거절되고, 첫 "
                        "소켓이 SO_EXCLUSIVEADDRUSE를 켜면 언제나 막힙니다.)"),
                lab::tr("A second plain bind to an address:port in use gets WSAEADDRINUSE 10048, "
                        "as on Linux. A second socket with SO_REUSEADDR is refused too "
                        "(WSAEACCES 10013) unless the first socket set SO_REUSEADDR as well: "
                        "since Windows Server 2003 the holder must allow sharing. When both set "
                        "it, the second takes the port while the first one listens (the "
                        "'hijack'), and which of the two gets a new connection is undefined. "
                        "SO_EXCLUSIVEADDRUSE on the first socket forbids sharing always. And a "
                        "port nobody holds may still give WSAEACCES 10013 when Windows reserved "
                        "it: netsh interface ipv4 show excludedportrange protocol=tcp lists those "
                        "ranges.",
                        "사용 중인 주소:포트에 옵션 없는 두 번째 bind는 Linux처럼 WSAEADDRINUSE "
                        "10048로 거절됩니다. 두 번째 소켓이 SO_REUSEADDR를 켜도 첫 소켓이 "
                        "SO_REUSEADDR를 켜지 않았으면 WSAEACCES 10013으로 거절됩니다 (Windows "
                        "Server 2003부터 먼저 잡은 소켓이 공유를 허락해야 합니다). 둘 다 켜면 "
                        "두 번째 소켓이 첫 소켓이 LISTEN 중인 포트를 함께 잡고 ('가로채기'), 새 "
                        "연결이 둘 중 어디로 갈지는 정해져 있지 않습니다. 첫 소켓이 "
                        "SO_EXCLUSIVEADDRUSE를 켜면 언제나 막힙니다. 아무도 쓰지 않는 포트도 "
                        "Windows가 예약해 두었으면 WSAEACCES 10013이 납니다. netsh interface ipv4 "
                        "show excludedportrange protocol=tcp가 그 범위를 보여 줍니다.")));
    Held first = hold("tcp", "127.0.0.1", 0, {});
    expect_conflict(lab::tr("second bind, no options", "두 번째 bind, 옵션 없음"),
                    attempt("tcp", "127.0.0.1", first.port, {}), first);
    Attempt over_plain = attempt("tcp", "127.0.0.1", first.port, {"--reuse-address"});
    if (!on_windows) {
      expect_conflict(
          lab::tr("second bind with SO_REUSEADDR", "두 번째 bind, SO_REUSEADDR"), over_plain, first,
          lab::tr("Windows: WSAEACCES 10013 (the first socket did not set SO_REUSEADDR); bound "
                  "when both set it",
                  "Windows: WSAEACCES 10013 (첫 소켓이 SO_REUSEADDR를 켜지 않음), 둘 다 켜면 "
                  "성공"));
      return;
    }
    expect_refused(lab::tr("second with SO_REUSEADDR, first without",
                           "두 번째만 SO_REUSEADDR, 첫 소켓은 없이"),
                   over_plain,
                   lab::tr("WSAEACCES (the first socket did not allow sharing)",
                           "WSAEACCES (첫 소켓이 공유를 허락하지 않음)"),
                   lab::tr("Linux: EADDRINUSE (SO_REUSEADDR never takes a listening port there)",
                           "Linux: EADDRINUSE (SO_REUSEADDR로 LISTEN 중인 포트를 가져갈 수 없음)"));
    // The hijack as Microsoft's table allows it: the first holder set SO_REUSEADDR too.
    Held sharing = hold("tcp", "127.0.0.1", 0, {"--reuse-address"});
    Attempt hijack = attempt("tcp", "127.0.0.1", sharing.port, {"--reuse-address"});
    expect_bound(lab::tr("both with SO_REUSEADDR (the hijack)", "둘 다 SO_REUSEADDR (가로채기)"),
                 hijack,
                 lab::tr("Linux: EADDRINUSE (SO_REUSEADDR never takes a listening port there)",
                         "Linux: EADDRINUSE (SO_REUSEADDR로 LISTEN 중인 포트를 가져갈 수 없음)"),
                 lab::tr("bound (the first allowed sharing: the port is now shared)",
                         "성공 (첫 소켓이 공유를 허락함: 이제 포트를 함께 씀)"));
    if (hijack.ok) hijacked_traffic(sharing);
    exclusive_first();
    excluded_ranges();
  }

  // Windows, after the hijack bound: a second listener with SO_REUSEADDR really listens on the
  // port beside the first, and connections go to one or the other (Microsoft: undefined).
  void hijacked_traffic(const Held& first) {
    Held second = hold("tcp", "127.0.0.1", first.port, {"--reuse-address"});
    auto answered = answers(first.port, options_.connections);
    Check check;
    check.what =
        lab::trf("{} connections after the hijack", "가로챈 뒤 연결 {}개", options_.connections);
    check.expected =
        lab::tr("undefined which listener gets each one", "어느 쪽이 받을지 정해져 있지 않음");
    check.observed = lab::trf("PID {}: {}, PID {}: {}", "PID {}: {}개, PID {}: {}개", first.pid,
                              answered[first.pid], second.pid, answered[second.pid]);
    check.pass = answered[first.pid] + answered[second.pid] == options_.connections;
    record(std::move(check));
  }

  // Windows: SO_EXCLUSIVEADDRUSE on the first socket, then the same takeover is refused.
  void exclusive_first() {
    Held guarded = hold("tcp", "127.0.0.1", 0, {"--exclusive"});
    Attempt refused = attempt("tcp", "127.0.0.1", guarded.port, {"--reuse-address"});
    Check check;
    check.what = lab::tr("first with SO_EXCLUSIVEADDRUSE, second with SO_REUSEADDR",
                         "첫 소켓 SO_EXCLUSIVEADDRUSE, 두 번째 SO_REUSEADDR");
    check.expected = lab::tr("refused (WSAEACCES 10013 in Microsoft's table)",
                             "거절 (Microsoft 표로는 WSAEACCES 10013)");
    check.observed = refused.ok ? lab::tr("bound", "성공") : refused.error;
    check.pass = !refused.ok;
    check.elsewhere = lab::tr("Linux: no SO_EXCLUSIVEADDRUSE; a listening port is exclusive there",
                              "Linux: SO_EXCLUSIVEADDRUSE 없음, LISTEN 중인 포트는 원래 혼자 씀");
    record(std::move(check));
  }

  // Windows: the port ranges Windows reserved (netstat never shows them). A bind inside one
  // fails with WSAEACCES 10013 although no process holds the port.
  void excluded_ranges() {
    auto ranges = lab::ports::read_system_port_ranges(true);
    Check check;
    check.what = lab::tr("a port inside an excluded range", "제외된 포트 범위 안의 포트");
    check.expected = "WSAEACCES 10013";
    check.elsewhere = lab::tr(
        "Linux: no excluded ranges (EACCES 13 there means a port below "
        "1024 without root)",
        "Linux: 제외 범위 없음 (Linux의 EACCES 13은 root 없이 1024 미만 "
        "포트)");
    if (!ranges.excluded) {
      check.observed = lab::trf("the ranges could not be read ({})", "범위를 읽을 수 없음 ({})",
                                ranges.excluded_source);
      check.pass = true;  // nothing to try here; the line says why
    } else if (ranges.excluded->empty()) {
      check.observed = lab::tr("this PC excludes no port range", "이 PC에는 제외된 범위가 없음");
      check.pass = true;
    } else {
      const auto range = ranges.excluded->front().ports;
      Attempt inside = attempt("tcp", "127.0.0.1", range.first, {});
      check.observed =
          lab::trf("port {} (range {}-{}): {}", "포트 {} (범위 {}-{}): {}", range.first,
                   range.first, range.last, inside.ok ? lab::tr("bound", "성공") : inside.error);
      check.pass = !inside.ok && inside.error == access_denied;
    }
    record(std::move(check));
  }

  void tcp_and_udp() {
    title(lab::tr("TCP and UDP on the same number", "같은 번호의 TCP와 UDP"),
          lab::tr("TCP and UDP keep separate port tables: TCP P and UDP P are two different ports "
                  "(DNS uses both 53/udp and 53/tcp).",
                  "TCP와 UDP는 포트 표가 따로 있습니다: TCP P와 UDP P는 서로 다른 포트입니다 "
                  "(DNS는 53/udp와 53/tcp를 모두 씁니다)."));
    Held first = hold("tcp", "127.0.0.1", 0, {});
    expect_bound(lab::tr("UDP on the TCP holder's number", "TCP가 잡은 번호로 UDP"),
                 attempt("udp", "127.0.0.1", first.port, {}));
  }

  void addresses() {
    title(lab::tr("127.0.0.1 against 0.0.0.0 and 127.0.0.2", "127.0.0.1 대 0.0.0.0, 127.0.0.2"),
          on_os(lab::tr("0.0.0.0 means every address of this machine, 127.0.0.1 included, so on "
                        "Linux the two collide (Windows lets a wildcard and a specific address "
                        "share the port). 127.0.0.1 and 127.0.0.2 are different addresses (on "
                        "Linux all of 127.0.0.0/8 is loopback): each may have its own port P.",
                        "0.0.0.0은 이 컴퓨터의 모든 주소(127.0.0.1 포함)라서 Linux에서는 "
                        "충돌합니다 (Windows는 와일드카드 주소와 특정 주소가 한 포트를 함께 쓰게 "
                        "둡니다). 127.0.0.1과 127.0.0.2는 다른 주소라서(Linux에서는 127.0.0.0/8 "
                        "전체가 루프백) 각자 포트 P를 가질 수 있습니다."),
                lab::tr("0.0.0.0 means every address of this machine, yet Windows lets a "
                        "wildcard bind beside a specific one on the same port: traffic to "
                        "127.0.0.1:P goes to the specific socket, the rest to the wildcard one "
                        "(Linux refuses the pair). 127.0.0.1 and 127.0.0.2 are different "
                        "addresses: each may have its own port P.",
                        "0.0.0.0은 이 컴퓨터의 모든 주소지만 Windows는 같은 포트에 와일드카드 "
                        "bind를 특정 주소 옆에 허락합니다: 127.0.0.1:P로 오는 트래픽은 특정 주소 "
                        "소켓으로, 나머지는 와일드카드 소켓으로 갑니다 (Linux는 거절). "
                        "127.0.0.1과 127.0.0.2는 다른 주소라서 각자 포트 P를 가질 수 있습니다.")));
    Held first = hold("tcp", "127.0.0.1", 0, {});
    Attempt wildcard = attempt("tcp", "0.0.0.0", first.port, {});
    if (on_windows)
      expect_bound(lab::tr("0.0.0.0 on the same port", "같은 포트에 0.0.0.0"), wildcard,
                   lab::tr("Linux: EADDRINUSE (0.0.0.0 includes 127.0.0.1)",
                           "Linux: EADDRINUSE (0.0.0.0에 127.0.0.1이 들어 있음)"),
                   lab::tr("bound (wildcard beside a specific address)",
                           "성공 (와일드카드 주소와 특정 주소는 함께 씀)"));
    else
      expect_conflict(lab::tr("0.0.0.0 on the same port", "같은 포트에 0.0.0.0"), wildcard, first,
                      lab::tr("Windows: bound (wildcard beside a specific address)",
                              "Windows: 성공 (와일드카드 주소와 특정 주소는 함께 씀)"));
    expect_bound(lab::tr("127.0.0.2 on the same port", "같은 포트에 127.0.0.2"),
                 attempt("tcp", "127.0.0.2", first.port, {}),
                 lab::tr("macOS: EADDRNOTAVAIL (only 127.0.0.1 is configured)",
                         "macOS: EADDRNOTAVAIL (127.0.0.1만 설정됨)"));
  }

  void udp_twice() {
    title(lab::tr("two UDP sockets on one port", "한 포트에 UDP 소켓 두 개"),
          lab::tr("UDP has no listen, yet a bound UDP port is held: a second bind fails. When "
                  "every socket on it sets SO_REUSEADDR they may share it (multicast receivers "
                  "do); a unicast datagram then reaches only one of them.",
                  "UDP에는 listen이 없지만 바인드한 포트는 붙잡힌 것입니다: 두 번째 bind는 "
                  "실패합니다. 모든 소켓이 SO_REUSEADDR를 켜면 함께 쓸 수 있고(멀티캐스트 수신), "
                  "유니캐스트 데이터그램은 그중 하나에만 갑니다."));
    Held plain = hold("udp", "127.0.0.1", 0, {});
    expect_conflict(lab::tr("second UDP bind, no options", "두 번째 UDP bind, 옵션 없음"),
                    attempt("udp", "127.0.0.1", plain.port, {}), plain);
    Held shared = hold("udp", "127.0.0.1", 0, {"--reuse-address"});
    expect_bound(lab::tr("both with SO_REUSEADDR", "둘 다 SO_REUSEADDR"),
                 attempt("udp", "127.0.0.1", shared.port, {"--reuse-address"}));
  }

  // A server that closed a connection first leaves TIME_WAIT on its own port; then it stops.
  std::uint16_t server_with_time_wait(std::vector<std::string> options) {
    Held old_server = hold("tcp", "127.0.0.1", 0, options);
    std::string answer = fetch_answer(old_server.port);
    say(lab::trf("  a client connected; the server answered \"{}\" and closed first",
                 "  클라이언트가 연결했고 서버가 \"{}\"라고 답한 뒤 먼저 닫았습니다",
                 answer.substr(0, answer.find('\n'))));
    children_.stop_all();
    say(lab::trf("  PID {} stopped (a restart is coming)", "  PID {} 종료 (곧 재시작)",
                 old_server.pid));
    return old_server.port;
  }

  void expect_time_wait(std::uint16_t port) {
    // Bounded by time, not by tries: one look at the socket table costs ~0.5 s under Wine.
    std::size_t count = 0;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    while ((count = lab::bind::time_wait_count(port)) == 0 &&
           std::chrono::steady_clock::now() < deadline)
      pause_ms(20);
    Check check;
    check.what = lab::tr("TIME_WAIT on the server's port", "서버 포트에 TIME_WAIT");
    check.expected = lab::tr("TIME_WAIT, no process", "TIME_WAIT, 프로세스 없음");
    check.observed =
        count ? lab::trf("{} × TIME_WAIT on port {}", "포트 {1}에 TIME_WAIT {0}개", count, port)
              : lab::tr("no TIME_WAIT", "TIME_WAIT 없음");
    check.pass = count > 0;
    record(std::move(check));
  }

  void restart_over_time_wait() {
    title(lab::tr("restarting a server over TIME_WAIT", "TIME_WAIT 위에서 서버 재시작"),
          lab::tr("The side that closes first keeps the connection in TIME_WAIT (60 s on Linux; "
                  "Windows 120 s by default); "
                  "on a server that is the server's port. A restarted server cannot bind it "
                  "until then, unless it sets SO_REUSEADDR. On Linux the old socket must have "
                  "set it too (the first old server here did, as Unix servers usually do; the "
                  "second did not); FreeBSD only asks it of the new one, and Windows lets a new "
                  "listener bind over TIME_WAIT without it.",
                  "먼저 닫는 쪽이 연결을 TIME_WAIT(Linux 60초, Windows 기본 120초)로 남기고, "
                  "서버라면 그것은 서버의 "
                  "포트입니다. 재시작한 서버는 그동안 바인드할 수 없습니다 — SO_REUSEADDR를 켜지 "
                  "않으면. Linux에서는 예전 소켓도 켰어야 합니다 (여기 첫 서버는 켰고 두 번째는 "
                  "끄고 실행). FreeBSD는 새 소켓만 켜면 되고, Windows는 켜지 않아도 TIME_WAIT 위에 "
                  "새 리스너를 바인드하게 둡니다."));
    std::uint16_t port = server_with_time_wait({"--reuse-address"});
    expect_time_wait(port);
    Attempt plain = attempt("tcp", "127.0.0.1", port, {});
    Check refused;
    refused.what = lab::tr("restart without SO_REUSEADDR", "SO_REUSEADDR 없이 재시작");
    if (on_windows) {
      refused.expected = lab::tr("bound (Windows: TIME_WAIT does not block a new listener)",
                                 "성공 (Windows: TIME_WAIT가 새 리스너를 막지 않음)");
      refused.pass = plain.ok;
      refused.elsewhere =
          lab::tr("Linux: EADDRINUSE, because of TIME_WAIT", "Linux: EADDRINUSE, TIME_WAIT 때문");
    } else {
      refused.expected = lab::tr("EADDRINUSE, because of TIME_WAIT", "EADDRINUSE, TIME_WAIT 때문");
      refused.pass = !plain.ok && plain.error == in_use && plain.holders.empty();
      refused.elsewhere = lab::tr("Windows: bound", "Windows: 성공");
    }
    refused.observed = plain.ok ? lab::tr("bound", "성공")
                                : fmt::format("{}, TIME_WAIT × {}", plain.error, plain.time_wait);
    record(std::move(refused));
    expect_bound(lab::tr("restart with SO_REUSEADDR (old one had it too)",
                         "SO_REUSEADDR로 재시작 (예전 서버도 켬)"),
                 attempt("tcp", "127.0.0.1", port, {"--reuse-address"}));

    std::uint16_t other = server_with_time_wait({});
    Attempt late = attempt("tcp", "127.0.0.1", other, {"--reuse-address"});
    Check check;
    check.what = lab::tr("old server without SO_REUSEADDR, new one with it",
                         "예전 서버는 SO_REUSEADDR 없이, 새 서버는 켜고");
    check.expected = on_windows ? lab::tr("bound", "성공") : in_use;
    check.observed = late.ok ? lab::tr("bound", "성공") : late.error;
    check.pass = on_windows ? late.ok : !late.ok && late.error == in_use;
    check.elsewhere = on_windows ? lab::tr("Linux: EADDRINUSE; FreeBSD: bound",
                                           "Linux: EADDRINUSE, FreeBSD: 성공")
                                 : lab::tr("FreeBSD: bound", "FreeBSD: 성공");
    record(std::move(check));
  }

  void reuse_port() {
    if (on_windows) {
      no_reuse_port();
      return;
    }
    title(lab::tr("SO_REUSEPORT: two processes share one port",
                  "SO_REUSEPORT: 두 프로세스가 한 포트를 공유"),
          lab::tr("SO_REUSEPORT is the explicit, opt-in exception: when every socket on the port "
                  "asks for it (same user), several processes listen on one port and the kernel "
                  "spreads new connections among them by a hash of the 4-tuple. Windows has no "
                  "SO_REUSEPORT.",
                  "SO_REUSEPORT는 명시적으로 켜야 하는 예외입니다: 포트의 모든 소켓이 (같은 "
                  "사용자로) 켜면 여러 프로세스가 한 포트에서 기다리고, 커널이 4-튜플의 해시로 "
                  "새 연결을 나눠 줍니다. Windows에는 SO_REUSEPORT가 없습니다."));
    Held first = hold("tcp", "127.0.0.1", 0, {"--reuse-port"});
    expect_conflict(lab::tr("second without SO_REUSEPORT", "두 번째는 SO_REUSEPORT 없이"),
                    attempt("tcp", "127.0.0.1", first.port, {}), first);
    Held second = hold("tcp", "127.0.0.1", first.port, {"--reuse-port"});
    auto holders = lab::bind::port_holders(lab::Transport::tcp, asio::ip::make_address("127.0.0.1"),
                                           first.port);
    Check sharing;
    sharing.what = lab::tr("second with SO_REUSEPORT", "두 번째도 SO_REUSEPORT");
    sharing.expected =
        lab::trf("PIDs {}{} and {} both listen", "PID {}{} {} 모두 LISTEN", first.pid,
                 lab::ko_particle(std::to_string(first.pid), lab::Particle::gwa_wa), second.pid);
    std::vector<int> pids;
    for (const auto& holder : holders)
      pids.push_back(holder.pid);
    sharing.observed = lab::trf("listening: PID {}", "LISTEN: PID {}", pid_list(pids));
    sharing.pass = pids.size() == 2;
    sharing.elsewhere = lab::tr("Windows: no SO_REUSEPORT", "Windows: SO_REUSEPORT 없음");
    record(std::move(sharing));

    auto answered = answers(first.port, options_.connections);
    Check spread;
    spread.what = lab::trf("{} connections", "연결 {}개", options_.connections);
    spread.expected = lab::tr("both processes get some", "두 프로세스 모두 일부를 받음");
    spread.observed = lab::trf("PID {}: {}, PID {}: {}", "PID {}: {}개, PID {}: {}개", first.pid,
                               answered[first.pid], second.pid, answered[second.pid]);
    spread.pass = answered[first.pid] > 0 && answered[second.pid] > 0 &&
                  answered[first.pid] + answered[second.pid] == options_.connections;
    record(std::move(spread));
  }

  // Windows: the option does not exist. The request is refused for real, by this program's own
  // command line (one line, exit 2), as a student would see it.
  void no_reuse_port() {
    title(lab::tr("SO_REUSEPORT: not on Windows", "SO_REUSEPORT: Windows에는 없음"),
          lab::tr("Linux's SO_REUSEPORT lets processes that all ask for it listen on one port, "
                  "and the kernel spreads new connections among them. Windows has no such "
                  "option: the nearest thing is the SO_REUSEADDR takeover of scenario 1, which "
                  "spreads nothing (which socket gets a connection is undefined).",
                  "Linux의 SO_REUSEPORT는 모두 켠 프로세스들이 한 포트에서 기다리게 하고 커널이 "
                  "새 연결을 나눠 줍니다. Windows에는 이 옵션이 없습니다: 가장 가까운 것은 "
                  "시나리오 1의 SO_REUSEADDR 가로채기인데, 연결을 나눠 주지 않습니다 (어느 "
                  "소켓이 받을지 정해져 있지 않음)."));
    Child& child = children_.start(child_args("try", "tcp", "127.0.0.1", 0, {"--reuse-port"}));
    const int code = children_.finish(child, 5000);
    std::string line = child.pending + child.other_lines;
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r'))
      line.pop_back();
    say(lab::trf("  PID {} tries bind 127.0.0.1:0/tcp (SO_REUSEPORT on)",
                 "  PID {} — 127.0.0.1:0/tcp에 bind 시도 (SO_REUSEPORT 켬)", child.pid));
    say(fmt::format("      → {}", line));
    Check check;
    check.what = lab::tr("a socket asks for SO_REUSEPORT", "소켓이 SO_REUSEPORT를 요청");
    check.expected = lab::tr("refused: no such option (exit 2)", "거절: 그런 옵션 없음 (종료 2)");
    check.observed = code == lab::exit_usage ? lab::tr("refused (exit 2)", "거절 (종료 2)")
                                             : lab::trf("exit {}", "종료 {}", code);
    check.pass = code == lab::exit_usage && line.find("SO_REUSEPORT") != std::string::npos;
    check.elsewhere = lab::tr("Linux: both listen, connections spread by a 4-tuple hash",
                              "Linux: 둘 다 LISTEN, 4-튜플 해시로 연결을 나눔");
    record(std::move(check));
  }

  const DemoOptions& options_;
  bool json_;
  Children children_;
  std::vector<Scenario> scenarios_;
  Scenario* current_ = nullptr;
};

void print_json(Demo& demo, std::optional<int> interrupted_by) {
  std::size_t passed = 0, failed = 0;
  lab::json::Value scenarios = lab::json::Value::array();
  for (const Scenario& scenario : demo.scenarios()) {
    lab::json::Value checks = lab::json::Value::array();
    for (const Check& check : scenario.checks) {
      (check.pass ? passed : failed)++;
      lab::json::Value item = {{"what", check.what},
                               {"expected", check.expected},
                               {"observed", check.observed},
                               {"pass", check.pass},
                               {"mark", check.pass ? "✓" : "✗"}};
      if (!check.elsewhere.empty()) item["elsewhere"] = check.elsewhere;
      if (check.holder_pid) {
        item["holder_pid"] = *check.holder_pid;
        item["named_pids"] = check.named_pids;
      }
      checks.push_back(std::move(item));
    }
    scenarios.push_back({{"number", scenario.number},
                         {"title", scenario.title},
                         {"why", scenario.why},
                         {"checks", std::move(checks)}});
  }
  lab::out::json({{"pid", getpid()},
                  {"os", on_windows ? "windows" : "linux"},
                  {"scenarios", std::move(scenarios)},
                  {"passed", passed},
                  {"failed", failed},
                  {"processes_started", demo.children().started()},
                  {"processes_reaped", demo.children().reaped()},
                  {"interrupted", interrupted_by.has_value()}});
}

}  // namespace

int run_demo(const DemoOptions& options, bool json) {
  install_interrupt_handlers();
  Demo demo(options, json);
  std::optional<int> interrupted_by;  // 1 once Ctrl-C ended the demo
  try {
    for (int number = 1; number <= 6; ++number)
      if (options.scenario == 0 || options.scenario == number) demo.run(number);
  } catch (const Interrupted&) {
    interrupted_by = 1;
  }
  demo.children().stop_all();

  std::size_t passed = 0, failed = 0;
  for (const Scenario& scenario : demo.scenarios())
    for (const Check& check : scenario.checks)
      (check.pass ? passed : failed)++;
  if (json) {
    print_json(demo, interrupted_by);
  } else if (interrupted_by) {
    lab::out::print(
        "\n{}\n",
        lab::trf("{}: interrupted; {} of the {} processes it started are "
                 "stopped and reaped",
                 "{0}: 중단됨; 시작한 프로세스 {2}개 중 {1}개를 끝내고 거두었습니다",
                 lab::program_name(), demo.children().reaped(), demo.children().started()));
  } else {
    lab::out::print("{}\n", lab::trf("{} checks: {} ✓, {} ✗ · {} processes started, all reaped",
                                     "확인 {}개: ✓ {}개, ✗ {}개 · 프로세스 {}개 시작, 모두 거둠",
                                     passed + failed, passed, failed, demo.children().reaped()));
  }
  if (interrupted_by)
    return lab::exit_ok;  // Ctrl-C is how a student ends it: a clean end, as everywhere
  return failed == 0 ? lab::exit_ok : lab::exit_failure;
}

}  // namespace port_conflict_lab
