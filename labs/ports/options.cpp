#include "options.hpp"

#include <fmt/format.h>

#include "cli/os_words.hpp"
#include "input.hpp"
#include "ports/services_file.hpp"

namespace ports_lab {
namespace {

constexpr const char* kDescription =
    "Service and port lookup: by number (3306 -> MySQL) or by name (http -> 80/tcp), the three\n"
    "IANA port ranges, this OS's ephemeral range, the lesson's table (the default with no\n"
    "arguments), and who holds a port right now. Names ignore case and know common aliases\n"
    "(www, rdp, ms-wbt-server, oracle ...). Answers combine a table built into this program\n"
    "with the system's services file ({services}); where they differ (1521), both are shown.\n"
    "Exit codes: 0 answered; 1 a name that no service has (the error line suggests close names,\n"
    "'did you mean: http, https?', by prefix and by edit distance); 2 a usage error (a port\n"
    "outside 0-65535, '-1', an empty name, an unknown option).\n";

constexpr const char* kExamples =
    "  lab-ports http                  HTTP's port (80/tcp), and HTTPS's (443)\n"
    "  lab-ports 3306                  which service uses 3306, and its range\n"
    "  lab-ports 1521                  Oracle's listener: custom use vs. the IANA registry\n"
    "  lab-ports ftp dhcp              several at once (FTP is 20 and 21, DHCP 67 and 68)\n"
    "  lab-ports --list lesson         the lesson's table of well-known and registered ports\n"
    "  lab-ports --list well-known     every service in 0-1023 this program knows\n"
    "  lab-ports --ranges              the three ranges and this machine's ephemeral range\n"
    "  lab-ports --live 7000           who holds port 7000 now (TCP and UDP)\n"
    "  lab-ports --json ssh            the answer as JSON\n"
    "  lab-ports --lang ko mysql       the answer in Korean\n";

constexpr const char* kDescriptionKo =
    "서비스와 포트 찾기: 번호로(3306 -> MySQL) 또는 이름으로(http -> 80/tcp), IANA 포트 범위\n"
    "세 가지, 이 OS의 임시(ephemeral) 포트 범위, 수업의 표(인자가 없을 때 기본), 그리고 지금\n"
    "그 포트를 사용 중인 프로세스. 이름은 대소문자를 가리지 않고 흔한 별칭도 압니다(www, rdp,\n"
    "ms-wbt-server, oracle ...). 답은 이 프로그램에 들어 있는 표와 시스템의 services 파일\n"
    "({services})을 합친 것이고, 둘이 다르면(1521) 둘 다 보여 줍니다.\n"
    "종료 코드: 0 답함; 1 어떤 서비스에도 없는 이름(오류 줄이 접두어와 편집 거리로 비슷한\n"
    "이름을 제안: 'http, https를 찾으셨나요?'); 2 사용법 오류(0-65535 밖의 포트, '-1', 빈\n"
    "이름, 알 수 없는 옵션).\n";

constexpr const char* kExamplesKo =
    "  lab-ports http                  HTTP의 포트(80/tcp)와 HTTPS의 포트(443)\n"
    "  lab-ports 3306                  3306을 쓰는 서비스와 그 범위\n"
    "  lab-ports 1521                  Oracle 리스너: 관례적 사용과 IANA 레지스트리 비교\n"
    "  lab-ports ftp dhcp              여러 개를 한 번에 (FTP는 20과 21, DHCP는 67과 68)\n"
    "  lab-ports --list lesson         수업의 잘 알려진 포트와 등록된 포트 표\n"
    "  lab-ports --list well-known     이 프로그램이 아는 0-1023의 모든 서비스\n"
    "  lab-ports --ranges              범위 세 가지와 이 컴퓨터의 임시 포트 범위\n"
    "  lab-ports --live 7000           지금 포트 7000을 사용 중인 프로세스 (TCP와 UDP)\n"
    "  lab-ports --json ssh            답을 JSON으로\n"
    "  lab-ports --lang ko mysql       답을 한국어로\n";

}  // namespace

Options parse_options(int argc, char** argv) {
  Options options;
  // The services file as this OS names it (/etc/services; on Windows under %SystemRoot%).
  const std::string services(lab::os_words::services_file());
  auto app = lab::make_app(
      lab::help_text(fmt::format(fmt::runtime(kDescription), fmt::arg("services", services)),
                     fmt::format(fmt::runtime(kDescriptionKo), fmt::arg("services", services))),
      lab::help_text(kExamples, kExamplesKo));
  lab::add_json_flag(*app, options.common);
  options.services_path = lab::ports::system_services_path();
  app->add_option("query", options.queries,
                  lab::help_text("Port numbers (0-65535) or service names to look up",
                                 "찾을 포트 번호(0-65535)나 서비스 이름"))
      ->type_name("PORT|NAME");
  auto* ranges_flag =
      app->add_flag("--ranges", options.ranges,
                    lab::help_text("The three IANA port ranges and this OS's real ephemeral range",
                                   "IANA 포트 범위 세 가지와 이 OS의 실제 임시 포트 범위"));
  auto* list_option =
      app->add_option(
             "--list", options.list_kind,
             lab::help_text(
                 "List services: well-known, registered, dynamic, lesson (its table) or all",
                 "서비스 목록: well-known, registered, dynamic, lesson(수업의 표), all"))
          ->check(CLI::IsMember({"well-known", "registered", "dynamic", "lesson", "all"}))
          ->type_name("KIND");
  auto* live_option =
      app->add_option("--live", options.live_query,
                      lab::help_text("Who holds this port (or this service's ports) right now",
                                     "지금 이 포트(또는 이 서비스의 포트)를 사용 중인 프로세스"))
          ->type_name("PORT|NAME");
  app->add_option("--services-file", options.services_path,
                  lab::help_text("The system's services database to compare with",
                                 "비교할 시스템의 서비스 데이터베이스"))
      ->type_name("PATH")
      ->capture_default_str();
  ranges_flag->excludes(list_option)->excludes(live_option);
  list_option->excludes(live_option);
  reject_negative_numbers(argc, argv);
  lab::parse(*app, argc, argv);
  if (!options.queries.empty() &&
      (options.ranges || !options.list_kind.empty() || !options.live_query.empty()))
    lab::usage_error(lab::tr("give either PORT|NAME or one of --ranges, --list, --live",
                             "PORT|NAME와 --ranges, --list, --live 중 하나만 쓰세요"));
  if (options.live_query.empty() && app->count("--live") > 0)
    lab::usage_error(lab::tr("--live needs a port or a service name",
                             "--live에는 포트나 서비스 이름이 필요합니다"));
  options.services_file_given = app->count("--services-file") > 0;
  return options;
}

}  // namespace ports_lab
