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


def counts_once(ledger: Ledger, goal: Goal) -> bool:
    """Whether a link is where its goal is counted for the period it is for: not removed, and its
    lineage's last live link for that period (a goal is counted once per period)."""
    return goal.status != Status.REMOVED and not ledger.lives_on(goal, for_period=goal.for_period)


def _count_goal(row: dict[str, Any], goal: Goal, ledger: Ledger) -> None:
    row["goals"] += 1
    if goal.status == Status.CARRIED or ledger.lives_on(goal):
        row["carried"] += 1  # it lives on in a later document
    else:
        row["done"] += goal.status == Status.DONE
        row["open"] += goal.status in OPEN_STATUSES
        row["dropped"] += goal.status == Status.DROPPED


def document_rows(journal: Journal, ledger: Ledger) -> list[dict[str, Any]]:
    """One row per document, in period order: its period, its goal counts and completion rate.

    A document counts the goals for its period, each once, as `stats` does: a
    goal planned for the period in an earlier document counts in the
    period's first document, a goal planned for a later period counts there.
    """
    from journal.sync import document_period, scan_documents

    def new_row(name: str) -> dict[str, Any]:
        period = ledger.hash_home(name)
        if period is None:
            found = document_period(journal, journal.root / name)
            period = found.key if found else None
        counts = dict.fromkeys(("goals", "done", "open", "dropped", "carried"), 0)
        return {"document": name, "period": period, **counts, "rate": None}

    fiscal = journal.settings.fiscal_year_start
    rows = sorted((new_row(name) for name in scan_documents(journal)), key=lambda row: _row_order(row, fiscal))
    if journal.entries_dir == journal.root:
        # A vault: its other notes are not journal documents, and not listed either.
        rows = [row for row in rows if row["period"] is not None or row["document"] in ledger.documents]
    by_document = {row["document"]: row for row in rows}
    first_of_period: dict[str, dict[str, Any]] = {}
    for row in rows:
        first_of_period.setdefault(row["period"], row)
    for goal in ledger.goals.values():
        if not counts_once(ledger, goal):
            continue
        row = by_document.get(goal.source) if goal.for_period == goal.document_period else None
        if row is None or row["period"] != goal.for_period:
            row = first_of_period.get(goal.for_period)
        if row is not None:
            _count_goal(row, goal, ledger)
    for row in rows:
        row["rate"] = row["done"] / row["goals"] if row["goals"] else None
    return rows


def _row_order(row: dict[str, Any], fiscal: int) -> tuple:
    """Documents in period order, those without a period last."""
    from journal.periods import PeriodError, from_key

    try:
        return (0, from_key(row["period"], fiscal).sort_key, row["document"])
    except (PeriodError, TypeError):
        return (1, (), row["document"])


def stats_periods(
    ledger: Ledger, start: Period | None, end: Period | None, *, default_kind: str, fiscal: int = 1
) -> list[Period]:
    """The periods `stats` counts: those goals are for, of the kind ``start``/``end`` name (else
    ``default_kind``), and those holding a shorter period goals are for (a month's goals roll up into
    its quarter), from ``start`` on and up to ``end``."""
    from journal.periods import PERIOD_KINDS
    from journal.stats import periods_with_goals

    kind = (start or end).kind if (start or end) else default_kind
    rank = PERIOD_KINDS.index(kind)
    chosen: dict[str, Any] = {}
    for found in periods_with_goals(ledger, fiscal):
        if found.kind == kind:
            chosen[found.key] = found
        elif PERIOD_KINDS.index(found.kind) > rank:
            holder = found.enclosing(kind)
            chosen[holder.key] = holder
    periods = sorted(chosen.values(), key=lambda p: p.sort_key)
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
