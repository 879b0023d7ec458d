"""Status changes: a goal's marker in its document and its status in the ledger, changed together.

``change_status`` is what `journal done/reopen/start/drop` call; ``set_goal_status``
changes one goal inside a session (review, carrying); ``write_marker`` edits only
the marker's bytes in the document.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from journal.config import Journal
from journal.errors import DocumentError, GoalNotFound
from journal.ledger import STATUS_MARKER, Goal, Ledger, LedgerWrites, now


def change_status(
    journal: Journal,
    ids: Sequence[str],
    status: str,
    reason: str | None = None,
    by: str = "cli",
    *,
    on_skipped: Callable[[str, str], None] | None = None,
    lineage_ids: dict[str, str] | None = None,
) -> tuple[list[Goal], list[Goal]]:
    """Set the status of the goals ``ids`` (any unique prefixes): (changed, already in that status).

    A goal is one thing across periods: each id goes to its lineage's latest
    link, and a goal named twice is changed once. The marker in each document
    changes, then the ledger, with a dated history entry. ``on_skipped`` hears
    of each document the rescan could not read (name, why). ``lineage_ids``,
    when given, is filled with each chosen goal's link id -> its lineage id
    (the id to show).
    """
    from journal.session import writing

    with writing(journal, by=by) as session:
        if on_skipped is not None:
            for name, why in session.report.skipped:
                on_skipped(name, why)
        chosen: list[Goal] = []
        for prefix in ids:
            named = session.ledger.resolve(prefix)
            # A removed link names its goal when the goal lives on after it (an earlier line deleted), not
            # when the goal went back to a line before it or is gone: then it names nothing left to change.
            ledger = session.ledger
            goal = ledger.latest(named) if named.status != "removed" else ledger.later_live_link(named) or named
            if goal.status == "removed":
                raise GoalNotFound(
                    f"goal {named.id} was removed from {named.source}", hint="restore its line in the document first"
                )
            if goal not in chosen:
                chosen.append(goal)
        changed = [goal for goal in chosen if session.set_status(goal, status, reason)]
        if lineage_ids is not None:
            lineage_ids.update(session.ledger.lineage_ids(chosen))
    return changed, [goal for goal in chosen if goal not in changed]


def status_character(journal: Journal, goal: Goal, status: str) -> str:
    """The character to write for ``goal`` in ``status``: the latest of its own that stands for it, else journal's.

    A goal written ``[?]`` and done (``[x]``) is ``[?]`` again when reopened:
    its history keeps each own character it left (``from_marker``).
    """
    from journal.statuses import status_table

    table = status_table(journal.settings.statuses)
    for entry in reversed(goal.history):
        character = entry.get("from_marker")
        if isinstance(character, str) and table.get(character) == status:
            return character
    return STATUS_MARKER[status]


def write_marker(journal: Journal, ledger: Ledger, goal: Goal, status: str, writes: LedgerWrites) -> bool:
    """Set the goal's marker in its document to ``status``'s, changing only those bytes; False if it had it.

    The character is ``status_character``'s; the ledger's ``marker`` follows
    it. The document is never written if it changed on disk since it was
    read. When the ledger had synced it as it was, the new bytes are recorded
    as synced too. Inside a document batch (``writes.document_batch``) the
    edit is kept in memory and written with the batch's other documents.
    """
    from journal.atomic import stat_if_holds, write_atomic
    from journal.documents import content_hash, read_document, set_item_status
    from journal.statuses import recorded_marker

    path = journal.root / goal.source
    batch = writes.document_batch
    data = batch.data(path) if batch is not None else read_document(path).data
    character = status_character(journal, goal, status)
    new_data = set_item_status(data, goal.line, character, goal.text, where=goal.source)
    own = recorded_marker(status, character)
    if own != goal.marker:
        writes.update(goal, {"marker": own})
    new_data = _tasks_done_date(new_data, goal, status, writes)
    if new_data == data:
        return False
    # The document holds nothing the ledger has not seen but this marker: record it as synced. In a batch,
    # bytes the batch staged as synced stay so, and their hash is made once, of the last, when it ends.
    synced_before = batch is not None and batch.synced(path, data)
    was_synced = synced_before or ledger.documents.get(goal.source) == content_hash(journal, data)
    if batch is not None:
        batch.stage(path, goal.source, goal.document_period, data, new_data, was_synced)  # written when it ends
        return True
    write_atomic(path, new_data, expected=data, read_only_error=DocumentError)
    if was_synced:
        digest = content_hash(journal, new_data)
        stat = stat_if_holds(path, new_data)
        if stat is not None:  # else saved over since: the cache keeps no entry for it, the next sync reads it
            writes.document_written(goal.source, stat, digest)
        writes.set_document_hash(goal.source, goal.document_period, digest)
    return True


def _tasks_done_date(data: bytes, goal: Goal, status: str, writes: LedgerWrites) -> bytes:
    """``data`` with an Obsidian Tasks line's ``✅ date`` added (done) or removed (not); its words and done-on
    date follow in the ledger."""
    from journal.clock import today
    from journal.tasks_done import set_done_date

    done = status == "done"
    new_data, words = set_done_date(data, goal.line, goal.text, done, today())
    if words is not None:
        writes.update(goal, {"text": words, "done_on": today().isoformat() if done else None})
    return new_data


def set_goal_status(
    journal: Journal,
    ledger: Ledger,
    goal: Goal,
    status: str,
    *,
    reason: str | None = None,
    by: str = "cli",
    writes: LedgerWrites | None = None,
) -> bool:
    """Change a goal's status in its document's marker and in the ledger; False when it already had it.

    The document is written first (``write_marker``), then the ledger, with a
    dated history entry. Call with the journal's lock held.
    """
    if goal.status == "removed":
        raise GoalNotFound(
            f"goal {goal.id} was removed from {goal.source}", hint="restore its line in the document first"
        )
    if goal.status == status:
        latest = next((entry.get("reason") for entry in reversed(goal.history) if entry.get("status") == status), None)
        if not reason or reason == latest:
            return False  # a second identical decision adds nothing to the history
    own_writes = writes is None
    writes = writes if writes is not None else LedgerWrites(journal, ledger)
    # A plain bullet carried forward keeps its words as written: the link lives in the ledger.
    touch_document = not (goal.kind == "bullet" and status == "carried")
    left_marker = goal.marker
    if touch_document and (goal.status != status or goal.kind != "checkbox"):
        write_marker(journal, ledger, goal, status, writes)
    when = now().isoformat()
    history: dict[str, Any] = {"at": when, "status": status, "from": goal.status, "by": by}
    if reason:
        history["reason"] = reason
    if left_marker is not None and left_marker != goal.marker:
        history["from_marker"] = left_marker  # what `reopen` may put back
    fields: dict[str, Any] = {"status": status, "updated": when}
    if touch_document and goal.kind != "checkbox":
        fields["kind"] = "checkbox"
    writes.update(goal, fields, history)
    if own_writes:
        writes.save()
    return True
