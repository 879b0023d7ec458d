"""Atomic file writes and the journal's lock.

Every write goes to a temporary file in the target's folder, is flushed and
fsynced, then renamed over the target, so a reader (or a crash) only ever sees
the old or the new version.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from journal.errors import ConflictError, JournalError

FILE_MODE = 0o600
DIR_MODE = 0o700


def make_private_dir(path: Path) -> None:
    """Create ``path`` (and parents) readable by its owner only, if missing."""
    try:
        path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    except OSError as exc:
        raise JournalError(f"cannot create {path}: {exc.strerror or exc}") from exc


def make_state_dir(path: Path) -> None:
    """Create the journal's derived-state folder (.journal/), telling git to ignore it."""
    make_private_dir(path)
    ignore = path / ".gitignore"
    if not ignore.exists():
        with contextlib.suppress(OSError):
            fd = os.open(ignore, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
            with os.fdopen(fd, "w") as fh:
                fh.write("# caches and the lock of journal: derived, safe to delete\n*\n")


class _Transaction:
    """The files written so far, as (path, bytes before or None, bytes written), and what to do on commit."""

    def __init__(self) -> None:
        self.log: list[tuple[Path, bytes | None, bytes]] = []
        self.on_commit: list[Callable[[], None]] = []


_transactions: list[_Transaction] = []


def after_commit(action: Callable[[], None]) -> None:
    """Run ``action`` once the current transaction succeeds (at once outside one); never if it fails.

    For derived files (caches) that must not describe writes a failure puts back.
    """
    if _transactions:
        _transactions[-1].on_commit.append(action)
    else:
        action()


@contextlib.contextmanager
def transaction() -> Iterator[None]:
    """All or nothing: if the block fails, every file it wrote is put back as it was.

    A file that changed again since (someone else's edit) is left alone. A
    broken pipe (the reader of our output went away) is not a failure.
    """
    current = _Transaction()
    _transactions.append(current)
    try:
        yield
    except BrokenPipeError:
        _commit(current)
        raise
    except BaseException:
        _transactions.pop()
        for path, old, new in reversed(current.log):
            try:
                data = path.read_bytes()
            except FileNotFoundError:
                data = None
            if data != new:
                continue
            with contextlib.suppress(OSError, JournalError):
                if old is None:
                    path.unlink()
                else:
                    write_atomic(path, old, expected=new)
        raise
    _commit(current)


def _commit(current: _Transaction) -> None:
    _transactions.pop()
    if _transactions:
        _transactions[-1].log.extend(current.log)
        _transactions[-1].on_commit.extend(current.on_commit)
        return
    for action in current.on_commit:
        with contextlib.suppress(Exception):
            action()


def write_atomic(
    path: Path,
    data: bytes,
    *,
    expected: bytes | None = None,
    must_not_exist: bool = False,
    durable: bool = True,
) -> None:
    """Replace ``path`` with ``data`` atomically.

    ``expected``: the bytes the caller read; if the file no longer holds them,
    nothing is written and ConflictError is raised. ``must_not_exist``: refuse
    to replace a file that exists. ``durable=False`` skips the fsyncs (for
    derived files); ``write_many`` writes a batch with one sync.
    """
    import tempfile

    folder = path.parent
    mode = _mode_of(path)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise JournalError(f"cannot write {path}: {exc.strerror or exc}") from exc
    tmp = Path(tmp_name)
    try:
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                if durable:
                    fh.flush()
                    os.fsync(fh.fileno())
            os.chmod(tmp, mode)
        except OSError as exc:
            raise JournalError(f"cannot write {path}: {exc.strerror or exc}") from exc
        if must_not_exist and path.exists():
            raise ConflictError(f"{path} already exists", hint="nothing was written")
        _check_unchanged(path, expected)
        if _transactions and durable:
            if expected is not None:
                before: bytes | None = expected
            else:
                try:
                    before = path.read_bytes()
                except FileNotFoundError:
                    before = None
        try:
            os.replace(tmp, path)
        except OSError as exc:
            raise JournalError(f"cannot write {path}: {exc.strerror or exc}") from exc
        if _transactions and durable:
            _transactions[-1].log.append((path, before, data))
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    if durable:
        fsync_folder(folder)


BATCH = 8  # from this many files on, one sync of the file system beats an fsync per file


def write_many(plans: list[tuple[Path, bytes, bytes | None, bool]]) -> None:
    """Write several files atomically: (path, data, expected bytes or None, must not exist yet).

    Each file is the old or the new version, never partial. Every expectation
    is checked before the first file is replaced. Many files are written
    to temporary files, made durable with one sync, then renamed.
    """
    if len(plans) < BATCH:
        for path, data, expected, new in plans:
            write_atomic(path, data, expected=expected, must_not_exist=new)
        return
    import tempfile

    staged: list[tuple[Path, Path, bytes, bytes | None]] = []
    try:
        for path, data, expected, new in plans:
            fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            staged.append((path, Path(name), data, expected))
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.chmod(name, _mode_of(path))
            if new and path.exists():
                raise ConflictError(f"{path} already exists", hint="nothing was written")
        os.sync()
        for path, _tmp, _data, expected in staged:
            _check_unchanged(path, expected)
        for path, tmp, data, expected in staged:
            if _transactions:
                _transactions[-1].log.append((path, expected, data))
            os.replace(tmp, path)
    except OSError as exc:
        raise JournalError(f"cannot write {exc.filename or 'the ledger'}: {exc.strerror or exc}") from exc
    finally:
        for _path, tmp, _data, _expected in staged:
            with contextlib.suppress(OSError):
                tmp.unlink()
    for folder in {path.parent for path, *_rest in plans}:
        fsync_folder(folder)


def _mode_of(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        return FILE_MODE


def _check_unchanged(path: Path, expected: bytes | None) -> None:
    if expected is None:
        return
    try:
        current = path.read_bytes()
    except FileNotFoundError:
        current = None
    if current != expected:
        raise ConflictError(
            f"{path} changed on disk while journal was working on it", hint="nothing was written; run the command again"
        )


def remove_leftovers(folder: Path, older_than: float = 60.0) -> int:
    """Delete the temporary files a killed command left in ``folder`` (``.NAME.xxxxxxxx.tmp``); how many.

    Call with the journal's lock held: no other command is writing then.
    """
    import re

    pattern = re.compile(r"^\..+\.[A-Za-z0-9_]{8}\.tmp$")
    removed = 0
    cutoff = time.time() - older_than
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        if pattern.match(entry.name) and entry.is_file(follow_symlinks=False):
            with contextlib.suppress(OSError):
                if entry.stat(follow_symlinks=False).st_mtime < cutoff:
                    os.unlink(entry.path)
                    removed += 1
    return removed


def fsync_folder(folder: Path) -> None:
    """Make the renames in ``folder`` durable."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


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
    import fcntl

    timeout = LOCK_TIMEOUT if timeout is None else timeout
    root = lock_path.parent.parent
    try:
        fd = os.open(root, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError as exc:
        raise ConflictError(f"cannot lock the journal {root}: {exc.strerror or exc}") from exc
    try:
        started = time.monotonic()
        told = on_file = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
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
                # A file system that cannot flock a folder (some network ones): lock the file instead.
                os.close(fd)
                fd = -1
                fd = _open_lock_file(lock_path, exc)
                on_file = True
        _held_locks[lock_path] = 1
        _record_holder(lock_path, f"{os.getpid()}\n")
        try:
            yield
        finally:
            _record_holder(lock_path, "")  # before the unlock: the next holder writes its own pid
            _held_locks.pop(lock_path, None)
    finally:
        if fd >= 0:
            os.close(fd)


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
