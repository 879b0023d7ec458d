"""Atomic file writes and the journal's lock.

Every write goes to a temporary file in the target's folder, is flushed and
fsynced, then renamed over the target, so a reader (or a crash) only ever sees
the old or the new version. The file replaced is watched across the rename: if
another program was writing it (an editor saving in place), its bytes win.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from journal.errors import ConflictError, JournalError, StorageError, UsageError

FILE_MODE = 0o600
DIR_MODE = 0o700
# Our temporary files: ".NAME.<8 random characters>.journal.tmp"; only those are ever cleaned up.
TMP_SUFFIX = ".journal.tmp"
# How long to wait after a rename before looking again at the file it replaced: long enough for a
# write another program had under way to show; longer where leases cannot tell who holds it open.
SETTLE = 0.002
SETTLE_WITHOUT_LEASES = 0.05


def make_private_dir(path: Path) -> None:
    """Create ``path`` (and parents) readable by its owner only, if missing."""
    try:
        path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    except OSError as exc:
        raise StorageError(f"cannot create {path}: {exc.strerror or exc}") from exc


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
        # Putting files back is no write of an enclosing transaction: logged there, its own undoing would undo it.
        enclosing = _transactions[:]
        _transactions.clear()
        try:
            _put_back(current.log)
        finally:
            _transactions[:] = enclosing
        raise
    _commit(current)


def _put_back(log: list[tuple[Path, bytes | None, bytes]]) -> None:
    """Restore each file written to its bytes before, newest write first; one changed again since is left alone."""
    for path, old, new in reversed(log):
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
    read_only_error: type[JournalError] = StorageError,
) -> None:
    """Replace ``path`` with ``data`` atomically.

    ``expected``: the bytes the caller read; if the file no longer holds them,
    nothing is written and ConflictError is raised. ``must_not_exist``: refuse
    to replace a file that exists. ``durable=False`` skips the fsyncs and the
    checks below (for derived files); ``write_many`` writes a batch with one sync.

    A read-only file is refused with ``read_only_error``. A file another
    program holds open for writing is refused (ConflictError); one it writes
    to while ours is renamed over it is put back, its bytes and all, and
    ConflictError says journal's change was not applied.
    """
    if durable:
        _refuse_read_only(path, read_only_error)
    fd, tmp = _temp_file(path)
    guard: _Guard | None = None
    try:
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                if durable:
                    fh.flush()
                    os.fsync(fh.fileno())
                ours = os.fstat(fh.fileno()).st_ino
            os.chmod(tmp, _mode_of(path))
        except OSError as exc:
            raise StorageError(f"cannot write {path}: {exc.strerror or exc}") from exc
        if must_not_exist and path.exists():
            raise ConflictError(f"{path} already exists", hint="nothing was written")
        if durable:
            guard = _Guard.watch(path, expected)
        else:
            _check_unchanged(path, expected)
        if _transactions and durable:
            if expected is not None:
                before: bytes | None = expected
            elif guard is not None:
                before = guard.data
            else:
                try:
                    before = path.read_bytes()
                except FileNotFoundError:
                    before = None
                except OSError:
                    before = None
        try:
            os.replace(tmp, path)
        except OSError as exc:
            raise StorageError(f"cannot write {path}: {exc.strerror or exc}") from exc
        if guard is not None:
            _settle_and_check([(guard, ours)])
        if _transactions and durable:
            _transactions[-1].log.append((path, before, data))
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    finally:
        if guard is not None:
            guard.release()
    if durable:
        fsync_folder(path.parent)


BATCH = 8  # from this many files on, one sync of the file system beats an fsync per file


def write_many(
    plans: list[tuple[Path, bytes, bytes | None, bool]], *, read_only_error: type[JournalError] = StorageError
) -> None:
    """Write several files atomically: (path, data, expected bytes or None, must not exist yet).

    Each file is the old or the new version, never partial. Every expectation
    is checked before the first file is replaced. Many files are written
    to temporary files, made durable with one sync, then renamed. The checks
    of ``write_atomic`` apply to each file.
    """
    if len(plans) < BATCH:
        for path, data, expected, new in plans:
            write_atomic(path, data, expected=expected, must_not_exist=new, read_only_error=read_only_error)
        return
    for path, *_rest in plans:
        _refuse_read_only(path, read_only_error)
    staged: list[tuple[Path, Path, bytes, bytes | None, int]] = []
    guards: list[tuple[_Guard, int]] = []
    try:
        try:
            for path, data, expected, new in plans:
                fd, tmp = _temp_file(path)
                with os.fdopen(fd, "wb") as fh:
                    staged.append((path, tmp, data, expected, os.fstat(fh.fileno()).st_ino))
                    fh.write(data)
                os.chmod(tmp, _mode_of(path))
                if new and path.exists():
                    raise ConflictError(f"{path} already exists", hint="nothing was written")
            os.sync()
            for path, _tmp, _data, expected, ours in staged:
                guard = _Guard.watch(path, expected)
                if guard is not None:
                    guards.append((guard, ours))
            for path, tmp, data, expected, _ours in staged:
                if _transactions:
                    _transactions[-1].log.append((path, expected, data))
                os.replace(tmp, path)
        except OSError as exc:
            raise StorageError(f"cannot write {exc.filename or 'the ledger'}: {exc.strerror or exc}") from exc
        _settle_and_check(guards)
    finally:
        for _path, tmp, _data, _expected, _ours in staged:
            with contextlib.suppress(OSError):
                tmp.unlink()
        for guard, _ours in guards:
            guard.release()
    for folder in {path.parent for path, *_rest in plans}:
        fsync_folder(folder)


def write_output(path: Path, data: bytes) -> None:
    """Write a file the user named (``export -o``, ``stats --svg``).

    A new or regular file is replaced atomically. Anything else at the path
    (a symbolic link, a FIFO, a device such as /dev/null or /dev/stdout) is
    written through, never replaced; a folder or a socket is refused (UsageError).
    """
    try:
        found: os.stat_result | None = os.lstat(path)
    except FileNotFoundError:
        found = None
    except OSError as exc:
        raise StorageError(f"cannot write {path}: {exc.strerror or exc}") from exc
    if found is None or stat.S_ISREG(found.st_mode):
        write_atomic(path, data)
        return
    if os.path.isdir(path):
        raise UsageError(f"{path} is a folder", hint="name a file to write")
    if stat.S_ISSOCK(found.st_mode):
        raise UsageError(f"{path} is a socket", hint="name a file to write")
    try:
        with open(path, "wb") as fh:
            fh.write(data)
    except OSError as exc:
        raise StorageError(f"cannot write {path}: {exc.strerror or exc}") from exc


def _temp_file(path: Path) -> tuple[int, Path]:
    """A new temporary file next to ``path``, named unmistakably ours: ``.NAME.xxxxxxxx.journal.tmp``."""
    import tempfile

    try:
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TMP_SUFFIX, dir=path.parent)
    except OSError as exc:
        raise StorageError(f"cannot write {path}: {exc.strerror or exc}") from exc
    return fd, Path(name)


def _refuse_read_only(path: Path, error: type[JournalError]) -> None:
    """A read-only file (no write permission, even for root) is the user's "leave it alone"."""
    try:
        found = os.lstat(path)
    except OSError:
        return
    if stat.S_ISREG(found.st_mode) and (not found.st_mode & 0o222 or not os.access(path, os.W_OK)):
        raise error(f"{path} is read-only", hint="nothing was written; make it writable to let journal change it")


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
        raise _changed(path)


def _changed(path: Path) -> ConflictError:
    return ConflictError(
        f"{path} changed on disk while journal was working on it", hint="nothing was written; run the command again"
    )


def _read_all(fd: int) -> bytes:
    chunks = []
    offset = 0
    while chunk := os.pread(fd, 1 << 20, offset):
        chunks.append(chunk)
        offset += len(chunk)
    return b"".join(chunks)


def _open_for_writing(fd: int) -> bool | None:
    """Whether any process holds the file of ``fd`` open for writing; None where that cannot be told.

    A read lease (Linux) is refused exactly when someone has the file open for
    writing. It is dropped at once; while held, a lease break would signal us,
    so the signal is set to SIGURG, which is ignored unless handled.
    """
    if not sys.platform.startswith("linux"):
        return None
    import fcntl
    import signal

    try:
        fcntl.fcntl(fd, getattr(fcntl, "F_SETSIG", 10), signal.SIGURG)
        fcntl.fcntl(fd, fcntl.F_SETLEASE, fcntl.F_RDLCK)
    except BlockingIOError:
        return True
    except OSError:
        return None  # not our file, or a file system without leases
    with contextlib.suppress(OSError):
        fcntl.fcntl(fd, fcntl.F_SETLEASE, fcntl.F_UNLCK)
    return False


class _Guard:
    """The regular file a write replaces, watched from before the rename to after it.

    Another program writing the file in place (an editor that truncates it and
    writes in two steps) holds a descriptor on its inode: once ours is renamed
    over the path, that program's writes would land in an unlinked file. So
    the inode keeps a second, hidden name until the write is known safe, and
    if it changed meanwhile it goes back at the path, taking the writes still
    to come with it.
    """

    def __init__(self, path: Path, data: bytes, found: os.stat_result, leases: bool) -> None:
        self.path = path
        self.data = data
        self.found = found
        self.leases = leases
        self.backup: Path | None = None
        self.fd: int | None = None

    @classmethod
    def watch(cls, path: Path, expected: bytes | None) -> _Guard | None:
        """Check ``path`` before it is replaced and start watching it; None when it is not a regular file.

        ConflictError if it no longer holds ``expected`` or another program
        holds it open for writing: nothing was written then.
        """
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        except FileNotFoundError:
            _check_unchanged(path, expected)
            return None
        except OSError:
            _check_unchanged(path, expected)  # a symbolic link or something we cannot read: as before
            return None
        keep = False
        try:
            found = os.fstat(fd)
            if not stat.S_ISREG(found.st_mode):
                _check_unchanged(path, expected)
                return None
            data = _read_all(fd)
            if expected is not None and data != expected:
                raise _changed(path)
            writing = _open_for_writing(fd)
            if writing:
                raise ConflictError(
                    f"{path} is being written by another program",
                    hint="journal's change was not applied; run the command again once it is saved",
                )
            guard = cls(path, data, found, leases=writing is not None)
            guard.backup = guard._second_name()
            if guard.backup is None:
                guard.fd = fd  # no hard links here: hold the inode open instead
                keep = True
            return guard
        finally:
            if not keep:
                os.close(fd)

    def _second_name(self) -> Path | None:
        """A hard link to the watched inode, under a temporary name; None if links cannot be made."""
        import secrets

        for _attempt in range(10):
            name = self.path.parent / f".{self.path.name}.{secrets.token_hex(4)}{TMP_SUFFIX}"
            try:
                os.link(self.path, name, follow_symlinks=False)
            except FileExistsError:
                continue
            except OSError:
                return None
            linked = os.lstat(name)
            if (linked.st_ino, linked.st_dev) != (self.found.st_ino, self.found.st_dev):
                # The path was replaced between our read and the link: someone saved it.
                with contextlib.suppress(OSError):
                    name.unlink()
                raise _changed(self.path)
            return name
        return None

    def changed(self) -> bool:
        """Whether the watched inode changed since it was read, or another program holds it open for writing."""
        if self.fd is not None:
            return self._changed_at(self.fd)
        assert self.backup is not None
        try:
            fd = os.open(self.backup, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        except OSError:
            return False  # cleaned away: nothing is left to compare with
        try:
            return self._changed_at(fd)
        finally:
            os.close(fd)

    def _changed_at(self, fd: int) -> bool:
        now = os.fstat(fd)
        if now.st_ino != self.found.st_ino:
            return False
        if _open_for_writing(fd):
            return True
        return (now.st_size, now.st_mtime_ns) != (self.found.st_size, self.found.st_mtime_ns) or _read_all(
            fd
        ) != self.data

    def give_back(self, ours: int) -> None:
        """Put the watched inode (or, without a second name, a copy of it) back at the path.

        Only if the path still holds our file (inode ``ours``): a file saved
        there since is someone's newer version, and stays.
        """
        try:
            if os.lstat(self.path).st_ino != ours:
                return
        except FileNotFoundError:
            pass
        if self.backup is not None:
            with contextlib.suppress(OSError):
                os.replace(self.backup, self.path)
                self.backup = None
                return
        if self.fd is None:
            return
        fd, tmp = _temp_file(self.path)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(_read_all(self.fd))
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, self.found.st_mode & 0o777)
            os.replace(tmp, self.path)
        finally:
            with contextlib.suppress(OSError):
                tmp.unlink()

    def release(self) -> None:
        """Stop watching: drop the second name and the descriptor."""
        if self.backup is not None:
            with contextlib.suppress(OSError):
                self.backup.unlink()
            self.backup = None
        if self.fd is not None:
            with contextlib.suppress(OSError):
                os.close(self.fd)
            self.fd = None


def _settle_and_check(guards: list[tuple[_Guard, int]]) -> None:
    """After the renames: did another program write to a file we replaced? Then its bytes win.

    Looked at at once, then again after a short settle for a write that
    was under way. Every changed file is put back and ConflictError raised.
    """
    if not guards:
        return
    changed = [(guard, ours) for guard, ours in guards if guard.changed()]
    if not changed:
        time.sleep(SETTLE if all(guard.leases for guard, _ours in guards) else SETTLE_WITHOUT_LEASES)
        changed = [(guard, ours) for guard, ours in guards if guard.changed()]
    if not changed:
        return
    for guard, ours in changed:
        with contextlib.suppress(OSError, JournalError):
            guard.give_back(ours)
    raise ConflictError(
        f"{changed[0][0].path} was being written by another program while journal wrote it",
        hint="its bytes were kept and journal's change was not applied; run the command again once it is saved",
    )


def remove_leftovers(folder: Path, older_than: float = 60.0) -> int:
    """Delete the temporary files a killed command left in ``folder`` (``.NAME.xxxxxxxx.journal.tmp``); how many.

    Only files named that way are ours: a user's ``.draft.20250101.tmp`` is
    left alone. Call with the journal's lock held: no other command is writing then.
    """
    import re

    pattern = re.compile(r"^\..+\.[A-Za-z0-9_]{8}" + re.escape(TMP_SUFFIX) + "$")
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
