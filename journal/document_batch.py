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

import os
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
    synced_digest: str | None = None  # its content hash when the ledger records it as synced


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

    def known_digest(self, path: Path, data: bytes) -> str | None:
        """The content hash of ``data`` when it is the document's bytes as this batch last staged them, synced."""
        pending = self.pending.get(path)
        return pending.synced_digest if pending is not None and pending.current is data else None

    def stage(self, path: Path, source: str, original: bytes, data: bytes, synced_digest: str | None) -> None:
        """Record the document's new bytes (``original``: what was read, for a first edit)."""
        pending = self.pending.setdefault(path, _Pending(original, data, source))
        pending.current = data
        pending.synced_digest = synced_digest

    def flush(self, writes: LedgerWrites) -> None:
        """Write every edited document together; record the synced ones' stats for the cache."""
        from journal.atomic import write_many
        from journal.errors import DocumentError

        changed = {path: p for path, p in self.pending.items() if p.current != p.original}
        self.pending = {}
        if not changed:
            return
        write_many([(path, p.current, p.original, False) for path, p in changed.items()], read_only_error=DocumentError)
        for path, pending in changed.items():
            if pending.synced_digest is not None:
                writes.document_written(pending.source, os.stat(path), pending.synced_digest)
