"""Linking new goals to the earlier goals they continue (same words, an earlier document, its period or the
one before): the carry links ``sync`` makes between periods and between documents of one period."""

from __future__ import annotations

import functools
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from journal.ledger import OPEN_STATUSES, Goal, Ledger, Status, now

if TYPE_CHECKING:
    from journal.ledger import LedgerWrites
    from journal.periods import Period


def link_carried_goals(writes: LedgerWrites, added: list[Goal], by: str = "sync") -> list[tuple[Goal, Goal]]:
    """Link each new goal to the live goal it continues: same text, written earlier, for its period or the one before.

    The earlier goal gets ``carried_to``, the new one ``carried_from``, so the
    goal is one thing across periods. Returns the (old, new) pairs linked.
    """
    from journal.attributes import identity_words  # not at the top: a bare sync must not compile its patterns
    from journal.periods import PeriodError

    wanted = {identity_words(goal.text) for goal in added}
    by_text: dict[str, list[Goal]] = defaultdict(list)
    for goal in _goals_that_may_match(writes.ledger, wanted):
        if not goal.carried_to and goal.status != "removed":
            words = identity_words(goal.text)  # once a goal: `new` looks at hundreds
            if words in wanted:
                by_text[words].append(goal)
    linked = []
    order = {goal.id: position for position, goal in enumerate(sorted(added, key=_document_order))}
    for new in sorted(added, key=_document_order):
        candidates = by_text.get(identity_words(new.text))
        if not candidates or new.carried_from:
            continue
        try:
            fits = [old for old in candidates if _continues(old, new, order)]
        except PeriodError:
            continue
        if not fits:
            continue
        # An earlier period's goal continues only while unsettled; in the same period the words are one goal anyway.
        live = [
            old
            for old in fits
            if old.status in (*OPEN_STATUSES, Status.CARRIED) or old.document_period == new.document_period
        ]
        if not live:
            continue
        live.sort(key=lambda g: (g.target != new.document_period, g.source, g.line))
        writes.update(new, continuation_fields(writes.ledger, live[0], new, writes.journal.settings.fiscal_year_start))
        # Several earlier goals with the same words (a personal and a team list) all continue in this line.
        when = now().isoformat()
        for old in live:
            candidates.remove(old)
            fields: dict[str, Any] = {"carried_to": new.id}
            history = None
            if old.status in OPEN_STATUSES:
                # It lives on in the new line: carried, in the ledger (its own line keeps its marker).
                fields.update(status="carried", updated=when)
                history = {"at": when, "status": "carried", "from": old.status, "by": by}
            writes.update(old, fields, history)
            linked.append((old, new))
    return linked


def identities(goals: list[Goal]) -> str | None:
    """What a ledger file's cache entry keeps for linking: each goal's ``identity_words`` a line, in order (an
    empty line for a goal that cannot be continued: carried on already, or removed); None when some words
    hold a line feed (then the file's goals are looked at themselves)."""
    from journal.attributes import identity_words

    words = [identity_words(g.text) if not g.carried_to and g.status != "removed" else "" for g in goals]
    return None if any("\n" in w for w in words) else "\n".join(words)


def _goals_that_may_match(ledger: Ledger, wanted: set[str]) -> list[Goal]:
    """The ledger's goals, in its order, less those of ledger files whose cached words (``identities``) hold
    none of ``wanted``: those files are not decoded (a lazy ledger). Every goal that matches is among them."""
    from journal.ledger.lazy import LazyLedger

    goals = ledger.goals
    if not isinstance(ledger, LazyLedger) or goals.complete or "" in wanted:
        return list(goals.values())
    lines = ["\n" + words + "\n" for words in wanted] if len(wanted) <= _SEARCHED_LINES else None
    found: list[Goal] = []
    for period_key in goals._order:
        kept = ledger.identities.get(period_key)
        if period_key in goals._loaded or kept is None or _may_hold(kept, wanted, lines):
            found.extend(dict.get(goals, goal.id, goal) for goal in goals.load(period_key))
    found.extend(dict.__getitem__(goals, goal_id) for goal_id in goals._added)
    return found


# Up to this many wanted words are looked for in a file's words one by one; more (`new` links hundreds at once)
# are matched against the file's words split into lines, one split per file rather than one search per word.
_SEARCHED_LINES = 4


def _may_hold(kept: str, wanted: set[str], lines: list[str] | None) -> bool:
    """Whether a ledger file's cached words (``identities``: one a line) hold any of ``wanted`` (``lines``:
    each of them between line feeds, when few)."""
    if lines is None:
        return not wanted.isdisjoint(kept.split("\n"))
    framed = f"\n{kept}\n"
    return any(line in framed for line in lines)


@functools.lru_cache(maxsize=4096)
def _period(key: str) -> Period:
    """``from_key(key)``, each key parsed once (a key that is none raises each time, as from_key does)."""
    from journal.periods import from_key

    return from_key(key)


def _document_order(goal: Goal) -> tuple:
    return (_period(goal.document_period).sort_key, goal.source, goal.line)


def _continues(old: Goal, new: Goal, order: dict[str, int]) -> bool:
    """Whether ``new`` continues ``old`` (same words): ``old`` written earlier, for ``new``'s period or the one before.

    The same words in another document of the same period (a personal and a
    team list) are one goal too: the one found later continues the other.
    """
    if old.id == new.id or old.source == new.source:
        return False
    new_period = _period(new.document_period)
    if old.for_period not in (new.document_period, new_period.previous().key):
        return False
    old_key = _period(old.document_period).sort_key
    if old_key < new_period.sort_key:
        return True
    if old.document_period != new.document_period or old.for_period != new.for_period:
        return False
    return old.id not in order or order[old.id] < order[new.id]


def dating_period(ledger: Ledger, goal: Goal) -> str:
    """The period a goal's words were first written for (its lineage's first link's): a month or quarter
    named without a year ("by the end of March") is dated from it, so carrying the words into a later
    quarter does not move the goal's due date a year on."""
    seen = {goal.id}
    while goal.carried_from and goal.carried_from in ledger.goals and goal.carried_from not in seen:
        goal = ledger.goals[goal.carried_from]
        seen.add(goal.id)
    return goal.for_period


def continuation_fields(ledger: Ledger, old: Goal, new: Goal, fiscal_year_start: int) -> dict[str, Any]:
    """The fields that make ``new`` continue ``old``: ``carried_from``, and its due date read again from
    its words as dated from the period they were first written for (``dating_period``)."""
    from journal.attributes import read_attributes

    fields: dict[str, Any] = {"carried_from": old.id}
    if new.due is not None:
        due = read_attributes(new.text, dating_period(ledger, old), fiscal_year_start).due
        if due != new.due:
            fields["due"] = due
    return fields
