"""Scaffolding a period's document: which goals it brings in, rendering, writing, linking."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from journal.atomic import journal_lock, write_atomic
from journal.config import Journal
from journal.errors import UsageError
from journal.ledger import Cache, Goal, Ledger
from journal.periods import Period
from journal.sync import LedgerWrites, SyncReport, set_goal_status, sync_journal

LIVE = ("open", "in_progress")


@dataclass
class NewDocument:
    """What `journal new` made (or would make, with --dry-run)."""

    path: Path
    text: str
    template: str
    planned: list[Goal] = field(default_factory=list)
    carried: list[Goal] = field(default_factory=list)
    report: SyncReport | None = None


def document_path(journal: Journal, period: Period, template: str) -> Path:
    """``entries/2025-q1.md`` for the kind's default template, ``entries/2025-q1-report.md`` for another."""
    from journal.templates import default_template_for

    suffix = "" if template == default_template_for(period.kind) else f"-{template}"
    return journal.entries_dir / f"{period.key}{suffix}.md"


def goal_target(goal: Goal) -> str:
    """The period a goal is for: its heading's period, else its document's."""
    return goal.target or goal.period


def planned_goals(ledger: Ledger, period: Period) -> list[Goal]:
    """Goals written in earlier documents for ``period`` (e.g. under "Q1 2025 Priorities"), still live."""
    found = [
        goal
        for goal in ledger.goals.values()
        if goal.target == period.key and goal.period != period.key and goal.status in LIVE and not goal.carried_to
    ]
    return sorted(found, key=lambda g: (g.source, g.line))


def carried_goals(ledger: Ledger, period: Period, exclude: set[str]) -> list[Goal]:
    """The previous period's goals still open or in progress, not yet carried anywhere."""
    previous = period.previous().key
    found = [
        goal
        for goal in ledger.goals.values()
        if goal_target(goal) == previous and goal.status in LIVE and not goal.carried_to and goal.id not in exclude
    ]
    return sorted(found, key=lambda g: (g.source, g.line))


def period_summary(ledger: Ledger, period: Period) -> dict[str, Any] | None:
    """Counts of a period's goals (by target): set, done, open, dropped, rate; None when it had none."""
    goals = [g for g in ledger.goals.values() if goal_target(g) == period.key and g.status != "removed"]
    if not goals:
        return None
    done = sum(g.status == "done" for g in goals)
    return {
        "period": period,
        "set": len(goals),
        "done": done,
        "open": sum(g.status in LIVE for g in goals),
        "dropped": sum(g.status == "dropped" for g in goals),
        "carried": sum(g.status == "carried" for g in goals),
        "rate": done / len(goals),
    }


def new_document(
    journal: Journal,
    period: Period,
    *,
    template_name: str | None = None,
    carry: bool = True,
    dry_run: bool = False,
    today: date | None = None,
) -> NewDocument:
    """Render ``period``'s document from its template and write it (unless ``dry_run``).

    Brings in the goals planned for the period in earlier documents and, with
    ``carry``, the previous period's open goals; each brought-in goal is linked
    to its new line (carried_from / carried_to) and its old line marked ``[>]``.
    """
    from journal.templates import default_template_for, load_template, render_template, validate_template_name

    name = validate_template_name(template_name or default_template_for(period.kind))
    template = load_template(name, journal.root)
    path = document_path(journal, period, name)
    if path.exists():
        raise UsageError(f"{journal.relative(path)} already exists", hint="edit it, or pick another --template")
    with journal_lock(journal.lock_path):
        ledger, _report = sync_journal(journal)
        planned = planned_goals(ledger, period) if carry else []
        carried = carried_goals(ledger, period, {g.id for g in planned}) if carry else []
        variables = {
            "period": period,
            "today": today or date.today(),
            "author": journal.settings.author,
            "planned": [
                {"id": g.id, "text": g.text, "source": g.source, "section": g.section, "status": g.status}
                for g in planned
            ],
            "carried": [{"id": g.id, "text": g.text, "period": g.period, "status": g.status} for g in carried],
            "previous": period_summary(ledger, period.previous()),
        }
        text = render_template(template, variables)
        result = NewDocument(path=path, text=text, template=name, planned=planned, carried=carried)
        if dry_run:
            return result
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, text.encode("utf-8"), must_not_exist=True)
        ledger, report = sync_journal(journal)
        result.report = report
        link_brought_in(journal, ledger, journal.relative(path), planned + carried)
    return result


def link_brought_in(journal: Journal, ledger: Ledger, source: str, brought: list[Goal]) -> None:
    """Mark each brought-in goal that sync linked to a line of ``source`` as carried (``[>]`` in its document)."""
    new_ids = {g.id for g in ledger.goals.values() if g.source == source}
    writes = LedgerWrites(journal, ledger)
    for old in brought:
        current = ledger.goals.get(old.id)
        if current is not None and current.carried_to in new_ids and current.status in LIVE:
            set_goal_status(journal, ledger, current, "carried", by="new", writes=writes)
    cache = Cache(journal)
    writes.save(cache)
    cache.save()
