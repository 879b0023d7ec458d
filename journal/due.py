"""`journal due`: the full list behind the status line, from the ledger."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from journal.period_keys import key_end
from journal.status import CARRIED_MANY, OPEN, facts_from_ledger

if TYPE_CHECKING:
    from journal.config import Journal
    from journal.ledger import Ledger


def due_list(journal: Journal, ledger: Ledger) -> dict[str, Any]:
    """Reviews due, the current period's missing document, goals whose period ended, open goals past the due
    date their line gives (``due: 2025-03-31``, ``📅``, "by end of March"), goals carried 3+ times."""
    from journal.clock import today

    facts = facts_from_ledger(journal, ledger)
    now = today()
    fiscal = journal.settings.fiscal_year_start
    overdue: list[dict[str, Any]] = []
    carried: list[dict[str, Any]] = []
    past_due: list[dict[str, Any]] = []  # open goals whose line gives a due date that has passed
    for goal in ledger.goals.values():
        if goal.status not in OPEN or ledger.lives_on(goal):
            continue
        end = key_end(goal.for_period, fiscal)
        times = ledger.times_carried(goal)
        entry = {**goal.as_dict(ledger.lineage_id(goal)), "for_period": goal.for_period, "carried_times": times}
        if end is not None and end < now:
            overdue.append({**entry, "ended": end.isoformat(), "days_over": (now - end).days})
        if times >= CARRIED_MANY:
            carried.append(entry)
        if goal.due and goal.due < now.isoformat():
            past_due.append({**entry, "days_over": (now - date.fromisoformat(goal.due)).days})
    past_due.sort(key=lambda g: (g["due"], g["source"], g["line"]))
    overdue.sort(key=lambda g: (g["ended"], g["source"], g["line"]))
    carried.sort(key=lambda g: (-g["carried_times"], g["source"], g["line"]))
    return {
        "status": facts,
        "reviews_due": facts["reviews_due"],
        "missing_document": None if facts["document"] else {"period": facts["period"], "label": facts["label"]},
        "overdue": overdue,
        "past_due": past_due,
        "carried": carried,
    }


def due_lines(due: dict[str, Any]) -> list[str]:
    """The list as text lines (goal text not yet made terminal-safe: the CLI does that)."""
    lines: list[str] = []
    for review in due["reviews_due"]:
        state = "unfinished" if review["unfinished"] else "not reviewed"
        days = review["ended_days_ago"]
        lines.append(f"Review of {review['label']}: {state}, ended {days} day{'s' if days != 1 else ''} ago "
                     f"(journal review {review['period']})")  # fmt: skip
    missing = due["missing_document"]
    if missing:
        lines.append(f"No document for {missing['label']} yet (journal new {missing['period']})")
    if due["overdue"]:
        lines.append(f"Goals whose period has ended ({len(due['overdue'])}):")
        lines += [f"  {g['id']}  {g['for_period']}  {g['text']}  ({g['source']}:{g['line']})" for g in due["overdue"]]
    if due["past_due"]:
        lines.append(f"Goals past their due date ({len(due['past_due'])}):")
        lines += [f"  {g['id']}  due {g['due']}  {g['text']}  ({g['source']}:{g['line']})" for g in due["past_due"]]
    if due["carried"]:
        lines.append(f"Goals carried {CARRIED_MANY} or more times ({len(due['carried'])}):")
        lines += [f"  {g['id']}  carried {g['carried_times']}  {g['text']}  ({g['source']}:{g['line']})"
                  for g in due["carried"]]  # fmt: skip
    return lines
