// Windows: this machine's dynamic port range and excluded port ranges, read the documented way,
// by asking netsh (Microsoft documents the commands, not a Win32 function that returns them).
#include <windows.h>

#include <string>

#include "cli/win32.hpp"
#include "ports/ranges.hpp"

namespace lab::ports {
namespace {

// Runs %SystemRoot%\System32\netsh.exe with `arguments` and returns what it printed, or nullopt
// when it could not start, did not finish within 5 s, or failed. Its output is in the console's
// OEM code page; only the digits in it are read.
std::optional<std::string> run_netsh(const std::wstring& arguments) {
  wchar_t system_dir[MAX_PATH];
  UINT length = GetSystemDirectoryW(system_dir, MAX_PATH);
  if (length == 0 || length >= MAX_PATH) return std::nullopt;
  const std::wstring program = std::wstring(system_dir) + L"\\netsh.exe";
  std::wstring command_line = L"\"" + program + L"\" " + arguments;
  const auto netsh = win32::start_piped_child(program, command_line, CREATE_NO_WINDOW);
  if (!netsh) return std::nullopt;
  DWORD exit_code = 1;
  if (WaitForSingleObject(netsh->process, 5000) != WAIT_OBJECT_0) {
    TerminateProcess(netsh->process, 1);  // the process we started, by its handle
    WaitForSingleObject(netsh->process, 1000);
  } else {
    GetExitCodeProcess(netsh->process, &exit_code);
  }
  std::string output;
  char buffer[4096];
  DWORD got = 0;
  while (output.size() < (1u << 16) &&
         ReadFile(netsh->output, buffer, sizeof buffer, &got, nullptr) && got > 0)
    output.append(buffer, got);
  CloseHandle(netsh->output);
  CloseHandle(netsh->thread);
  CloseHandle(netsh->process);
  if (exit_code != 0) return std::nullopt;
  return output;
}

}  // namespace

SystemPortRanges read_system_port_ranges(bool with_exclusions) {
  SystemPortRanges ranges;
  ranges.ephemeral_source = windows_dynamic_port_command;
  if (auto text = run_netsh(L"int ipv4 show dynamicport tcp"))
    ranges.ephemeral = parse_netsh_dynamic_port(*text);
  ranges.has_exclusions = true;
  ranges.excluded_source = windows_excluded_ports_command;
  if (!with_exclusions) return ranges;
  if (auto text = run_netsh(L"interface ipv4 show excludedportrange protocol=tcp"))
    ranges.excluded = parse_netsh_excluded_ranges(*text);
  return ranges;
}

}  // namespace lab::ports
