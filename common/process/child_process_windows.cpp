// Child processes on Windows: CreateProcessW with one pipe for stdout and stderr (and one for
// stdin when asked), bounded waits on the process handle, and a job object that ends every child
// when its parent ends, however it ends (the Linux PR_SET_PDEATHSIG). TerminateProcess is only
// ever called with the handle of a process started here.
#include <windows.h>

#include <system_error>

#include "cli/interrupt.hpp"
#include "cli/win32.hpp"
#include "process/child_process.hpp"

namespace lab::process {
namespace {

// One argument quoted the way CommandLineToArgvW and the C runtime split it again.
void append_quoted(std::wstring& line, const std::wstring& arg) {
  if (!line.empty()) line += L' ';
  if (!arg.empty() && arg.find_first_of(L" \t\"") == std::wstring::npos) {
    line += arg;
    return;
  }
  line += L'"';
  std::size_t backslashes = 0;
  for (wchar_t c : arg) {
    if (c == L'\\') {
      ++backslashes;
      continue;
    }
    line.append(c == L'"' ? backslashes * 2 + 1 : backslashes, L'\\');
    backslashes = 0;
    line += c;
  }
  line.append(backslashes * 2, L'\\');
  line += L'"';
}

// Every child goes into this job; when our last handle to it closes (we end, also by
// TerminateProcess), Windows ends the children in it and what they started. nullptr when jobs are
// unavailable.
HANDLE children_job() {
  static HANDLE job = [] {
    HANDLE created = CreateJobObjectW(nullptr, nullptr);
    if (!created) return HANDLE{nullptr};
    JOBOBJECT_EXTENDED_LIMIT_INFORMATION limits{};
    limits.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
    SetInformationJobObject(created, JobObjectExtendedLimitInformation, &limits, sizeof limits);
    return created;
  }();
  return job;
}

}  // namespace

std::string own_executable() {
  std::wstring path(MAX_PATH, L'\0');
  for (;;) {
    DWORD length = GetModuleFileNameW(nullptr, path.data(), static_cast<DWORD>(path.size()));
    if (length == 0) return "";
    if (length < path.size()) {
      path.resize(length);
      return lab::win32::utf8_from_wide(path);
    }
    path.resize(path.size() * 2);
  }
}

void sleep_unless_interrupted(int ms) {
  for (int waited = 0; waited < ms && !lab::interrupted(); waited += 10)
    Sleep(static_cast<DWORD>(ms - waited < 10 ? ms - waited : 10));
}

struct ChildProcess::Impl {
  HANDLE process = nullptr;
  HANDLE out = nullptr;  // our end of the output pipe
  HANDLE in = nullptr;   // our end of the input pipe (ChildOptions::pipe_input)
  DWORD pid = 0;
  std::optional<int> exit_code;

  bool reap(DWORD wait_ms) {
    if (exit_code) return true;
    if (WaitForSingleObject(process, wait_ms) != WAIT_OBJECT_0) return false;
    DWORD code = 1;
    GetExitCodeProcess(process, &code);
    exit_code = static_cast<int>(code);
    return true;
  }
  void close_pipe() {
    if (out) CloseHandle(out);
    out = nullptr;
  }
  void close_input() {
    if (in) CloseHandle(in);
    in = nullptr;
  }
};

ChildProcess::ChildProcess(const std::string& program, const std::vector<std::string>& args,
                           const ChildOptions& options)
    : impl_(std::make_unique<Impl>()) {
  const std::wstring wide_program = lab::win32::wide_from_utf8(program);
  std::wstring command_line;
  append_quoted(command_line,
                options.argv0.empty() ? wide_program : lab::win32::wide_from_utf8(options.argv0));
  for (const auto& arg : args)
    append_quoted(command_line, lab::win32::wide_from_utf8(arg));

  // CREATE_NO_WINDOW: no console of its own, so a Ctrl-C in our console reaches us only, and
  // we end the children ourselves. CREATE_SUSPENDED: into the job before it runs. An empty
  // program name lets Windows search the PATH for the command line's first word.
  const auto child = lab::win32::start_piped_child(
      options.search_path ? std::wstring() : wide_program, command_line,
      CREATE_NO_WINDOW | CREATE_SUSPENDED, options.pipe_input ? &impl_->in : nullptr);
  if (!child)
    throw std::system_error(static_cast<int>(GetLastError()), std::system_category(), program);
  if (HANDLE job = children_job()) AssignProcessToJobObject(job, child->process);
  ResumeThread(child->thread);
  CloseHandle(child->thread);
  impl_->process = child->process;
  impl_->out = child->output;
  impl_->pid = child->pid;
}

ChildProcess::~ChildProcess() {
  kill();
  impl_->close_pipe();
  impl_->close_input();
  if (impl_->process) CloseHandle(impl_->process);
}

int ChildProcess::pid() const {
  return static_cast<int>(impl_->pid);
}

ChildProcess::Read ChildProcess::read(std::string& into, int timeout_ms) {
  if (!impl_->out) return Read::end;
  // An anonymous pipe cannot be waited on: look every 10 ms (bounded by timeout_ms).
  for (int waited = 0;; waited += 10) {
    DWORD available = 0;
    if (!PeekNamedPipe(impl_->out, nullptr, 0, nullptr, &available, nullptr)) {
      impl_->close_pipe();  // ERROR_BROKEN_PIPE: the child ended and its output is all read
      return Read::end;
    }
    if (available > 0) break;
    if (waited >= timeout_ms || lab::interrupted()) return Read::timeout;
    Sleep(10);
  }
  char buffer[4096];
  DWORD got = 0;
  if (!ReadFile(impl_->out, buffer, sizeof buffer, &got, nullptr) || got == 0) {
    impl_->close_pipe();
    return Read::end;
  }
  into.append(buffer, got);
  return Read::data;
}

void ChildProcess::drain(std::string& into, std::size_t limit) {
  while (impl_->out && into.size() < limit) {
    DWORD available = 0;
    if (!PeekNamedPipe(impl_->out, nullptr, 0, nullptr, &available, nullptr) || available == 0)
      break;
    char buffer[4096];
    DWORD got = 0;
    if (!ReadFile(impl_->out, buffer, sizeof buffer, &got, nullptr) || got == 0) break;
    into.append(buffer, got);
  }
  impl_->close_pipe();
}

bool ChildProcess::write_input(std::string_view bytes) {
  while (!bytes.empty() && impl_->in) {
    DWORD written = 0;
    if (!WriteFile(impl_->in, bytes.data(), static_cast<DWORD>(bytes.size()), &written, nullptr)) {
      impl_->close_input();  // the child ended or closed its stdin
      return false;
    }
    bytes.remove_prefix(written);
  }
  return bytes.empty();
}

void ChildProcess::close_input() {
  impl_->close_input();
}

std::optional<int> ChildProcess::exit_code() {
  impl_->reap(0);
  return impl_->exit_code;
}

std::optional<int> ChildProcess::ended_by_signal() const {
  return std::nullopt;  // Windows has no signals: an exit code says everything
}

bool ChildProcess::interrupt() {
  // Ctrl-C reaches processes through the console they share (GenerateConsoleCtrlEvent), and a
  // child started with CREATE_NO_WINDOW has none.
  return false;
}

void ChildProcess::stop(int grace_ms) {
  // A child started with CREATE_NO_WINDOW has no console to send Ctrl-C to, and Windows has no
  // SIGTERM: end it at once. Its sockets close with it.
  (void)grace_ms;
  kill();
}

void ChildProcess::kill() {
  if (!impl_->process || impl_->exit_code) return;
  TerminateProcess(impl_->process, 1);  // a process this object started, by its handle
  impl_->reap(5000);
}

}  // namespace lab::process
