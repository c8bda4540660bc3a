#include "cli/win32.hpp"

namespace lab::win32 {

std::string utf8_from_wide(std::wstring_view text) {
  if (text.empty()) return {};
  const int length = static_cast<int>(text.size());
  const int size =
      WideCharToMultiByte(CP_UTF8, 0, text.data(), length, nullptr, 0, nullptr, nullptr);
  std::string out(size > 0 ? static_cast<std::size_t>(size) : 0, '\0');
  WideCharToMultiByte(CP_UTF8, 0, text.data(), length, out.data(), size, nullptr, nullptr);
  return out;
}

std::wstring wide_from_utf8(std::string_view text) {
  if (text.empty()) return {};
  const int length = static_cast<int>(text.size());
  const int size = MultiByteToWideChar(CP_UTF8, 0, text.data(), length, nullptr, 0);
  std::wstring out(size > 0 ? static_cast<std::size_t>(size) : 0, L'\0');
  MultiByteToWideChar(CP_UTF8, 0, text.data(), length, out.data(), size);
  return out;
}

std::optional<PipedChild> start_piped_child(const std::wstring& program, std::wstring command_line,
                                            DWORD creation_flags, HANDLE* input) {
  SECURITY_ATTRIBUTES inherit{sizeof inherit, nullptr, TRUE};
  HANDLE read_end = nullptr, write_end = nullptr;
  // 64 KiB: a short answer (netsh's, a child's JSON line) never blocks its writer.
  if (!CreatePipe(&read_end, &write_end, &inherit, 1 << 16)) return std::nullopt;
  SetHandleInformation(read_end, HANDLE_FLAG_INHERIT, 0);
  HANDLE input_read = nullptr, input_write = nullptr;
  if (input) {
    if (!CreatePipe(&input_read, &input_write, &inherit, 1 << 16)) {
      const DWORD error = GetLastError();
      CloseHandle(read_end);
      CloseHandle(write_end);
      SetLastError(error);
      return std::nullopt;
    }
    SetHandleInformation(input_write, HANDLE_FLAG_INHERIT, 0);
  }

  STARTUPINFOW startup{};
  startup.cb = sizeof startup;
  startup.dwFlags = STARTF_USESTDHANDLES;
  startup.hStdInput = input_read;
  startup.hStdOutput = write_end;
  startup.hStdError = write_end;
  PROCESS_INFORMATION info{};
  const BOOL started =
      CreateProcessW(program.empty() ? nullptr : program.c_str(), command_line.data(), nullptr,
                     nullptr, TRUE, creation_flags, nullptr, nullptr, &startup, &info);
  const DWORD error = GetLastError();
  CloseHandle(write_end);  // ours closed: ReadFile sees the end once the child exits
  if (input_read) CloseHandle(input_read);
  if (!started) {
    CloseHandle(read_end);
    if (input_write) CloseHandle(input_write);
    SetLastError(error);
    return std::nullopt;
  }
  if (input) *input = input_write;
  return PipedChild{info.hProcess, info.hThread, read_end, info.dwProcessId};
}

}  // namespace lab::win32
