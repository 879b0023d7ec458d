"""Run a command on a pseudo-terminal, as a person at a terminal does, for ``run.py``'s terminal cases.

Its output is read (and dropped) as a terminal would take it; the time, CPU
time and peak memory are the process's own, as ``measure.spawn`` measures them.
"""

from __future__ import annotations

import fcntl
import os
import select
import struct
import termios
import time

SIZE = (50, 160)  # rows, columns: a common full-screen terminal


def spawn_on_terminal(command: list[str], env: dict[str, str]) -> tuple[float, float, int, int, str]:
    """Run ``command`` on a pty of ``SIZE``: (wall seconds, CPU seconds, peak RSS in kB, exit code, last output)."""
    import subprocess

    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", *SIZE, 0, 0))
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True)
    os.close(slave)
    tail = b""
    while True:
        ready, _, _ = select.select([master], [], [], 60)
        if not ready:
            break
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the program ended: its end of the pty is closed
            break
        if not chunk:
            break
        tail = (tail + chunk)[-2000:]
    _pid, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    os.close(master)
    code = os.waitstatus_to_exitcode(status)
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, code, tail.decode("utf-8", "replace")
