"""The in-place-writer guard: a file another program writes while journal replaces it keeps its bytes.

An editor saving in place truncates the file and writes it again, through a
descriptor on the old inode. ``journal.atomic`` watches every regular file it
replaces (``_Guard.watch``), from before its rename to after it; a file that
changed meanwhile is put back, its bytes and all, and ConflictError says that
journal's change was not applied.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import time
from pathlib import Path

from journal.errors import ConflictError, JournalError

# How long to wait after a rename before looking again at the file it replaced: long enough for a
# write another program had under way to show; longer where leases cannot tell who holds it open.
SETTLE = 0.002
SETTLE_WITHOUT_LEASES = 0.05


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
    from _signal import SIGURG  # signal's own constant, without the enums `import signal` builds (about 3 M)

    try:
        fcntl.fcntl(fd, getattr(fcntl, "F_SETSIG", 10), SIGURG)
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
        from journal.atomic import TMP_SUFFIX

        for _attempt in range(10):
            name = self.path.parent / f".{self.path.name}.{os.urandom(4).hex()}{TMP_SUFFIX}"
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
        from journal.atomic import _temp_file

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
