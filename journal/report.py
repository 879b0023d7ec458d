"""A period's report: its numbers, each goal with its lineage, and the completion trend before it.

Pure: a journal and a synced ledger in, a ``PeriodReport`` out. The numbers are `stats`'s own
(``journal.stats.period_stats``), never counted again here. ``report_html`` and
``report_markdown`` turn a report into a page or a Markdown section.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from journal.errors import NoDocument
from journal.ledger.model import Status

if TYPE_CHECKING:
    from journal.config import Journal
    from journal.ledger import Goal, Ledger
    from journal.periods import Period
    from journal.stats import PeriodStats

TREND_PERIODS = 8  # periods shown in the completion trend, the report's own included


@dataclass(frozen=True)
class Link:
    """Another link of a goal's lineage: the goal as it was (or is) in another period."""

    goal_id: str  # the goal's id (its lineage's, the same for every link)
    period: str  # the key of the period that link is for
    label: str  # that period as people read it (``Q4 2024``)
    status: str
    link_id: str = ""  # that link's own id ("": the same as goal_id)


@dataclass(frozen=True)
class ReportGoal:
    """One goal of the period, at its link for that period, with where it came from and where it went."""

    goal_id: str
    text: str
    status: str
    section: str
    where: str  # document:line
    owner: str | None
    came_from: Link | None  # the lineage's first link, when the goal began in an earlier period
    planned_in: str | None  # the period whose document first named it (``Q4 2024``), if not its own period's
    times_carried: int  # periods the goal had been carried across before this one
    went_to: Link | None  # the lineage's latest link, when the goal lives on in a later period
    reason: str | None  # why it was dropped (the drop's reason, else the goal's note)
    link_id: str = ""  # the own id of the goal's link for this period ("": the same as goal_id)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "id": self.goal_id,
            "link_id": self.link_id or self.goal_id,
            "text": self.text,
            "status": self.status,
            "section": self.section,
            "where": self.where,
            "owner": self.owner,
            "came_from": _link_dict(self.came_from),
            "planned_in": self.planned_in,
            "times_carried": self.times_carried,
            "went_to": _link_dict(self.went_to),
            "reason": self.reason,
        }


@dataclass(frozen=True)
class PeriodReport:
    """Everything a report shows: the period, its numbers and goals, the trend up to it."""

    period: Period
    stats: PeriodStats
    goals: list[ReportGoal]
    trend: list[PeriodStats]  # earlier periods of the same kind with goals, oldest first, this one last
    author: str | None

    @property
    def dropped(self) -> list[ReportGoal]:
        """The goals dropped, with their reasons."""
        return [goal for goal in self.goals if goal.status == Status.DROPPED]

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready (`journal report --json`)."""
        return {
            "period": self.period.key,
            "label": self.period.label,
            "author": self.author,
            "summary": self.stats.as_dict(),
            "goals": [goal.as_dict() for goal in self.goals],
            "trend": [row.as_dict() for row in self.trend],
        }


def _link_dict(link: Link | None) -> dict[str, str] | None:
    if link is None:
        return None
    link_id = link.link_id or link.goal_id
    return {"id": link.goal_id, "link_id": link_id, "period": link.period, "label": link.label, "status": link.status}


def _link(goal: Goal, lineage_id: str, fiscal: int) -> Link:
    return Link(lineage_id, goal.for_period, _label(goal.for_period, fiscal), goal.status, link_id=goal.id)


def _label(key: str, fiscal: int) -> str:
    from journal.periods import PeriodError, from_key

    try:
        return from_key(key, fiscal).label
    except PeriodError:
        return key


def _drop_reason(goal: Goal) -> str | None:
    """The reason of the goal's latest drop, else its note."""
    for entry in reversed(goal.history):
        if entry.get("status") == Status.DROPPED and entry.get("reason"):
            return str(entry["reason"])
    return goal.note or None


def report_goal(ledger: Ledger, goal: Goal, fiscal: int = 1) -> ReportGoal:
    """``goal`` (its link for the report's period) with its lineage read from the ledger."""
    chain = ledger.lineage(goal)
    here = goal.for_period
    first = chain[0]
    came_from = _link(first, first.id, fiscal) if first.for_period != here else None
    planned_in = None
    if first.document_period != first.for_period:  # named in an earlier period's document ("Q2 2025 Priorities")
        planned_in = _label(first.document_period, fiscal)
    earlier = {link.for_period for link in chain[: chain.index(goal)] if link.for_period != here}
    latest = ledger.latest(goal)
    went_to = _link(latest, first.id, fiscal) if latest.for_period != here and latest is not goal else None
    owner = getattr(goal, "owner", None)  # not in the ledger yet: shown once goals have one
    return ReportGoal(
        goal_id=first.id,
        text=goal.text,
        status=goal.status,
        section=goal.section,
        where=f"{goal.source}:{goal.line}",
        owner=str(owner) if owner else None,
        came_from=came_from,
        planned_in=planned_in,
        times_carried=len(earlier),
        went_to=went_to,
        reason=_drop_reason(goal) if goal.status == Status.DROPPED else None,
        link_id=goal.id,
    )


def trend_periods(ledger: Ledger, period: Period, *, fiscal: int = 1, limit: int = TREND_PERIODS) -> list[Period]:
    """The periods of ``period``'s kind that have goals, up to ``period`` (always included), the last ``limit``."""
    from journal.queries import stats_periods

    earlier = [p for p in stats_periods(ledger, None, period, default_kind=period.kind, fiscal=fiscal) if p < period]
    return [*earlier, period][-limit:]


def period_report(journal: Journal, ledger: Ledger, period: Period) -> PeriodReport:
    """The report of ``period``: `stats`'s numbers, its goals in document order, the trend before it."""
    from journal.metric_progress import ReportedValues
    from journal.stats import goals_for, period_stats

    fiscal = journal.settings.fiscal_year_start
    reported = ReportedValues(journal, ledger)
    goals = sorted(goals_for(ledger, period.key, period), key=lambda g: (g.source, g.line))
    if not goals and not _has_document(journal, ledger, period):
        raise NoDocument.of(period.label, period.key)
    return PeriodReport(
        period=period,
        stats=period_stats(ledger, period, reported=reported),
        goals=[report_goal(ledger, goal, fiscal) for goal in goals],
        trend=[period_stats(ledger, p, reported=reported) for p in trend_periods(ledger, period, fiscal=fiscal)],
        author=journal.settings.author or None,
    )


def _has_document(journal: Journal, ledger: Ledger, period: Period) -> bool:
    """Whether some document is of ``period`` or of a period inside it (a month of a quarter)."""
    from journal.periods import PeriodError, from_key
    from journal.queries import document_rows

    for row in document_rows(journal, ledger):
        try:
            if period.contains(from_key(row["period"], journal.settings.fiscal_year_start)):
                return True
        except (PeriodError, TypeError):
            continue
    return False


def default_report_period(journal: Journal, ledger: Ledger) -> Period:
    """The last period of the journal's default kind that has a document of its own; in a journal with none,
    the last one a shorter period's document falls in (a month's or a day's counts for its quarter)."""
    from journal.periods import PeriodError, from_key, period_of
    from journal.queries import document_rows

    settings = journal.settings
    kind, fiscal = settings.default_kind, settings.fiscal_year_start
    found, own_kind = [], []
    for row in document_rows(journal, ledger):
        try:
            own = from_key(row["period"], fiscal)
        except (PeriodError, TypeError):
            continue
        wider = own if own.kind == kind else period_of(own.end, kind, fiscal)
        if own.kind == kind:
            own_kind.append(own)
        elif wider.contains(own):
            found.append(wider)
    if own_kind:
        return max(own_kind)
    if not found:
        raise NoDocument(f"no {kind} has a document yet", hint="name a period, or write one with 'journal new this'")
    return max(found)
