"""Counting goals per period: what `review` summarises and `stats` charts."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

from journal.ledger import OPEN_STATUSES, Goal, Ledger, Status
from journal.periods import PERIOD_KINDS, Period, PeriodError, from_key

if TYPE_CHECKING:
    from journal.tracking import Reporter


@dataclass(frozen=True)
class PeriodStats:
    """The goals for one period, each goal counted once (at its link for that period)."""

    period: str
    label: str
    set: int
    done: int
    in_progress: int
    open: int
    dropped: int
    carried_out: int
    carried_in: int
    measurable: int = 0  # goals whose words state a target (journal.targets)
    targets_met: int = 0  # of those, met (measured so, or done)

    @property
    def rate(self) -> float | None:
        """Done / set, or None for a period with no goals."""
        return self.done / self.set if self.set else None

    def as_dict(self) -> dict:
        """JSON-ready, with the rate."""
        return {**asdict(self), "rate": self.rate}


def goals_for(ledger: Ledger, key: str, within: Period | None = None) -> list[Goal]:
    """The goals for period ``key``, each once: a link carried into another line for the same period is skipped.

    With ``within`` (the period of ``key``), the goals of the shorter periods inside it roll up
    into it (a quarter's months, weeks and days), as ``goals --period`` lists them: a task carried
    from day to day, or week to week, inside the period counts once, at its latest link there.
    """
    inside = _Inside(within) if within is not None and within.kind != "day" else None
    # Where each period a goal is for stands, looked up once per period rather than once per goal (this
    # runs over every goal, several times a review): 1 the period itself, 2 a shorter one inside it, 0 neither.
    where: dict[str, int] = {key: 1}
    removed = Status.REMOVED.value
    chosen = []
    for goal in _candidates(ledger, key, inside):
        for_period = goal.target or goal.document_period  # Goal.for_period, without the property's call
        place = where.get(for_period)
        if place is None:
            place = where[for_period] = 2 if inside is not None and inside(for_period) else 0
        if not place or goal.status == removed:
            continue
        if place == 1:
            if not ledger.lives_on(goal, for_period=key):
                chosen.append(goal)
        else:
            later = ledger.goals.get(goal.carried_to) if goal.carried_to else None
            if not (ledger.lives_on(goal) and later is not None and inside(later.for_period)):  # type: ignore[misc]
                chosen.append(goal)
    return chosen


def _candidates(ledger: Ledger, key: str, inside: _Inside | None) -> Iterable[Goal]:
    """The goals that may be for period ``key`` (or one ``inside`` it), in the ledger's order: every goal, or,
    from a lazy ledger (``ledger/lazy.py``) not yet decoded whole, those whose link row says so (only their
    ledger files decoded)."""
    if getattr(ledger.goals, "complete", True):
        return ledger.goals.values()
    wanted = {key: True}
    removed = Status.REMOVED.value
    ids = []
    for goal_id, status, for_period, _carried_from, _carried_to in ledger.link_rows():
        found = wanted.get(for_period)
        if found is None:
            found = wanted[for_period] = inside is not None and inside(for_period)
        if found and status != removed:
            ids.append(goal_id)
    return [ledger.goals[goal_id] for goal_id in ids]


class _Inside:
    """Whether a period key names a shorter period inside ``period`` (each key parsed once)."""

    def __init__(self, period: Period) -> None:
        self.period = period
        self.rank = PERIOD_KINDS.index(period.kind)
        # A period inside names a year the period spans (a week its ISO year, which is its Thursday's).
        self.years = tuple(str(year) for year in range(period.start.year, period.end.year + 1))
        self.known: dict[str, bool] = {}

    def __call__(self, key: str) -> bool:
        found = self.known.get(key)
        if found is None:
            found = False
            if key.startswith(self.years):
                other = _parsed(key, self.period.fiscal_year_start)
                found = other is not None and PERIOD_KINDS.index(other.kind) > self.rank and self.period.contains(other)
            self.known[key] = found
        return found


def parsed_key(key: str, fiscal_year_start: int = 1) -> Period | None:
    """The period of a canonical key, None for one that is not (asked once per key and process)."""
    return _parsed(key, fiscal_year_start)


@functools.lru_cache(maxsize=8192)
def _parsed(key: str, fiscal_year_start: int) -> Period | None:
    try:
        return from_key(key, fiscal_year_start)
    except PeriodError:
        return None


def period_stats(
    ledger: Ledger, period: Period, *, reported: Reporter | None = None, goals: list[Goal] | None = None
) -> PeriodStats:
    """Counts of ``period``'s goals (``reported``: the values a followed metric gives measurable goals;
    ``goals``: ``goals_for(ledger, period.key, period)`` when the caller has it already)."""
    if goals is None:
        goals = goals_for(ledger, period.key, period)
    inside = _Inside(period)
    carried_in = 0
    for goal in goals:
        earlier = ledger.goals.get(goal.carried_from) if goal.carried_from else None
        if earlier is not None and earlier.for_period != period.key and not inside(earlier.for_period):
            carried_in += 1
    # A goal that lives on in a later period is carried here, whatever its old line says.
    status = {g.id: Status.CARRIED.value if ledger.lives_on(g) else g.status for g in goals}
    measurable, met = 0, 0
    if any(goal.direction for goal in goals):
        from journal.tracking import targets_met

        measurable, met = targets_met(ledger, goals, period.fiscal_year_start, reported=reported)
    return PeriodStats(
        period=period.key,
        label=period.label,
        set=len(goals),
        done=sum(s == "done" for s in status.values()),
        in_progress=sum(s == "in_progress" for s in status.values()),
        open=sum(s == "open" for s in status.values()),
        dropped=sum(s == "dropped" for s in status.values()),
        carried_out=sum(s == "carried" for s in status.values()),
        carried_in=carried_in,
        measurable=measurable,
        targets_met=met,
    )


def periods_with_goals(ledger: Ledger, fiscal_year_start: int = 1) -> list[Period]:
    """Every period some goal is for, in time order."""
    found = {}
    for goal in ledger.goals.values():
        key = goal.for_period
        if key not in found and goal.status != "removed":
            try:
                found[key] = from_key(key, fiscal_year_start)
            except PeriodError:
                continue
    return sorted(found.values(), key=lambda p: p.sort_key)


def longest_open(ledger: Ledger, limit: int = 5) -> list[tuple[Goal, int]]:
    """The open goals carried the most times (then the oldest), at their latest link, with their age."""
    live = []
    for goal in ledger.goals.values():
        if goal.status not in OPEN_STATUSES or ledger.lives_on(goal):
            continue
        live.append((goal, ledger.times_carried(goal), ledger.lineage(goal)[0].created))
    live.sort(key=lambda row: (-row[1], row[2]))
    return [(goal, carried) for goal, carried, _created in live[:limit]]
