"""Questions asked of a synced ledger: which goals a listing shows, what each document holds, which periods to chart.

Pure: a ledger (and the journal's settings) in, values out. No printing, no writing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from journal.ledger.model import OPEN_STATUSES, STATUSES, Status

if TYPE_CHECKING:
    from datetime import date

    from journal.config import Journal
    from journal.ledger import Goal, Ledger
    from journal.periods import Period

STATUS_FILTERS: dict[str, tuple[str, ...]] = {
    "open": OPEN_STATUSES,
    "done": (Status.DONE,),
    "dropped": (Status.DROPPED,),
    "all": STATUSES,
}


def chosen_statuses(*, show_open: bool, show_done: bool, show_dropped: bool, show_all: bool) -> tuple[str, ...]:
    """The statuses the filter flags of `goals` ask for; with none, the open ones. Flags combine."""
    if show_all:
        return STATUS_FILTERS["all"]
    chosen = [name for name, flag in (("open", show_open), ("done", show_done), ("dropped", show_dropped)) if flag]
    return tuple(status for name in chosen or ["open"] for status in STATUS_FILTERS[name])


def select_goals(
    ledger: Ledger,
    statuses: tuple[str, ...],
    within: Any,
    section: str | None,
    *,
    fiscal: int = 1,
    latest_only: bool = True,
) -> list[Goal]:
    """Goals with one of ``statuses``, for a period inside ``within``, under a matching section; in period order."""
    from journal.periods import PeriodError, from_key

    periods: dict[str, Any] = {}

    def period_of(key: str):
        if key not in periods:
            try:
                periods[key] = from_key(key, fiscal)
            except PeriodError:
                periods[key] = None
        return periods[key]

    needle = section.casefold() if section else None
    chosen = []
    for goal in ledger.goals.values():
        if goal.status not in statuses:
            continue
        if latest_only and ledger.lives_on(goal):
            continue  # one goal across periods: shown at its latest link
        if needle is not None and needle not in goal.section.casefold():
            continue
        key = goal.for_period
        if within is not None:
            target = period_of(key)
            if target is None or not within.contains(target):
                continue
        chosen.append(goal)

    def order(goal: Goal) -> tuple:
        target = period_of(goal.for_period)
        return (target.sort_key if target else (), goal.source, goal.line)

    chosen.sort(key=order)
    return chosen


def carry_ages(ledger: Ledger, goals: list[Goal]) -> dict[str, int]:
    """How many times each carried goal of ``goals`` has been carried, by id (goals never carried are left out)."""
    return {goal.id: ledger.times_carried(goal) for goal in goals if goal.carried_from}


def _count_goal(row: dict[str, Any], goal: Goal, ledger: Ledger) -> None:
    row["period"] = goal.document_period
    row["goals"] += 1
    if goal.status == Status.CARRIED or ledger.lives_on(goal):
        row["carried"] += 1  # it lives on in a later document
    else:
        row["done"] += goal.status == Status.DONE
        row["open"] += goal.status in OPEN_STATUSES
        row["dropped"] += goal.status == Status.DROPPED


def document_rows(journal: Journal, ledger: Ledger) -> list[dict[str, Any]]:
    """One row per document, in period order: its period, its goal counts and completion rate."""
    from journal.periods import PeriodError, from_key
    from journal.sync import document_period, scan_documents

    rows: dict[str, dict[str, Any]] = {
        name: {
            "document": name,
            "period": None,
            "goals": 0,
            "done": 0,
            "open": 0,
            "dropped": 0,
            "carried": 0,
            "rate": None,
        }
        for name in scan_documents(journal)
    }
    for goal in ledger.goals.values():
        row = rows.get(goal.source)
        if row is not None and goal.status != "removed":
            _count_goal(row, goal, ledger)
    for row in rows.values():
        row["rate"] = row["done"] / row["goals"] if row["goals"] else None
        if row["period"] is None:
            found = document_period(journal, journal.root / row["document"])
            row["period"] = found.key if found else None

    def order(row: dict[str, Any]) -> tuple:
        try:
            return (0, from_key(row["period"], journal.settings.fiscal_year_start).sort_key, row["document"])
        except (PeriodError, TypeError):
            return (1, (), row["document"])

    return sorted(rows.values(), key=order)


def stats_periods(
    ledger: Ledger, start: Period | None, end: Period | None, *, default_kind: str, fiscal: int = 1
) -> list[Period]:
    """The periods `stats` counts: those goals are for, of the kind ``start``/``end`` name (else
    ``default_kind``), from ``start`` on and up to ``end``."""
    from journal.stats import periods_with_goals

    kind = (start or end).kind if (start or end) else default_kind
    periods = [p for p in periods_with_goals(ledger, fiscal) if p.kind == kind]
    if start is not None:
        periods = [p for p in periods if p.end >= start.start]
    if end is not None:
        periods = [p for p in periods if p.start <= end.end]
    return periods


def stale_goals(ledger: Ledger, ended_before: date, *, fiscal: int = 1) -> list[Goal]:
    """Goals whose period ended before ``ended_before`` without a decision, oldest period first.

    Undecided: open, in progress, or marked ``[>]`` but carried nowhere; at
    their latest link (a goal carried on is decided where it went).
    """
    from journal.periods import PeriodError, from_key

    ends: dict[str, Any] = {}

    def period_of(key: str) -> Any:
        if key not in ends:
            try:
                ends[key] = from_key(key, fiscal)
            except PeriodError:
                ends[key] = None
        return ends[key]

    found = []
    for goal in ledger.goals.values():
        undecided = goal.status in OPEN_STATUSES or (goal.status == Status.CARRIED and not goal.carried_to)
        if not undecided or ledger.lives_on(goal):
            continue
        period = period_of(goal.for_period)
        if period is not None and period.end < ended_before:
            found.append((period, goal))
    found.sort(key=lambda pair: (pair[0].sort_key, pair[1].source, pair[1].line))
    return [goal for _period, goal in found]
