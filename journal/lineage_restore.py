"""Carry links put back when a ledger file deleted by hand is rebuilt from its document.

A goal's link to the period it was carried into is kept twice: the earlier
link's ``carried_to`` and the later link's ``carried_from``. A ledger file
deleted by hand takes its half with it; the next sync reads the document again
and adds its goals back, each line under the id it had while its words are
unchanged (an id is made from the document and the words). The other half,
in the ledger files that are left, still names those ids: this puts the
deleted half back from it, so a goal carried out of Q1 is carried again
rather than open in Q1 and in Q2 at once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from journal.ledger.model import OPEN_STATUSES, Goal, Ledger, Status

if TYPE_CHECKING:
    from journal.ledger import LedgerWrites

# Up to this many new ids are looked for in the cached link rows one by one; more are checked in one pass.
_ONE_BY_ONE = 4


def restore_links(writes: LedgerWrites, added: list[Goal], when: str, by: str = "sync") -> None:
    """Give the goals just ``added`` the links the ledger's other goals still name them in: ``carried_to`` from
    a later link's ``carried_from``, ``carried_from`` from an earlier link's ``carried_to``.

    A goal that lives on in its later link is ``carried`` again (its line keeps its marker, as on any
    older line); a later link removed since gives no link back (the goal lives in this line again).
    """
    ledger = writes.ledger
    named = _named_ids(ledger, {goal.id for goal in added})
    if not named:
        return
    from journal.ledger.links import link_index

    into, out_of = link_index(ledger.link_rows())
    fiscal = writes.journal.settings.fiscal_year_start
    for goal in added:
        if goal.id not in named:
            continue
        earlier = _linked(ledger, goal, into.get(goal.id, ()), fiscal, lambda link: link.status != Status.REMOVED)
        if earlier is not None and not goal.carried_from:
            from journal.carry_links import continuation_fields

            writes.update(goal, continuation_fields(ledger, earlier, goal, fiscal))
        later = _linked(ledger, goal, out_of.get(goal.id, ()), fiscal, lambda link: _alive(ledger, link))
        if later is not None and not goal.carried_to and _alive(ledger, later):
            _carry_to(writes, goal, later, when, by)


def _carry_to(writes: LedgerWrites, goal: Goal, later: Goal, when: str, by: str) -> None:
    fields: dict[str, Any] = {"carried_to": later.id}
    history = None
    if goal.status in OPEN_STATUSES:
        fields.update(status=Status.CARRIED.value, updated=when)
        history = {"at": when, "status": Status.CARRIED.value, "from": str(goal.status), "by": by}
    writes.update(goal, fields, history)


def _linked(ledger: Ledger, goal: Goal, ids: Any, fiscal: int, live: Callable[[Goal], bool]) -> Goal | None:
    """The goal of ``ids`` (those naming ``goal`` in a link field) to link ``goal`` with: another goal of
    the ledger, a ``live`` one first (a copy removed since may name it too), then the one of the latest
    period, then the greatest id (whatever order the ledger's files were read in)."""
    found = [ledger.goals[other_id] for other_id in ids if other_id != goal.id and other_id in ledger.goals]
    if len(found) <= 1:
        return found[0] if found else None
    return max(found, key=lambda link: (live(link), _period_order(link, fiscal), link.id))


def _period_order(link: Goal, fiscal: int) -> tuple[Any, ...]:
    """The chronological order of the link's period (a key that is no period first)."""
    from journal.errors import PeriodError
    from journal.periods import from_key

    try:
        return (1, from_key(link.for_period, fiscal).sort_key)
    except PeriodError:
        return (0,)


def _alive(ledger: Ledger, later: Goal) -> bool:
    """Whether ``later`` or a link after it is not removed (a removed latest link gives the goal back)."""
    return later.status != Status.REMOVED or ledger.later_live_link(later) is not None


def _named_ids(ledger: Ledger, ids: set[str]) -> set[str]:
    """Those of ``ids`` that some goal's carried_from or carried_to may name (a lazy ledger's files not
    decoded: if their cached rows hold the id at all)."""
    from journal.ledger.lazy import LazyLedger

    if not ids:
        return set()
    if isinstance(ledger, LazyLedger) and not ledger.goals.complete:
        if len(ids) <= _ONE_BY_ONE:
            return {goal_id for goal_id in ids if ledger.names_anywhere(goal_id)}
        links = [(row[3], row[4]) for row in ledger.link_rows()]  # (carried_from, carried_to)
    else:
        links = [(goal.carried_from, goal.carried_to) for goal in ledger.goals.values()]
    return ids & {name for pair in links for name in pair if name}
