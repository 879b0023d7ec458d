"""The lineage rule: a goal is one thing across its links, whichever line a decision is written on.

A lineage is the chain of links of one goal (carried_from / carried_to). Its
status is the latest decision made on any of its links; the latest live link
carries it, older links show ``[>]`` unless the person wrote a decision there
(then the older line keeps what was typed, and the decision goes to the latest
link). A link whose line is deleted is ``removed``; when it was the latest,
the link before it becomes the latest again, with the status it had before it
was carried. Sync calls ``settle_lineages`` after reconciling the documents.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from journal.ledger.model import OPEN_STATUSES, Goal, Ledger, Status

if TYPE_CHECKING:
    from journal.config import Journal
    from journal.ledger import LedgerWrites

# What a person can write on an older line that decides the goal (open or in progress there is not a decision).
DECISIONS = (Status.DONE.value, Status.DROPPED.value)


def status_before_carried(goal: Goal) -> str:
    """The status a link had before it was carried (or removed): its last one that was neither."""
    for entry in reversed(goal.history):
        status = entry.get("status")
        if status and status not in (Status.CARRIED, Status.REMOVED):
            return status
    return Status.OPEN.value


def _set(journal: Journal, writes: LedgerWrites, goal: Goal, status: str, history: dict[str, Any], *, write: bool):
    """Set a link's status in the ledger and, with ``write``, its marker in its document."""
    fields: dict[str, Any] = {"status": status, "updated": history["at"]}
    if write and goal.kind == "checkbox" and status != goal.status:
        from journal.status_change import write_marker

        write_marker(journal, writes.ledger, goal, status, writes)
    writes.update(goal, fields, history)


def settle_lineages(
    journal: Journal, writes: LedgerWrites, changed: list[Goal], removed: list[Goal], when: str, *, write: bool
) -> None:
    """Apply the lineage rule to the links a sync just changed (``changed``: status set by the document).

    ``write`` False changes the ledger in memory only (a dry sync): no document is touched.
    """
    ledger = writes.ledger
    decided_here = {goal.id for goal in changed}
    for goal in removed:
        _reopen_previous_link(journal, writes, goal, when, write=write)
    for goal in changed:
        if goal.status == Status.REMOVED:
            continue
        came_back = bool(goal.history) and goal.history[-1].get("from") == Status.REMOVED
        if came_back:
            _relink_restored(journal, writes, goal, when, write=write)
            continue
        if goal.status not in DECISIONS:
            continue
        latest = ledger.later_live_link(goal)
        if latest is None or latest.id in decided_here or latest.status == goal.status:
            continue  # the latest link's own marker, written in the same sync, wins
        history = {"at": when, "status": goal.status, "from": latest.status, "by": "document", "on": goal.id}
        _set(journal, writes, latest, goal.status, history, write=write)


def previous_live_link(ledger: Ledger, goal: Goal) -> Goal | None:
    """The nearest earlier link of ``goal`` (following carried_from, past removed links) that is not removed."""
    return ledger.live_link(goal, "carried_from", first=True)


def _reopen_previous_link(journal: Journal, writes: LedgerWrites, goal: Goal, when: str, *, write: bool) -> None:
    """``goal``'s line was deleted: if it was the lineage's latest link, the link before it becomes the latest."""
    ledger = writes.ledger
    if ledger.later_live_link(goal) is not None:
        return  # it lives on in a later line: nothing changes for the lineage
    previous = previous_live_link(ledger, goal)
    if previous is None or ledger.later_live_link(previous) is not None:
        return
    history: dict[str, Any] = {"at": when, "from": previous.status, "by": "document", "on": goal.id}
    if previous.status == Status.CARRIED:
        history["status"] = status_before_carried(previous)
        _set(journal, writes, previous, history["status"], history, write=write)
    writes.update(previous, {"carried_to": None})


def _relink_restored(journal: Journal, writes: LedgerWrites, goal: Goal, when: str, *, write: bool) -> None:
    """A deleted line written back: it continues its earlier link again, when that link is still unsettled."""
    ledger = writes.ledger
    previous = ledger.goals.get(goal.carried_from) if goal.carried_from else None
    if previous is None or previous.status == Status.REMOVED or ledger.later_live_link(previous) is not None:
        return
    if previous.status not in (*OPEN_STATUSES, Status.CARRIED):
        return  # decided meanwhile: the restored line stands on its own
    writes.update(previous, {"carried_to": goal.id})
    if previous.status != Status.CARRIED:
        history = {"at": when, "status": Status.CARRIED.value, "from": previous.status, "by": "document"}
        _set(journal, writes, previous, Status.CARRIED.value, history, write=write)
