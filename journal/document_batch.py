"""Marker edits to many documents, kept in memory and written together when the batch ends.

``journal new`` may mark goals ``[>]`` in dozens of earlier documents, several
in each. Written one marker at a time, each document is written (temporary
file, fsync, the in-place-writer guard and its settle, rename, folder fsync)
once per goal. In a batch (``Session.documents_together``) each document is
read once, its markers edited in memory, and all of them are written at the
end with ``atomic.write_many``: every file checked against the bytes first
read before any is replaced, made durable with one sync, renamed, watched
with one settle. The guarantees are ``write_atomic``'s: each document is its
old or its new version, one changed on disk since it was read is not written
(ConflictError), and the transaction puts every one back if the command fails.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from journal.ledger import LedgerWrites


@dataclass
class _Pending:
    original: bytes  # as read from disk: what the write expects to find there
    current: bytes  # with this batch's edits
    source: str  # the document's name in the journal
    period_key: str  # the period of the ledger file that records it
    synced: bool = False  # the ledger records it as synced: its bytes' hash is recorded when the batch ends


class DocumentBatch:
    """Documents read once and edited in memory; written together by ``flush``."""

    def __init__(self) -> None:
        self.pending: dict[Path, _Pending] = {}

    def data(self, path: Path) -> bytes:
        """The document's bytes with this batch's edits (read from disk, checked, on first use)."""
        pending = self.pending.get(path)
        if pending is not None:
            return pending.current
        from journal.documents import read_document

        return read_document(path).data

    def synced(self, path: Path, data: bytes) -> bool:
        """Whether ``data`` is the document's bytes as this batch last staged them, to be recorded as synced."""
        pending = self.pending.get(path)
        return pending is not None and pending.current is data and pending.synced

    def stage(self, path: Path, source: str, period_key: str, original: bytes, data: bytes, synced: bool) -> None:
        """Record the document's new bytes (``original``: what was read, for a first edit); ``synced``: the ledger
        is to record them as synced (their content hash is made once, of the last bytes, when the batch ends)."""
        pending = self.pending.setdefault(path, _Pending(original, data, source, period_key))
        pending.current = data
        pending.synced = synced

    def flush(self, writes: LedgerWrites) -> None:
        """Record the synced documents' hashes in the ledger, write every edited document together, and
        record the synced ones' stats for the cache."""
        from journal.atomic import stat_if_holds, write_many
        from journal.documents import content_hash
        from journal.errors import DocumentError

        pending, self.pending = self.pending, {}
        digests = {}
        for path, staged in pending.items():
            if staged.synced:
                digests[path] = content_hash(writes.journal, staged.current)
                writes.set_document_hash(staged.source, staged.period_key, digests[path])
        changed = {path: p for path, p in pending.items() if p.current != p.original}
        if not changed:
            return
        write_many([(path, p.current, p.original, False) for path, p in changed.items()], read_only_error=DocumentError)
        for path, staged in changed.items():
            stat = stat_if_holds(path, staged.current) if path in digests else None
            if stat is not None:  # else saved over since: the cache keeps no entry for it, the next sync reads it
                writes.document_written(staged.source, stat, digests[path])
