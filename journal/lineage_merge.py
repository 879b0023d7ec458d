"""Decisions a merge brought onto an old link: the lineage rule applied across two devices' changes.

Laptop A carries a goal into Q2 (its Q1 line becomes ``[>]``, linked to a new Q2 line) while laptop B
marks the Q1 line done, or in progress. The merged ledger then holds, on the Q1 link, a decision next
to the carry (the ledger merge keeps the decision's status over "carried"), and the Q2 link knows
nothing of it. The merged history is the evidence: a link that has a later live link, whose own status
is a decision made by a command (not a ``[ ]`` or ``[/]`` typed on an older line, which is no decision),
passes that decision's status on to the lineage's latest link (the decision stays in the history once,
on the link it was made on), unless a later link was decided at that time or later. An old link
left in progress or open by such a decision is marked carried again, as it would have been had the
decision come after the carry. A done or dropped old line keeps its marker: done on any link is done.

Sync collects them (``old_link_decisions``) before it reads the documents it reads again, and applies
them (``apply_old_link_decisions``) after (a merge leaves out the hash
of every document both sides changed, so those are read again).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from journal.ledger.model import OPEN_STATUSES, Goal, Ledger, Status

if TYPE_CHECKING:
    from journal.config import Journal
    from journal.ledger import LedgerWrites
    from journal.sync import SyncReport

_NOT_DECISIONS = (Status.CARRIED.value, Status.REMOVED.value)


def settle_synced(
    journal: Journal, writes: LedgerWrites, report: SyncReport, merged: list[tuple[Goal, dict[str, Any]]], when: str,
    *, write: bool,
) -> None:  # fmt: skip
    """The lineage rule after a sync: for the statuses it changed, then for decisions a merge left on old links."""
    decided = [goal for goal, what in report.changed if "status" in what.split(", ")]
    if decided or report.removed:
        from journal.lineage import settle_lineages

        settle_lineages(journal, writes, decided, report.removed, when, write=write)
    if merged:
        apply_old_link_decisions(journal, writes, merged, write=write)


def old_link_decisions(ledger: Ledger, documents: list[str]) -> list[tuple[Goal, dict[str, Any]]]:
    """The links of these documents' goals that hold a decision the lineage's latest link may not have:
    (the link, the history entry of that decision). Read before sync reads the documents again, since a
    line still marked ``[/]`` on an older link then reads as carried."""
    found: list[tuple[Goal, dict[str, Any]]] = []
    for name in documents:
        for goal in ledger.goals_of(name):
            if goal.status in _NOT_DECISIONS or not goal.carried_to:
                continue
            decision = _decision(goal)
            if decision is None or "on" in decision:
                continue
            if decision.get("by") == "document" and goal.status in OPEN_STATUSES:
                continue  # "[ ]" or "[/]" typed on an older line: not a decision (the lineage rule)
            found.append((goal, dict(decision)))
    return found


def apply_old_link_decisions(
    journal: Journal, writes: LedgerWrites, decisions: list[tuple[Goal, dict[str, Any]]], *, write: bool
) -> None:
    """Pass each decision ``old_link_decisions`` found on to its lineage's latest link, once."""
    for link, decision in decisions:
        _apply(journal, writes, link, decision, write=write)


def _decision(link: Goal) -> dict[str, Any] | None:
    """The history entry that gave the link its status: a change (it has ``from``) to that status."""
    for entry in reversed(link.history):
        if entry.get("status") == link.status and "from" in entry:
            return entry
    return None


def _apply(journal: Journal, writes: LedgerWrites, link: Goal, decision: dict[str, Any], *, write: bool) -> None:
    from journal.lineage import _set

    ledger = writes.ledger
    latest = ledger.later_live_link(link)
    if latest is None:
        return
    at, status = str(decision.get("at", "")), str(decision["status"])
    later = [other for other in ledger.lineage(link) if other is not link and _comes_after(ledger, link, other)]
    decided_later = any(
        "from" in entry and entry.get("status") not in _NOT_DECISIONS and str(entry.get("at", "")) >= at
        for other in later for entry in other.history
    )  # fmt: skip
    if not decided_later and latest.status != status:
        # The status only: the decision is in the history once, on the link it was made on.
        if write and latest.kind == "checkbox":
            from journal.status_change import write_marker

            write_marker(journal, ledger, latest, status, writes)
        writes.update(latest, {"status": status, "updated": at})
    if link.status in OPEN_STATUSES:
        history = {"at": at, "status": Status.CARRIED.value, "from": link.status, "by": "merge"}
        _set(journal, writes, link, Status.CARRIED.value, history, write=write)


def _comes_after(ledger: Any, link: Goal, other: Goal) -> bool:
    """Whether ``other`` is reached from ``link`` by following carried_to."""
    seen = {link.id}
    current = link
    while current.carried_to and current.carried_to in ledger.goals and current.carried_to not in seen:
        current = ledger.goals[current.carried_to]
        if current is other:
            return True
        seen.add(current.id)
    return False
