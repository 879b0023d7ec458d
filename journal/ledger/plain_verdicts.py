"""Which ledger files' texts are known to pass the layout check, kept in ``.journal/plain.marshal``.

``LedgerFileEdit`` reads an edit of a ledger file back table by table when the
file is laid out plainly (``toml_text._is_plain``: every line is what it looks
like on its own). The check is a regular expression over the whole file, about
a third of a millisecond per 17 KB file: ``journal new`` edits dozens of
files. Its answer depends on the text alone, so it is kept by the text's
digest (BLAKE2b, 128 bits, CPython's own), the last KEPT of each ledger file:
the texts the check accepted, and the texts an edit wrote when the by-table
read-back accepted it (the old plain text with only tables that pass the check
replaced, which is plain again: see ``segment_check``). The next edit of that
file, if it holds one of those exact texts (the last one written, or an
earlier one put back, as by ``git checkout``), skips the check. A text with
any other digest is checked as before.

The file is derived: deleting it (or all of ``.journal/``) costs only time.
Its verdicts are trusted only from a file this user owns that nobody else may
write (a planted verdict would let a file be read back by table that must be
read whole), and only for the layout pattern they were made with (the version
is the pattern's own text). It is written after the command's transaction
commits, and only into an existing ``.journal/`` folder.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

CACHE_FILE = "plain.marshal"
KEPT = 4  # digests kept per ledger file


def _digest(data: bytes) -> bytes:
    from journal.digests import blake2b_digest

    return blake2b_digest(data, 16)


def _version() -> str:
    """The layout pattern's text: verdicts made by another pattern are not this one's."""
    from journal.ledger.toml_text import plain_pattern_text

    return plain_pattern_text()


class PlainVerdicts:
    """The kept verdicts of one journal: for each ledger file (by name), the digests of texts known plain."""

    def __init__(self, state_dir: Path) -> None:
        self.path = state_dir / CACHE_FILE
        self._known: dict[str, tuple[bytes, ...]] | None = None  # loaded on first use
        self._dirty = False

    def _entries(self) -> dict[str, tuple[bytes, ...]]:
        if self._known is None:
            self._known = self._load()
        return self._known

    def _load(self) -> dict[str, tuple[bytes, ...]]:
        import marshal

        try:
            # Non-blocking: a FIFO in its place is refused at once, not waited on.
            fd = os.open(self.path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
            with open(fd, "rb") as handle:
                info = os.fstat(fd)
                if not stat.S_ISREG(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o022:
                    return {}  # not a file, or one others could have written: no verdict from it is trusted
                data = marshal.loads(handle.read())
        except Exception:  # noqa: BLE001 - a missing or damaged cache is an empty one
            return {}
        if not isinstance(data, dict) or data.get("version") != _version():
            return {}
        found = data.get("files")
        if not isinstance(found, dict):
            return {}
        return {
            name: digests
            for name, digests in found.items()
            if isinstance(name, str) and isinstance(digests, tuple) and all(isinstance(d, bytes) for d in digests)
        }

    def known_plain(self, name: str, data: bytes) -> bool:
        """Whether ledger file ``name`` holding ``data`` (its bytes as read) is known to pass the layout check."""
        entries = self._entries()
        return name in entries and _digest(data) in entries[name]

    def record(self, name: str, data: bytes) -> None:
        """Keep that ledger file ``name`` holding ``data`` passes the layout check (saved after the commit)."""
        entries = self._entries()
        digest, kept = _digest(data), entries.get(name, ())
        if not kept or kept[-1] != digest:
            entries[name] = (*(d for d in kept if d != digest), digest)[-KEPT:]
            if not self._dirty:
                self._dirty = True
                from journal.transaction import after_commit

                after_commit(self._write)

    def _write(self) -> None:
        self._dirty = False
        if self._known is None or not self.path.parent.is_dir():
            return
        import marshal

        from journal.atomic import write_atomic

        with contextlib.suppress(Exception):  # derived: failing to keep it loses nothing
            if os.path.lexists(self.path):
                info = os.lstat(self.path)
                if not stat.S_ISREG(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o022:
                    os.unlink(self.path)  # not ours to write through: ours replaces it, with our mode
            write_atomic(self.path, marshal.dumps({"version": _version(), "files": self._known}), durable=False)
