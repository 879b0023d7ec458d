"""The pending ledger changes of one command: the Ledger in memory changes at once, its files when saved."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from journal.atomic import make_private_dir
from journal.changes import Decision, note_added, note_decision
from journal.config import Journal
from journal.errors import LedgerError
from journal.ledger.cache import Cache
from journal.ledger.file_edit import LedgerFileEdit
from journal.ledger.model import Goal, Ledger
from journal.ledger.plain_verdicts import PlainVerdicts

if TYPE_CHECKING:
    from journal.document_batch import DocumentBatch


class LedgerWrites:
    """Pending edits to ledger files, one per file, saved together; the cache follows them.

    Each change is made to the Ledger through its own methods (which keep its
    indexes) and recorded as an edit of the ledger file it belongs in.
    """

    def __init__(self, journal: Journal, ledger: Ledger, cache: Cache | None = None) -> None:
        self.journal = journal
        self.ledger = ledger
        self.cache = cache
        self.edits: dict[str, LedgerFileEdit] = {}
        self.documents: list[tuple[str, os.stat_result, str]] = []  # documents written, for the cache
        self.document_batch: DocumentBatch | None = None  # marker edits kept to be written together, if any
        self._who: str | None = None  # who decides (looked up once)

    @property
    def who(self) -> str:
        """Who makes this command's decisions, as the history records it ('' when unknown)."""
        if self._who is None:
            from journal.gitrepo import decided_by  # shlex, a NamedTuple and git's drivers: only when a goal is decided

            self._who = decided_by(self.journal)
        return self._who

    def path_of(self, period_key: str):
        """The ledger file of the documents of ``period_key``."""
        return self.ledger.files.get(period_key) or self.journal.ledger_dir / f"{period_key}.toml"

    def edit(self, period_key: str) -> LedgerFileEdit:
        """The pending edit of ``period_key``'s ledger file."""
        if period_key not in self.edits:
            from journal.periods import from_key

            label = from_key(period_key, self.journal.settings.fiscal_year_start).label
            self.edits[period_key] = LedgerFileEdit(self.path_of(period_key), label)
        return self.edits[period_key]

    def add(self, goal: Goal) -> None:
        """Add a new goal to the ledger and to its file."""
        who = self.who
        if who:
            goal.history = [entry if "who" in entry else {**entry, "who": who} for entry in goal.history]
        note_added()
        edit = self.edit(goal.document_period)
        edit.add(goal)
        self.ledger.add(goal, edit.path)

    def update(self, goal: Goal, fields: dict[str, Any], history: dict[str, Any] | None = None) -> None:
        """Change a goal's fields (and append a history entry), in the ledger and in its file.

        The entry records who decided (``who``: see ``journal.gitrepo.decided_by``) when that is known.
        """
        if history is not None:
            who = self.who
            if who and "who" not in history:
                history = {**history, "who": who}
            if "status" in history:
                ledger = self.ledger
                text, by = fields.get("text", goal.text), str(history.get("by", ""))
                lineage_id = lambda: ledger.lineage_id(goal)  # noqa: E731 - asked for only by a git commit message
                note_decision(Decision(goal.id, text, history["status"], by, goal.document_period, lineage_id))
        self.edit(goal.document_period).update(goal.id, fields, history)
        self.ledger.change(goal, fields, history)

    def set_document_hash(self, document: str, period_key: str | None, digest: str | None) -> None:
        """Record in the ledger the content hash a document was synced at (None: it is gone)."""
        moved_from = self.ledger.record_document_hash(document, period_key, digest)
        if moved_from is not None:
            self.edit(moved_from).set_document_hash(document, None)
        if period_key is not None:
            self.edit(period_key).set_document_hash(document, digest)

    def document_written(self, document: str, stat: os.stat_result, digest: str) -> None:
        """A document this command wrote: cached once the ledger that records it is saved."""
        self.documents.append((document, stat, digest))

    def save(self) -> None:
        """Write every changed ledger file, then keep what was written in the cache."""
        from journal.atomic import stat_if_holds, write_many

        changed = [(period_key, edit) for period_key, edit in self.edits.items() if edit.changed]
        written: dict[str, bytes] = {}  # period key -> the bytes written to its ledger file
        if changed:
            from journal.ledger.toml_text import editing_files

            make_private_dir(self.journal.ledger_dir)
            verdicts = PlainVerdicts(self.journal.state_dir)  # read only if a layout check is asked
            for _period_key, edit in changed:
                edit.verdicts = verdicts
            with editing_files(len(changed)):
                plans = [edit.write_plan() for _period_key, edit in changed]
            write_many(plans, read_only_error=LedgerError)
            written = {period_key: plan[1] for (period_key, _edit), plan in zip(changed, plans, strict=True)}
        self.edits = {}
        cache = self.cache if self.cache is not None else Cache(self.journal)
        goals = self.ledger.goals_in(list(written))
        for period_key, data in written.items():
            path = self.path_of(period_key)
            stat = stat_if_holds(path, data)
            if stat is not None:  # else edited since: its old entry no longer matches, and it is read again
                cache.set_ledger_entry(path.name, stat, goals[period_key], self.ledger.file_hashes.get(period_key, {}))
        for document, stat, digest in self.documents:
            cache.set_document_entry(document, stat, digest)
        self.documents = []
        cache.save()
