"""A goal's links as a small row, and what can be answered from the rows alone, without whole goals.

The cache keeps each ledger file's rows next to its marshalled goals
(``ledger/cache.py``), so a writing command answers "which goals carry into
this one" (the lineage index) and "which goals are open at their latest link,
carried how often" (the status summary) without decoding every ledger file.
The answers are the same as the Ledger's own (``Ledger.lineage``,
``Ledger.lives_on``, ``Ledger.times_carried``); tests compare the two.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from journal.ledger.model import Goal

# id, status, the period it is for, carried_from, carried_to: plain strings, so marshal can keep them.
LinkRow = tuple[str, str, str, "str | None", "str | None"]

_OPEN = OPEN_ROW_STATUSES = ("open", "in_progress")
_REMOVED = "removed"


def link_row(goal: Goal) -> LinkRow:
    """The goal's link row."""
    return (goal.id, str(goal.status), goal.for_period, goal.carried_from, goal.carried_to)


def encode_rows(rows: tuple[LinkRow, ...]) -> str | tuple[LinkRow, ...]:
    """A file's rows as the cache keeps them: one string, which marshal loads far faster than as many tuples:
    the ids a line each, a NUL, then the other fields of each row a line, split by tabs (None as an empty
    field). The rows as they are when a field could not be told apart that way (a tab, a line feed, a NUL
    or an empty string in it: a hand-made ledger file)."""
    fields = [field for row in rows for field in row if field is not None]
    if any(not isinstance(field, str) or not field or "\t" in field or "\n" in field or "\0" in field
           for field in fields):  # fmt: skip
        return rows
    ids = "\n".join(row[0] for row in rows)
    return ids + "\0" + "\n".join("\t".join(field or "" for field in row[1:]) for row in rows)


def decode_rows(data: str | tuple[LinkRow, ...]) -> tuple[LinkRow, ...]:
    """The rows ``encode_rows`` kept."""
    if not isinstance(data, str):
        return data
    ids, _nul, links = data.partition("\0")
    if not ids:
        return ()
    return tuple(
        (goal_id, status, period, carried_from or None, carried_to or None)
        for goal_id, (status, period, carried_from, carried_to) in zip(
            ids.split("\n"), (line.split("\t") for line in links.split("\n")), strict=True
        )
    )


def row_ids(data: str | tuple[LinkRow, ...]) -> list[str]:
    """The goal ids of the rows ``encode_rows`` kept, in order (without decoding the rest)."""
    if not isinstance(data, str):
        return [row[0] for row in data]
    ids = data.partition("\0")[0]
    return ids.split("\n") if ids else []


def well_formed(data: object) -> bool:
    """Whether ``data`` is rows as ``encode_rows`` keeps them (a cache entry of another shape is a miss)."""
    if isinstance(data, str):
        nul = data.find("\0")  # counted in place: no copy of either half (every command checks 1,890 of these)
        if nul <= 0:
            return nul == 0 and len(data) == 1
        lines = data.count("\n", 0, nul) + 1
        return data.count("\n", nul) + 1 == lines and data.count("\t", nul) == 3 * lines
    return isinstance(data, tuple) and all(type(row) is tuple and len(row) == 5 for row in data)


def link_index(rows: Iterable[LinkRow]) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """(goal id -> ids whose carried_to names it, goal id -> ids whose carried_from names it), in row order."""
    into: dict[str, list[str]] = {}
    out_of: dict[str, list[str]] = {}
    for goal_id, _status, _period, carried_from, carried_to in rows:
        if carried_to:
            into.setdefault(carried_to, []).append(goal_id)
        if carried_from:
            out_of.setdefault(carried_from, []).append(goal_id)
    return into, out_of


def _lineage_roots(by_id: dict[str, LinkRow]) -> dict[str, str]:
    """Each goal id that has a link -> one id standing for its lineage (the goals joined by carried_from /
    carried_to). A goal with no link is a lineage of its own and is left out."""
    parent: dict[str, str] = {}

    def root(goal_id: str) -> str:
        while (up := parent.setdefault(goal_id, goal_id)) != goal_id:
            parent[goal_id] = parent.setdefault(up, up)
            goal_id = up
        return goal_id

    for goal_id, _status, _period, carried_from, carried_to in by_id.values():
        for other in (carried_from, carried_to):
            if other and other in by_id:
                a, b = root(goal_id), root(other)
                if a != b:
                    parent[a] = b
    return {goal_id: root(goal_id) for goal_id in parent}


def _lives_on(by_id: dict[str, LinkRow], row: LinkRow) -> bool:
    """Whether a later link (following carried_to, past removed links, stopping at a loop) is not removed."""
    seen = {row[0]}
    step = row[4]
    while step and step in by_id and step not in seen:
        row = by_id[step]
        seen.add(step)
        if row[1] != _REMOVED:
            return True
        step = row[4]
    return False


def row_lives_on(by_id: dict[str, LinkRow], goal_id: str) -> bool:
    """``Ledger.lives_on`` from the link rows (``by_id``: every row by its goal id): whether a later link of
    goal ``goal_id`` is not removed."""
    return _lives_on(by_id, by_id[goal_id])


def open_goal_facts_from_rows(rows: Iterable[LinkRow]) -> list[tuple[str, int]]:
    """(the period it is for, times carried) of every open goal, each once, at its latest link.

    The same as asking the Ledger goal by goal (``lives_on``, ``times_carried``), in one pass.
    """
    by_id = {row[0]: row for row in rows}
    roots = _lineage_roots(by_id)
    periods: dict[str, set[str]] = {}
    for goal_id, root in roots.items():
        row = by_id[goal_id]
        if row[1] != _REMOVED:
            periods.setdefault(root, set()).add(row[2])
    found = []
    for row in by_id.values():
        if row[1] in _OPEN:
            root = roots.get(row[0])
            if root is None:  # no link: its own lineage, never carried
                found.append((row[2], 0))
            elif not _lives_on(by_id, row):
                found.append((row[2], len(periods.get(root) or {0}) - 1))
    return found


def no_loop(earlier: dict[str, set[str]], firsts: list[str]) -> bool:
    """Whether taking away links with nothing (left) before them, from ``firsts`` on, takes every link away."""
    waiting = {link: len(before) for link, before in earlier.items()}
    later: dict[str, list[str]] = {}
    for link, before in earlier.items():
        for other in before:
            later.setdefault(other, []).append(link)
    ready, taken = list(firsts), 0
    while ready:
        link = ready.pop()
        taken += 1
        for other in later.get(link, ()):
            waiting[other] -= 1
            if not waiting[other]:
                ready.append(other)
    return taken == len(earlier)
