"""Goals left undecided in earlier periods (`goals --stale`, offered by the review) found without every goal.

``queries.stale_goals`` walks every goal. A lazy ledger (``ledger/lazy.py``) knows from its link rows
alone which goals are stale (undecided at their latest link, for a period that ended); showing them
needs their words and places, and decoding every ledger file for those is most of what a `review
--print` costs. So each ledger file's undecided goals (open, in progress, or ``[>]`` carried nowhere:
the only ones that can be stale), whole, are kept in ``.journal/undecided.marshal`` by the ledger
file's stat (size, mtime, ctime, inode, as every cache of journal). A file changed since, or not
cached, has its goals decoded from the ledger and its entry made again. Derived and safe to delete:
anything wrong with the file makes it empty, never an error; the goals are the same either way.
"""

from __future__ import annotations

import contextlib
import os
from typing import TYPE_CHECKING, Any

from journal.ledger.links import _lives_on, no_loop
from journal.ledger.model import GOAL_FIELDS, OPEN_STATUSES, Goal, Status
from journal.state_file import read_state, write_state

if TYPE_CHECKING:
    from datetime import date

    from journal.config import Journal
    from journal.ledger import Ledger
    from journal.ledger.links import LinkRow

CACHE_NAME = "undecided.marshal"
STALE_NAME = "stale.marshal"
KEEP_ANSWERS = 2  # the questions asked lately (a review of this quarter, of the last one)
VERSION = 1  # of what an entry holds: a change to it makes every entry stale (a new Goal field does too)

_OPEN = tuple(str(status) for status in OPEN_STATUSES)
_CARRIED = Status.CARRIED.value


def is_undecided(status: str, carried_to: str | None) -> bool:
    """Open, in progress, or marked ``[>]`` but carried nowhere: a goal no one decided yet."""
    return status in _OPEN or (status == _CARRIED and not carried_to)


assert GOAL_FIELDS[0] == "id"  # an entry's goals are picked by their first field


def stale_goals_from_rows(
    journal: Journal, ledger: Ledger, ended_before: date, *, fiscal: int = 1
) -> tuple[list[Goal], dict[str, str]]:
    """``queries.stale_goals(ledger, ended_before)``, the same goals in the same order, from the link rows and the
    cached undecided goals of each ledger file (a lazy ledger decodes only the files whose entry is stale); and
    the ids they are shown by (``Ledger.lineage_id``, by link id) where the rows tell them (``lineage_ids``).

    The answer is kept (``.journal/stale.marshal``) with the stat of every ledger file it was worked out from,
    and given again while none changed. A ledger already decoded whole is asked goal by goal, as
    ``queries.stale_goals`` does (and no ids are given).
    """
    if getattr(ledger.goals, "complete", True):
        from journal.queries import stale_goals

        return stale_goals(ledger, ended_before, fiscal=fiscal), {}
    steady = steady_keys(journal, ledger)
    state = tuple(steady.items()) if steady is not None and len(steady) == len(ledger.files) else None
    kept = StaleAnswers(journal)
    question = (ended_before.isoformat(), fiscal)
    answer = kept.answer(question, state) if state is not None else None
    if answer is None:
        answer = _worked_out(journal, ledger, ended_before, fiscal, steady)
        if state is not None:
            kept.keep(question, state, answer)
    return answer


def _worked_out(
    journal: Journal, ledger: Ledger, ended_before: date, fiscal: int, steady: dict[str, tuple] | None
) -> tuple[list[Goal], dict[str, str]]:
    """``stale_goals_from_rows``'s answer, from the link rows (``steady``: ``steady_keys``)."""
    from journal.stats import parsed_key

    rows = ledger.link_rows()
    by_id = {row[0]: row for row in rows}
    order: dict[str, Any] = {}  # period key -> its sort key when it ended before ``ended_before``, else None
    found = []
    for row in rows:
        status = row[1]
        if not (status in _OPEN or (status == _CARRIED and not row[4])):
            continue
        key = row[2]
        place = order.get(key, order)
        if place is order:
            period = parsed_key(key, fiscal)
            place = order[key] = period.sort_key if period is not None and period.end < ended_before else None
        if place is not None and not _lives_on(by_id, row):
            found.append((place, row[0]))
    if not found:
        return [], {}
    undecided = UndecidedGoals(journal).of(ledger, {goal_id for _place, goal_id in found}, steady or {})
    pairs = [(place, undecided.get(goal_id) or ledger.goals[goal_id]) for place, goal_id in found]
    pairs.sort(key=lambda pair: (pair[0], pair[1].source, pair[1].line))
    goals = [goal for _place, goal in pairs]
    return goals, lineage_ids(ledger, by_id, goals)


def steady_keys(journal: Journal, ledger: Ledger) -> dict[str, tuple] | None:
    """The stat key of each ledger file whose goals in memory are its goals on disk: the key the ledger read it
    at, when its stat is still that now (neither this command's sync nor anyone else wrote it since). Only those
    keys may name what is worked out from the ledger: a file saved while the ledger was being read is left out,
    and so is the answer that would have been kept for all of them. None when the folder cannot be looked at."""
    read_at = getattr(ledger, "file_keys", None) or {}
    now = ledger_state(journal, ledger)
    if now is None:
        return None
    return {name: key for name, key in now if read_at.get(name) == key}


def ledger_state(journal: Journal, ledger: Ledger) -> tuple[tuple[str, tuple[int, int, int, int]], ...] | None:
    """Each ledger file's name and stat key (``ledger.cache.stat_key``), in the ledger's order; None when one
    cannot be looked at. Equal states are equal link rows and goals: what a kept answer is checked against."""
    from journal.ledger.cache import stat_key

    try:
        # One look at the ledger folder (where every ledger file is) rather than a stat per Path made into text.
        with os.scandir(journal.ledger_dir) as found:
            entries = {entry.name: entry for entry in found}
        state = []
        for path in ledger.files.values():
            entry = entries.get(path.name)
            state.append((path.name, stat_key(entry.stat() if entry is not None else os.stat(path))))
        return tuple(state)
    except OSError:
        return None


def lineage_ids(ledger: Ledger, by_id: dict[str, LinkRow], goals: list[Goal]) -> dict[str, str]:
    """``Ledger.lineage_id`` of each of ``goals`` (by link id) that the link rows (``by_id``) alone decide, no goal
    decoded: a lineage whose links, joined as ``Ledger.lineage`` joins them, have one first link (one without an
    earlier link, and no loop). The others are left out, for the ledger to answer."""
    # The ledger's own index of links (a lazy ledger makes it from these rows, once): Ledger.lineage's joins.
    into, out_of = ledger._carried_into(), ledger._carried_from_here()  # noqa: SLF001
    found: dict[str, str] = {}
    for goal in goals:
        if goal.id in found or goal.id not in by_id:
            continue
        row = by_id[goal.id]
        if not (row[3] or row[4] or goal.id in into or goal.id in out_of):
            found[goal.id] = goal.id  # no link at all: a lineage of its own
            continue
        links = _joined(goal.id, by_id, into, out_of)
        first = _only_first(links, by_id, into)
        if first is not None:
            found.update(dict.fromkeys(links, first))
    return found


def _joined(goal_id: str, by_id: dict[str, LinkRow], into: dict, out_of: dict) -> list[str]:
    """Every link joined to ``goal_id`` by carried_from / carried_to, as ``Ledger.lineage`` gathers them."""
    seen = {goal_id: None}
    todo = [goal_id]
    while todo:
        current = todo.pop()
        row = by_id[current]
        for other in (row[3], row[4], *into.get(current, ()), *out_of.get(current, ())):
            if other and other in by_id and other not in seen:
                seen[other] = None
                todo.append(other)
    return list(seen)


def _only_first(links: list[str], by_id: dict[str, LinkRow], into: dict) -> str | None:
    """The one link of ``links`` with no earlier link, when there is one and the links make no loop, else None."""
    if len(links) == 1:
        return links[0]
    members = set(links)
    earlier = {}
    for link in links:
        before = {other for other in into.get(link, ()) if other in members}
        carried_from = by_id[link][3]
        if carried_from in members:
            before.add(carried_from)
        earlier[link] = before
    firsts = [link for link in links if not earlier[link]]
    if len(firsts) != 1:
        return None
    # No loop: taking links once all their earlier ones are taken takes every link.
    return firsts[0] if len(earlier) == len(links) and no_loop(earlier, firsts) else None


class UndecidedGoals:
    """Each ledger file's undecided goals by the file's stat; read once, saved when an entry was made anew."""

    def __init__(self, journal: Journal) -> None:
        import sys

        self.path = journal.state_dir / CACHE_NAME
        self.stamp = (VERSION, sys.version_info[:2], GOAL_FIELDS)
        self.entries: dict[str, tuple] = read_state(self.path, self.stamp, "entries")
        self.dirty = False

    def of(self, ledger: Ledger, wanted: set[str], keys: dict[str, tuple]) -> dict[str, Goal]:
        """The undecided goals of the ledger's files whose ids are ``wanted``, by id (the entries of files changed
        since made again; ``keys``: ``steady_keys``, a file without one is taken from the ledger and not kept)."""
        found: dict[str, Goal] = {}
        for period_key, path in ledger.files.items():
            for goal in self._file_goals(ledger, period_key, path, wanted, keys.get(path.name)):
                found.setdefault(goal.id, goal)
        if len(self.entries) > len(ledger.files):  # ledger files gone since: their entries go too
            names = {path.name for path in ledger.files.values()}
            self.entries = {name: entry for name, entry in self.entries.items() if name in names}
            self.dirty = True
        self.save()
        return found

    def _file_goals(
        self, ledger: Ledger, period_key: str, path: Any, wanted: set[str], key: tuple | None
    ) -> list[Goal]:
        entry = self.entries.get(path.name)
        if key is not None and entry is not None:
            with contextlib.suppress(Exception):  # an entry of the wrong shape is made again
                if entry[0] == key:
                    return [Goal(*fields) for fields in entry[1] if fields[0] in wanted]  # GOAL_FIELDS[0]: id
        goals = [
            goal for goal in ledger.goals_in([period_key])[period_key] if is_undecided(goal.status, goal.carried_to)
        ]
        if key is not None:
            self.entries[path.name] = (key, tuple(tuple(getattr(goal, f) for f in GOAL_FIELDS) for goal in goals))
            self.dirty = True
        return goals

    def save(self) -> None:
        """Write the cache when an entry was made anew (quietly not, where .journal/ cannot be written)."""
        if self.dirty:
            write_state(self.path, self.stamp, "entries", self.entries)
        self.dirty = False


class StaleAnswers:
    """The last answers of ``stale_goals_from_rows`` (``.journal/stale.marshal``), each with the ledger state it
    was worked out from: the goals whole, in order, and their shown ids."""

    def __init__(self, journal: Journal) -> None:
        import sys

        self.path = journal.state_dir / STALE_NAME
        self.stamp = (VERSION, sys.version_info[:2], GOAL_FIELDS)
        self.answers: list = read_state(self.path, self.stamp, "answers", list)

    def answer(self, question: tuple, state: tuple) -> tuple[list[Goal], dict[str, str]] | None:
        """The kept answer to ``question`` (the day periods must have ended before, fiscal start) when the
        ledger is in ``state``; None when none is kept for it (or what is kept is not of the right shape)."""
        for kept in self.answers:
            try:
                if kept[0] == question and kept[1] == state:
                    goals = [Goal(*fields) for fields in kept[2]]
                    shown = kept[3]
                    if isinstance(shown, dict) and all(type(k) is str and type(v) is str for k, v in shown.items()):
                        return goals, shown
            except Exception:  # noqa: BLE001 - an answer of the wrong shape is no answer
                continue
        return None

    def keep(self, question: tuple, state: tuple, answer: tuple[list[Goal], dict[str, str]]) -> None:
        """Keep ``answer`` for ``question`` in ``state`` (the answers to other questions kept too, the last few)."""
        goals, shown = answer
        fields = tuple(tuple(getattr(goal, f) for f in GOAL_FIELDS) for goal in goals)
        others = [kept for kept in self.answers if not (isinstance(kept, tuple) and kept[:1] == (question,))]
        self.answers = [(question, state, fields, dict(shown)), *others][:KEEP_ANSWERS]
        write_state(self.path, self.stamp, "answers", self.answers)
