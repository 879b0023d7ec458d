"""Choosing goals by the attributes read from their lines: owner, tag, due date (`goals --owner/--tag/...`).

Pure: goals and values in, goals out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from journal.attributes import owner_names
from journal.ledger.model import OPEN_STATUSES

if TYPE_CHECKING:
    from journal.ledger import Goal, Ledger


@dataclass(frozen=True)
class AttributeFilter:
    """What `goals` asks of a goal's attributes; None asks nothing.

    ``due_before``: due strictly before this day; ``overdue_on``: due before
    this day (today) and still open.
    """

    owner: str | None = None
    tag: str | None = None
    due_before: date | None = None
    overdue_on: date | None = None

    @property
    def asks_due(self) -> bool:
        """Whether the due date is asked about (a listing then shows it)."""
        return self.due_before is not None or self.overdue_on is not None


def goal_owner(goal: Goal, ledger: Ledger | None = None) -> str | None:
    """Who owns the goal: the owner its line names, else (with ``ledger``) the one the latest of its other
    lines names (a goal written in a personal list and, with ``@dana``, in the team's is Dana's)."""
    if goal.owner or ledger is None or not (goal.carried_from or goal.carried_to):
        return goal.owner
    return next((link.owner for link in reversed(ledger.lineage(goal)) if link.owner), None)


def owned_by(goal: Goal, owner: str, ledger: Ledger | None = None) -> bool:
    """Whether ``owner`` (any case, ``@`` allowed) is one of the goal's owners, or the first word of one."""
    wanted = owner.strip().lstrip("@").casefold()
    for name in owner_names(goal_owner(goal, ledger)):
        name = name.casefold()
        if wanted in (name, name.split()[0]):
            return True
    return False


def tagged(goal: Goal, tag: str) -> bool:
    """Whether the goal has ``tag`` (any case, ``#`` allowed) or a tag nested under it (``infra/db`` for ``infra``)."""
    wanted = tag.strip().lstrip("#").casefold().rstrip("/")
    return any(t.casefold() == wanted or t.casefold().startswith(wanted + "/") for t in goal.tags)


def due_date(goal: Goal) -> date | None:
    """The goal's due date, None when it has none (or the ledger holds one that is not a date)."""
    try:
        return date.fromisoformat(goal.due) if goal.due else None
    except ValueError:
        return None


def is_overdue(goal: Goal, today: date) -> bool:
    """Due before ``today`` and still open or in progress."""
    due = due_date(goal)
    return due is not None and due < today and goal.status in OPEN_STATUSES


def filter_goals(goals: Sequence[Goal], wanted: AttributeFilter, ledger: Ledger | None = None) -> list[Goal]:
    """The goals that have every attribute ``wanted`` asks for, in their order (owners as ``goal_owner``)."""
    chosen = []
    for goal in goals:
        if wanted.owner is not None and not owned_by(goal, wanted.owner, ledger):
            continue
        if wanted.tag is not None and not tagged(goal, wanted.tag):
            continue
        due = due_date(goal)
        if wanted.due_before is not None and (due is None or due >= wanted.due_before):
            continue
        if wanted.overdue_on is not None and not is_overdue(goal, wanted.overdue_on):
            continue
        chosen.append(goal)
    return chosen
