"""A report made by hand (no journal), for tests of the HTML and Markdown renderers."""

from __future__ import annotations

from journal.periods import from_key
from journal.report import Link, PeriodReport, ReportGoal
from journal.stats import PeriodStats


def one_goal_report(text: str, *, section: str = "Goals", reason: str | None = None) -> PeriodReport:
    """A Q1 2025 report with one dropped goal saying ``text`` (its section and reason too, when given)."""
    period = from_key("2025-q1")
    stats = PeriodStats("2025-q1", "Q1 2025", set=1, done=0, in_progress=0, open=0, dropped=1, carried_out=0,
                        carried_in=1)  # fmt: skip
    earlier = PeriodStats("2024-q4", "Q4 2024", set=2, done=1, in_progress=0, open=0, dropped=0, carried_out=1,
                          carried_in=0)  # fmt: skip
    goal = ReportGoal(
        goal_id="abc123",
        text=text,
        status="dropped",
        section=section,
        where="entries/2025-q1.md:5",
        owner=text,
        came_from=Link("zzz999", "2024-q4", "Q4 2024", "carried"),
        planned_in=None,
        times_carried=1,
        went_to=None,
        reason=reason if reason is not None else text,
    )
    return PeriodReport(period=period, stats=stats, goals=[goal], trend=[earlier, stats], author=text)
