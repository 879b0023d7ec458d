"""The one write path: ``with writing(journal, by=...) as session`` around every change a command makes.

A session owns, in this order: the all-or-nothing transaction (every file
written is put back if the block fails), the journal's lock, the rescan under
the lock (a sync, so the session starts from the documents as they are), the
ledger changes (made to the Ledger in memory through ``session.writes``, one
pending edit per ledger file), and at the end of the block the ledger files
written together and the cache updated (once the transaction commits).
Documents are written at once (``write_document``): a marker edit must see the
document as it is on disk.

    with writing(journal, by="cli") as session:
        goal = session.ledger.latest(session.ledger.resolve("k7f3"))
        session.set_status(goal, "done")
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any

from journal.atomic import make_private_dir, transaction, write_atomic
from journal.config import Journal
from journal.errors import DocumentError
from journal.ledger import Cache, Goal, Ledger, LedgerWrites, load_ledger
from journal.lock import journal_lock
from journal.status_change import change_status, set_goal_status
from journal.sync import SyncReport, resync, sync_journal, sync_written

__all__ = ["Session", "change_status", "writing"]


class Session:
    """One command's writes, under the journal's lock: the ledger as synced, and what is pending.

    ``ledger`` and ``writes`` are made on first use: a session that only
    writes documents (an import's dry run) reads no ledger.
    """

    def __init__(
        self, journal: Journal, cache: Cache, by: str, ledger: Ledger | None = None, report: SyncReport | None = None
    ) -> None:
        self.journal = journal
        self.cache = cache
        self.by = by  # who makes the changes, as the goals' history records it: cli, new, carry, review, sync
        self.report = report if report is not None else SyncReport()  # what the rescan under the lock found
        self._ledger = ledger
        self._writes: LedgerWrites | None = None

    @property
    def ledger(self) -> Ledger:
        """The journal's goals as this session sees (and changes) them."""
        if self._ledger is None:
            self._ledger = load_ledger(self.journal, self.cache, lazy=True)
        return self._ledger

    @property
    def writes(self) -> LedgerWrites:
        """The pending ledger changes, saved together when the session ends."""
        if self._writes is None:
            self._writes = LedgerWrites(self.journal, self.ledger, self.cache)
        return self._writes

    def write_document(self, path: Path, data: bytes, *, expected: bytes | None = None) -> None:
        """Write a document now: a new one (``expected`` None, it must not exist) or over ``expected``'s bytes."""
        if expected is None:
            make_private_dir(path.parent)
            write_atomic(path, data, must_not_exist=True)
        else:
            write_atomic(path, data, expected=expected, read_only_error=DocumentError)

    def sync_written(self, *paths: Path) -> SyncReport:
        """Reconcile documents this session has just written with the ledger."""
        names = [self.journal.relative(path) for path in paths]
        return sync_written(self.journal, self.ledger, self.cache, names, by=self.by, writes=self.writes)

    @contextmanager
    def documents_together(self) -> Iterator[None]:
        """Keep the block's marker edits in memory and write their documents together when it ends.

        Each document is read once and written once however many of its
        markers change (``journal.document_batch``); nothing is written if the
        block fails. Nothing in the block may read those documents from disk.
        """
        from journal.document_batch import DocumentBatch

        writes = self.writes
        if writes.document_batch is not None:  # already in a batch: the outer one writes
            yield
            return
        batch = writes.document_batch = DocumentBatch()
        try:
            yield
        finally:
            writes.document_batch = None
        batch.flush(writes)

    def set_status(self, goal: Goal, status: str, reason: str | None = None) -> bool:
        """Change a goal's status in its document and the ledger; False when it already had it."""
        return set_goal_status(self.journal, self.ledger, goal, status, reason=reason, by=self.by, writes=self.writes)

    def update(self, goal: Goal, fields: dict[str, Any], history: dict[str, Any] | None = None) -> None:
        """Change a goal's ledger fields (a note, a link)."""
        self.writes.update(goal, fields, history)

    def rescan(self, *, full: bool = False) -> SyncReport:
        """Reconcile the documents changed on disk (this session's own writes too) with the ledger."""
        report = SyncReport()
        resync(self.journal, self.ledger, self.cache, report, full=full, writes=self.writes)
        return report

    def save(self) -> None:
        """Write the pending ledger changes now (the session also does at its end)."""
        if self._writes is not None:
            self._writes.save()


@contextmanager
def writing(
    journal: Journal,
    *,
    by: str = "cli",
    rescan: bool = True,
    full: bool = False,
    dry_run: bool = False,
    cache: Cache | None = None,
) -> Iterator[Session]:
    """Hold the lock, rescan, and give the block a Session; save its ledger changes when the block ends.

    All or nothing: if the block fails, every file written in it (documents,
    ledger files) is put back. With ``rescan=False`` the ledger is read as it
    is (the caller syncs); with ``dry_run`` the rescan writes nothing and
    nothing is saved.
    """
    cache = cache if cache is not None else Cache(journal)
    # A dry run writes nothing, so it needs no lock (and taking one would make .journal/).
    with transaction(), (nullcontext() if dry_run else journal_lock(journal.lock_path)):
        ledger, report = (
            sync_journal(journal, cache=cache, full=full, write=not dry_run, lazy=True) if rescan else (None, None)
        )
        session = Session(journal, cache, by, ledger, report)
        yield session
        if not dry_run:
            session.save()
            _after_commit_status_summary(session)


def _after_commit_status_summary(session: Session) -> None:
    """Once the writes are committed, the summary `journal status` answers from (journal.status)."""
    from journal.atomic import after_commit
    from journal.status import summary_data, write_summary
    from journal.status_keep import fingerprint, kept_open_facts, last_summary, ledger_files_after

    journal, ledger = session.journal, session._ledger
    last = last_summary(journal) if ledger is not None else None
    kept = kept_open_facts(ledger, last)  # a command that changed no goal's links: the last summary's
    after = ledger_files_after(ledger, session.cache.ledger_keys)
    ledger_key = fingerprint(after) if after is not None else None
    data = summary_data(
        journal, ledger, session.cache.documents, open_facts=kept, ledger_key=ledger_key, ledger_files=after,
        last=last,
    )  # fmt: skip
    after_commit(lambda: write_summary(journal, data))
