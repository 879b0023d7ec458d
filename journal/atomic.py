"""Atomic file writes: every file is its old or its new version, never partial.

Every write goes to a temporary file in the target's folder, is flushed and
fsynced, then renamed over the target, so a reader (or a crash) only ever sees
the old or the new version. The file replaced is watched across the rename
(journal.guard): if another program was writing it (an editor saving in
place), its bytes win. Writes inside ``transaction()`` (journal.transaction)
are put back if the command fails; the journal's lock is in journal.lock.
"""

from __future__ import annotations

import contextlib
import os
import stat
import time
from pathlib import Path

from journal.changes import note_written
from journal.errors import ConflictError, JournalError, StorageError, UsageError
from journal.guard import _check_unchanged, _Guard, _settle_and_check
from journal.transaction import after_commit, in_transaction, log_write, transaction  # noqa: F401 - callers import them here

FILE_MODE = 0o600
DIR_MODE = 0o700
# Our temporary files: ".NAME.<8 random characters>.journal.tmp"; only those are ever cleaned up.
TMP_SUFFIX = ".journal.tmp"


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
    logged = in_transaction() and durable
    try:
        ours = _fill(fd, tmp, path, data, durable)
        if must_not_exist and path.exists():
            raise ConflictError(f"{path} already exists", hint="nothing was written")
        if durable:
            guard = _Guard.watch(path, expected)
        else:
            _check_unchanged(path, expected)
        before = _bytes_before(path, expected, guard) if logged else None
        try:
            os.replace(tmp, path)
        except OSError as exc:
            raise StorageError(f"cannot write {path}: {exc.strerror or exc}") from exc
        if guard is not None:
            _settle_and_check([(guard, ours)])
        if logged:
            log_write(path, before, data)
        if durable:
            note_written(path, before)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    finally:
        if guard is not None:
            guard.release()
    if durable:
        fsync_folder(path.parent)


def _fill(fd: int, tmp: Path, path: Path, data: bytes, durable: bool) -> int:
    """Write ``data`` into our temporary file (``fd``, at ``tmp``), with ``path``'s mode; its inode."""
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
    return ours


def _bytes_before(path: Path, expected: bytes | None, guard: _Guard | None) -> bytes | None:
    """What ``path`` holds before our write (None: no file), for a failed transaction to put back."""
    if expected is not None:
        return expected
    if guard is not None:
        return guard.data
    try:
        return path.read_bytes()
    except OSError:
        return None


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
            _stage(plans, staged)
            os.sync()
            for path, _tmp, _data, expected, ours in staged:
                guard = _Guard.watch(path, expected)
                if guard is not None:
                    guards.append((guard, ours))
            for path, tmp, data, expected, _ours in staged:
                log_write(path, expected, data)
                os.replace(tmp, path)
                note_written(path, expected)
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


def _stage(
    plans: list[tuple[Path, bytes, bytes | None, bool]], staged: list[tuple[Path, Path, bytes, bytes | None, int]]
) -> None:
    """Write each plan's bytes to a temporary file, recorded in ``staged`` (as it goes: the caller cleans up)."""
    for path, data, expected, new in plans:
        fd, tmp = _temp_file(path)
        with os.fdopen(fd, "wb") as fh:
            staged.append((path, tmp, data, expected, os.fstat(fh.fileno()).st_ino))
            fh.write(data)
        os.chmod(tmp, _mode_of(path))
        if new and path.exists():
            raise ConflictError(f"{path} already exists", hint="nothing was written")


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
        if found is None:  # a new file the user asked for is theirs to share: the mode their umask gives
            _chmod_as_umask_says(path)
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


def _chmod_as_umask_says(path: Path) -> None:
    """Give a file journal made for the user the mode ``open()`` would have (0666 less the umask)."""
    umask = os.umask(0o022)
    os.umask(umask)
    try:
        os.chmod(path, 0o666 & ~umask)
    except OSError as exc:
        raise StorageError(f"cannot write {path}: {exc.strerror or exc}") from exc


def _temp_file(path: Path) -> tuple[int, Path]:
    """A new temporary file next to ``path``, named unmistakably ours: ``.NAME.xxxxxxxx.journal.tmp``."""
    # As tempfile.mkstemp does it (without importing tempfile, shutil, random and the compressors): a new name
    # until one is free, created exclusively, never through a link, readable by its owner alone.
    flags = os.O_RDWR | os.O_CREAT | os.O_EXCL
    flags |= getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    for _attempt in range(100):
        name = path.parent / f".{path.name}.{os.urandom(4).hex()}{TMP_SUFFIX}"
        try:
            return os.open(name, flags, 0o600), name
        except FileExistsError:
            continue
        except OSError as exc:
            raise StorageError(f"cannot write {path}: {exc.strerror or exc}") from exc
    raise StorageError(f"cannot write {path}: no free temporary name in {path.parent}")


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


def stat_if_holds(path: Path, data: bytes) -> os.stat_result | None:
    """The stat of ``path`` if it holds exactly ``data`` (what journal just wrote), else None.

    A cache keys what journal wrote on the file's stat. Taken with ``os.stat`` after the write, an edit
    saved in between (an editor saving in place) would be keyed as journal's bytes and passed over by
    every later command; the stat of the descriptor the bytes are read from, compared, cannot be.
    """
    try:
        with open(path, "rb") as handle:
            found = os.fstat(handle.fileno())
            return found if handle.read() == data else None
    except OSError:
        return None


def remove_leftovers(folder: Path, older_than: float = 60.0, *, names: list[str] | None = None) -> int:
    """Delete the temporary files a killed command left in ``folder`` (``.NAME.xxxxxxxx.journal.tmp``); how many.

    Only files named that way are ours: a user's ``.draft.20250101.tmp`` is
    left alone. Call with the journal's lock held: no other command is writing then.
    ``names``: the folder's names ending in ``TMP_SUFFIX`` as the caller just listed them (so it is not listed
    again); each is looked at again here.
    """
    import re

    pattern = re.compile(r"^\..+\.[A-Za-z0-9_]{8}" + re.escape(TMP_SUFFIX) + "$")
    removed = 0
    cutoff = time.time() - older_than
    if names is None:
        try:
            names = [name for name in os.listdir(folder) if name.endswith(TMP_SUFFIX)]
        except OSError:
            return 0
    for name in names:
        if pattern.match(name):
            path = os.path.join(folder, name)
            with contextlib.suppress(OSError):
                found = os.lstat(path)
                if stat.S_ISREG(found.st_mode) and found.st_mtime < cutoff:
                    os.unlink(path)
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
