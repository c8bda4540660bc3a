#pragma once
// Whether a failed write to stdout failed because its reader went away (`| head -1`), by the
// errno the C library left. One backend per OS: EPIPE on Linux (SIGPIPE is ignored); on Windows
// the pipe's own error too (ERROR_NO_DATA, ERROR_BROKEN_PIPE), which the C runtime may report as
// another errno (Wine 8: EINVAL, with ERROR_PIPE_NOT_CONNECTED).
namespace lab::out {

bool is_closed_pipe(int error);

}  // namespace lab::out
