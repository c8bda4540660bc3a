#!/usr/bin/env python3
"""Types lines into a Windows program's console, as a student at a Korean PC would.

    typed_console.py CODEPAGE SECONDS LINE... -- COMMAND...

Wine gives a program started on a terminal a real console (it reads it with ReadConsoleW and
writes it with WriteConsoleW), and converts between that console's UTF-16 and the terminal's
bytes in the Unix locale's encoding: under LC_ALL=ko_KR.EUC-KR that is code page 949, as on a
Korean Windows PC. So COMMAND runs in a pseudo-terminal; each LINE is typed as CODEPAGE bytes and
ended with Enter (a carriage return, as a console's Enter key is), once the program has printed
its first words; after SECONDS Ctrl-C is
pressed, and SIGKILL ends COMMAND if it is still there 5 s later (it is our own child). What the
program wrote to its console is printed, decoded from CODEPAGE. Exit status: COMMAND's, or 124
when it had to be killed.
"""
import os
import pty
import re
import select
import signal
import sys
import termios
import time


def main():
    args = sys.argv[1:]
    if "--" not in args or args.index("--") < 2:
        print(__doc__.strip().split("\n")[2].strip(), file=sys.stderr)
        return 2
    split = args.index("--")
    codepage, lines, command = args[0], args[2:split], args[split + 1 :]
    try:
        seconds = float(args[1])
        "".encode(codepage)
    except (ValueError, LookupError) as error:
        print(f"typed_console.py: error: {error}", file=sys.stderr)
        return 2
    if not command:
        print("typed_console.py: error: no COMMAND after --", file=sys.stderr)
        return 2
    pid, terminal = pty.fork()
    if pid == 0:
        os.execvp(command[0], command)
    # Enter must reach the console as a carriage return, not turned into a line feed.
    attributes = termios.tcgetattr(terminal)
    attributes[0] &= ~termios.ICRNL
    termios.tcsetattr(terminal, termios.TCSANOW, attributes)
    written = bytearray()

    def read_for(duration):
        end = time.monotonic() + duration
        while time.monotonic() < end:
            ready, _, _ = select.select([terminal], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(terminal, 4096)
                except OSError:
                    return False  # the program closed its console: it ended
                if not chunk:
                    return False
                written.extend(chunk)
        return True

    # Wine starts the program and its console: wait (at most 30 s) for its first words, then a
    # moment more for the program to reach its first read.
    started = time.monotonic()
    while not written and time.monotonic() - started < 30 and read_for(0.1):
        pass
    read_for(1.0)
    for line in lines:
        os.write(terminal, line.encode(codepage))
        read_for(0.3)
        os.write(terminal, b"\r")
        read_for(0.5)
    read_for(seconds)
    status = None
    try:
        os.write(terminal, b"\x03")  # Ctrl-C
    except OSError:
        pass
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        done, code = os.waitpid(pid, os.WNOHANG)
        if done:
            status = os.waitstatus_to_exitcode(code)
            break
        read_for(0.1)
    if status is None:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        status = 124
    text = written.decode(codepage, "replace").replace("\r", "")
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", text)  # the console's cursor and line control
    sys.stdout.buffer.write(text.encode("utf-8"))
    return status if status >= 0 else 128 - status


if __name__ == "__main__":
    sys.exit(main())
