#include <windows.h>

#include <cerrno>

#include "render/closed_pipe.hpp"

namespace lab::out {

bool is_closed_pipe(int error) {
  // Still the failed WriteFile's error: nothing ran in between. Windows says ERROR_NO_DATA ("the
  // pipe is being closed"), Wine 8 ERROR_PIPE_NOT_CONNECTED with errno EINVAL.
  const DWORD last = GetLastError();
  return error == EPIPE || last == ERROR_NO_DATA || last == ERROR_BROKEN_PIPE ||
         last == ERROR_PIPE_NOT_CONNECTED;
}

}  // namespace lab::out
