"""The journal's lock: one writing command at a time.

Commands that write hold ``journal_lock`` for their whole run. It is an
exclusive flock on the journal's root folder, re-entrant within a process;
``.journal/lock`` records the holder's pid so that a command kept waiting can
say whom it waits for.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from journal.atomic import FILE_MODE, make_state_dir
from journal.errors import ConflictError, JournalError

_held_locks: dict[Path, int] = {}

LOCK_TIMEOUT = 10.0  # seconds a command waits for the lock before it gives up (exit 7)
LOCK_WAIT_NOTICE = 1.0  # after this long, a waiting command says what it waits for
lock_wait_hook: Callable[[str], None] | None = None  # how a waiting command says so (the CLI sets it)


@contextlib.contextmanager
def journal_lock(
    lock_path: Path, timeout: float | None = None, *, on_wait: Callable[[str], None] | None = None
) -> Iterator[None]:
    """Hold the journal's exclusive lock for the block; re-entrant.

    ``lock_path`` is the journal's ``.journal/lock``. The flock is taken on the
    journal's root folder (``lock_path``'s grandparent), not on that file: a
    folder we hold open cannot be deleted or replaced under us, whereas
    deleting ``.journal/`` (derived, "safe to delete") would give the next
    command a new lock file and let two writers in. ``lock_path`` records the
    holder's pid, so that a waiting command can name it: after
    ``LOCK_WAIT_NOTICE`` seconds ``on_wait`` (else ``lock_wait_hook``) gets
    one line saying what it waits for; after ``timeout`` (``LOCK_TIMEOUT``)
    seconds ConflictError.
    """
    if _held_locks.get(lock_path):
        _held_locks[lock_path] += 1
        try:
            yield
        finally:
            _held_locks[lock_path] -= 1
        return
    root = lock_path.parent.parent
    try:
        fd = os.open(root, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError as exc:
        raise ConflictError(f"cannot lock the journal {root}: {exc.strerror or exc}") from exc
    fd = _acquire(fd, lock_path, LOCK_TIMEOUT if timeout is None else timeout, on_wait)
    try:
        _held_locks[lock_path] = 1
        _record_holder(lock_path, f"{os.getpid()}\n")
        try:
            yield
        finally:
            _record_holder(lock_path, "")  # before the unlock: the next holder writes its own pid
            _held_locks.pop(lock_path, None)
    finally:
        os.close(fd)


def _acquire(fd: int, lock_path: Path, timeout: float, on_wait: Callable[[str], None] | None) -> int:
    """Take the flock on ``fd`` (the root folder), waiting up to ``timeout``; the descriptor that holds it.

    On a file system that cannot flock a folder (some network ones), ``fd`` is
    closed and the lock file itself is locked instead. On failure the
    descriptor is closed here.
    """
    import fcntl

    started = time.monotonic()
    told = on_file = False
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return fd
            except BlockingIOError:
                waited = time.monotonic() - started
                if waited > timeout:
                    raise ConflictError(
                        f"another journal command is still working on this journal ({_lock_holder(lock_path)})",
                        hint=f"waited {timeout:.0f} s; run the command again when it has finished",
                    ) from None
                notify = on_wait or lock_wait_hook
                if not told and waited >= LOCK_WAIT_NOTICE and notify is not None:
                    told = True
                    notify(f"waiting for another journal command to finish ({_lock_holder(lock_path)})...")
                time.sleep(0.02)
            except OSError as exc:
                if on_file:
                    raise ConflictError(f"cannot lock {lock_path}: {exc.strerror or exc}") from exc
                os.close(fd)
                fd = -1
                fd = _open_lock_file(lock_path, exc)
                on_file = True
    except BaseException:
        if fd >= 0:
            os.close(fd)
        raise


def _open_lock_file(lock_path: Path, why: OSError) -> int:
    make_state_dir(lock_path.parent)
    try:
        return os.open(lock_path, os.O_RDWR | os.O_CREAT, FILE_MODE)
    except OSError as exc:
        raise ConflictError(
            f"cannot lock the journal: {why.strerror or why}, nor {lock_path}: {exc.strerror or exc}"
        ) from exc


def _record_holder(lock_path: Path, text: str) -> None:
    """Write who holds the lock into ``lock_path`` (information only: a failure to is no error)."""
    with contextlib.suppress(OSError, JournalError):
        if text:
            make_state_dir(lock_path.parent)
        elif not lock_path.exists():
            return
        fd = os.open(lock_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
        try:
            os.write(fd, text.encode())
        finally:
            os.close(fd)


def _lock_holder(lock_path: Path) -> str:
    """``lock .journal/lock held by pid N`` (or without the pid, when it is not recorded)."""
    where = f"{lock_path.parent.name}/{lock_path.name}"
    try:
        pid = int(lock_path.read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        return f"the lock on {lock_path.parent.parent} is held"
    return f"lock {where} held by pid {pid}"
