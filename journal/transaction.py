"""Transactions: all or nothing across the files a command writes.

``journal.atomic`` logs each durable write into the open transaction; when
the block fails, every file it wrote is put back as it was. Derived files
(caches) are written ``after_commit``, so that they never describe writes a
failure put back.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path

from journal.errors import JournalError


class _Transaction:
    """The files written so far, as (path, bytes before or None, bytes written), and what to do on commit."""

    def __init__(self) -> None:
        self.log: list[tuple[Path, bytes | None, bytes]] = []
        self.on_commit: list[Callable[[], None]] = []


_transactions: list[_Transaction] = []


def in_transaction() -> bool:
    """Whether a transaction is open: then every durable write is logged, to be put back on failure."""
    return bool(_transactions)


def log_write(path: Path, before: bytes | None, data: bytes) -> None:
    """Record that ``path`` (holding ``before``, None for no file) now holds ``data``; nothing outside a transaction."""
    if _transactions:
        _transactions[-1].log.append((path, before, data))


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
    from journal.atomic import write_atomic

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


@contextlib.contextmanager
def nothing_written(active: bool = True) -> Iterator[None]:
    """A --dry-run: what would be saved once the block succeeds (derived caches included) is dropped.

    Without ``active`` it does nothing (so callers can write ``with nothing_written(dry_run):``).
    """
    if not active:
        yield
        return
    current = _Transaction()
    _transactions.append(current)
    try:
        yield
    finally:
        _transactions.remove(current)
