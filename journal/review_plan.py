"""What a review covers: the period's open goals, the earlier undecided ones, the questions; as Markdown.

``plan_review`` looks for the documents once, reads each once and finds its headings once
(``heading_cache``), reads the metrics once and picks the period's goals once, for every part of
the plan; ``review_markdown`` is `review --print`. The flow that asks (``journal.review``) uses the
same plan.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from journal.config import Journal
from journal.errors import NoDocument
from journal.ledger import OPEN_STATUSES, Goal, Ledger
from journal.periods import Period
from journal.stats import PeriodStats, goals_for, period_stats

if TYPE_CHECKING:
    from journal.metric_progress import ReportedValues
    from journal.tracking import Reporter

REVIEW_NOTES = "Review notes"
FALLING_BEHIND = 0.25  # a completion rate this far below the previous period's is worth a question


@dataclass(frozen=True)
class Prompt:
    """A question whose answer goes under ``section`` of the document."""

    section: str
    question: str
    from_ledger: bool = False
    document: Path | None = None  # the document the answer goes into (None: the period's main one)


@dataclass
class ReviewPlan:
    """Everything a review of one period is about."""

    period: Period
    document: Path
    summary: PeriodStats
    previous: PeriodStats
    open_goals: list[Goal]
    prompts: list[Prompt] = field(default_factory=list)
    earlier_goals: list[Goal] = field(default_factory=list)  # of periods before, never decided
    template_missing: str | None = None
    reported: Reporter | None = None  # the values followed metrics give measurable goals (metric_progress)
    lineage_ids: dict[str, str] = field(default_factory=dict)  # link id -> Ledger.lineage_id, where rows tell it
    carried_to: dict[str, int] = field(default_factory=dict)  # the label of a later period -> goals carried into it


def summary_line(summary: PeriodStats, previous: PeriodStats, carried_to: dict[str, int] | None = None) -> str:
    """``Q1 2025: 9 goals set, 6 done, 1 in progress, 2 open, 1 carried to Q2 2025, 3 carried in. Completion 67%
    (Q4 2024: 40%).`` (``carried_to``: ``goals_carried_to``; a period with none carried out says nothing of it)."""
    rate = f"{summary.rate:.0%}" if summary.rate is not None else "n/a"
    before = f"{previous.label}: {previous.rate:.0%}" if previous.rate is not None else f"{previous.label}: no goals"
    out = "".join(f"{count} carried to {label}, " for label, count in (carried_to or {}).items())
    return (
        f"{summary.label}: {summary.set} goal{'s' if summary.set != 1 else ''} set, {summary.done} done, "
        f"{summary.in_progress} in progress, {summary.open} open, {out}{summary.carried_in} carried in. "
        + (f"{summary.targets_met} of {summary.measurable} targets met. " if summary.measurable else "")
        + f"Completion {rate} ({before})."
    )


def goals_carried_to(ledger: Ledger, goals: list[Goal], fiscal_year_start: int = 1) -> dict[str, int]:
    """How many of a period's ``goals`` live on in a later period, by that period's label, earliest first: the
    period of each one's next link that is not removed (the goals ``PeriodStats.carried_out`` counts)."""
    from journal.periods import from_key

    found: dict[str, int] = {}
    for goal in goals:
        later = ledger.later_live_link(goal, first=True)
        if later is not None:
            found[later.for_period] = found.get(later.for_period, 0) + 1
    periods = sorted((from_key(key, fiscal_year_start) for key in found), key=lambda period: period.sort_key)
    return {period.label: found[period.key] for period in periods}


def review_document(journal: Journal, period: Period) -> Path:
    """The period's document, or a UsageError saying how to write one."""
    from journal.scaffold import period_document

    path = period_document(journal, period)
    if path is None:
        raise NoDocument.of(period.label, period.key)
    return path


def open_goals_for(ledger: Ledger, period: Period, own: list[Goal] | None = None) -> list[Goal]:
    """The period's goals still open or in progress, at their latest link, in document order
    (``own``: ``goals_for(ledger, period.key, period)`` when the caller has it)."""
    own = own if own is not None else goals_for(ledger, period.key, period)
    goals = [g for g in own if g.status in OPEN_STATUSES]
    return sorted(goals, key=lambda g: (g.source, g.line))


def earlier_undecided(journal: Journal, ledger: Ledger, period: Period) -> list[Goal]:
    """Goals of periods that ended before ``period`` began, left undecided (`goals --stale`): offered after its own."""
    from journal.stale_rows import stale_goals_from_rows

    return stale_goals_from_rows(journal, ledger, period.start, fiscal=journal.settings.fiscal_year_start)[0]


def ledger_prompts(
    ledger: Ledger,
    period: Period,
    summary: PeriodStats,
    previous: PeriodStats,
    reported: Reporter | None = None,
    own: list[Goal] | None = None,
) -> list[Prompt]:
    """Questions the ledger raises: goals carried twice or more, a falling rate, sections with nothing done,
    targets missed periods running (``reported``: what followed metrics say of measurable goals; ``own``:
    ``goals_for(ledger, period.key, period)`` when the caller has it)."""
    own = own if own is not None else goals_for(ledger, period.key, period)
    prompts = []
    open_goals = open_goals_for(ledger, period, own)
    for goal in open_goals:
        carried = ledger.times_carried(goal)
        if carried >= 2:
            prompts.append(
                Prompt(REVIEW_NOTES, f"'{goal.text}' has been carried {carried} periods: keep, split or drop?", True)
            )
    if summary.rate is not None and previous.rate is not None and summary.rate < previous.rate - FALLING_BEHIND:
        prompts.append(
            Prompt(
                REVIEW_NOTES,
                f"Completion fell from {previous.rate:.0%} in {previous.label} to {summary.rate:.0%}: "
                "what got in the way?",
                True,
            )
        )
    from journal.review_targets import target_prompts

    prompts += target_prompts(ledger, period, reported, open_goals)
    sections: dict[str, list[Goal]] = {}
    for goal in own:
        if goal.section:
            sections.setdefault(goal.section, []).append(goal)
    for section, goals in sections.items():
        if len(goals) >= 2 and not any(g.status == "done" for g in goals):
            prompts.append(
                Prompt(REVIEW_NOTES, f"Nothing under '{section}' was done: are these still the right goals?", True)
            )
    return prompts


def metric_prompts(
    journal: Journal,
    ledger: Ledger,
    period: Period,
    own: list[Goal] | None = None,
    reported: ReportedValues | None = None,
) -> list[Prompt]:
    """The "metric moved the wrong way" questions: a goal of the period following a metric whose value went
    against it (``own``: the period's goals when the caller has them; ``reported``: the metrics already read, there)."""
    from journal.metric_goals import metric_questions

    metrics = reported.metrics if reported is not None else None
    questions = metric_questions(journal, ledger, period, own=own, metrics=metrics)
    return [Prompt(REVIEW_NOTES, question, True) for question in questions]


def plan_review(journal: Journal, ledger: Ledger, period: Period) -> ReviewPlan:
    """What a review of ``period`` covers, leaving out prompts the document already answers.

    The documents are looked for once, each read and its headings found once (heading_cache), the
    metrics read once and the period's goals picked once, for every part of the plan.
    """
    from journal.documents import read_document
    from journal.metric_progress import ReportedValues
    from journal.name_periods import NamePeriods
    from journal.places import period_documents
    from journal.stale_rows import stale_goals_from_rows
    from journal.sync import scan_documents

    scanned = scan_documents(journal)
    names = NamePeriods(journal)
    documents = period_documents(journal, period, scanned, names)
    names.save(scanned)
    if not documents:
        raise NoDocument.of(period.label, period.key)
    path = documents[0]
    reported = ReportedValues(journal, ledger, scanned=scanned)
    own = goals_for(ledger, period.key, period)
    summary = period_stats(ledger, period, reported=reported, goals=own)
    previous = period_stats(ledger, period.previous(), reported=reported)
    open_goals = open_goals_for(ledger, period, own)
    plan = ReviewPlan(
        period=period,
        document=path,
        summary=summary,
        previous=previous,
        open_goals=open_goals,
        reported=reported,
        carried_to=goals_carried_to(ledger, own, period.fiscal_year_start),
    )
    # From a lazy ledger, the link rows tell them and the ids they are shown by, without every file decoded.
    plan.earlier_goals, plan.lineage_ids = stale_goals_from_rows(
        journal, ledger, period.start, fiscal=journal.settings.fiscal_year_start
    )
    text = read_document(path).text
    asked = ledger_prompts(ledger, period, summary, previous, reported, own)
    asked += metric_prompts(journal, ledger, period, own, reported)
    plan.prompts += [prompt for prompt in asked if prompt.question not in text]
    _template_prompts(journal, plan, documents, text)
    return plan


def _template_prompts(journal: Journal, plan: ReviewPlan, documents: list[Path], main_text: str) -> None:
    """Add each document's own template's questions that it does not answer yet (to be answered in itself)."""
    from journal.documents import is_answered, read_document, section_text
    from journal.errors import TemplateError
    from journal.heading_cache import HeadingCache
    from journal.places import document_template
    from journal.templates import load_template

    headings = HeadingCache(journal)
    for document in documents:
        own_text = main_text if document == plan.document else read_document(document).text
        try:
            template = load_template(document_template(journal, document, own_text, plan.period), journal.root)
        except TemplateError as exc:
            plan.template_missing = str(exc)
            continue
        if not template.prompts:
            continue
        found = headings.headings(str(document), own_text)
        for asked in template.prompts:
            body = section_text(own_text, asked.section, found)
            if body is None or not is_answered(body):
                plan.prompts.append(Prompt(asked.section, asked.question, document=document))
    headings.save()


def review_markdown(plan: ReviewPlan, ledger: Ledger) -> str:
    """The review as Markdown, for a person who answers in their editor (`review --print`)."""
    lines = [f"# Review of {plan.period.label}", "", summary_line(plan.summary, plan.previous, plan.carried_to), ""]
    lines += ["## Open goals", ""]
    if not plan.open_goals:
        lines.append("Every goal for this period is settled.")
    for goal in plan.open_goals:
        carried = ledger.times_carried(goal)
        age = f", carried {carried} period{'s' if carried != 1 else ''}" if carried else ""
        where = f"`{ledger.lineage_id(goal)}`, {goal.source}:{goal.line}{age}"
        lines.append(f"- [{goal.shown_marker}] {goal.text} ({where})")
        lines += [f"  - note {note}" for note in (goal.note or "").splitlines()]
        if goal.direction:
            from journal.review_targets import target_lines

            lines += target_lines(ledger, goal, plan.period.fiscal_year_start, plan.reported)
    if plan.earlier_goals:
        lines += ["", "## Undecided from earlier periods", ""]
    for goal in plan.earlier_goals:
        shown_id = plan.lineage_ids.get(goal.id) or ledger.lineage_id(goal)
        where = f"`{shown_id}`, for {goal.for_period}, {goal.source}:{goal.line}"
        lines.append(f"- [{goal.shown_marker}] {goal.text} ({where})")
    lines += ["", "## Questions", ""]
    if not plan.prompts:
        lines.append(f"{plan.document.name} already answers every question.")
    section = None
    several = len({prompt.document for prompt in plan.prompts if prompt.document is not None}) > 1
    for prompt in plan.prompts:
        where = f" ({prompt.document.name})" if several and prompt.document is not None else ""
        if (prompt.section, where) != section:
            if section is not None:
                lines.append("")
            lines += [f"### {prompt.section}{where}", ""]
            section = (prompt.section, where)
        lines.append(f"- {prompt.question}")
    return "\n".join(lines) + "\n"
