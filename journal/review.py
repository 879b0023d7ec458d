"""The quarterly review: the open goals one by one, then the prompts; asking through a callback.

The flow never prints or reads a terminal itself: it asks an ``Asker`` (the
CLI's reads the terminal or standard input; a test's returns scripted
answers). Every decision is saved when it is made, so quitting half-way
loses nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from journal.atomic import write_atomic
from journal.config import Journal
from journal.errors import DocumentError, UsageError
from journal.ledger import OPEN_STATUSES, Goal, Ledger
from journal.lock import journal_lock
from journal.periods import Period
from journal.review_plan import (
    FALLING_BEHIND,
    REVIEW_NOTES,
    Prompt,
    ReviewPlan,
    earlier_undecided,
    ledger_prompts,
    metric_prompts,
    open_goals_for,
    plan_review,
    review_document,
    review_markdown,
    summary_line,
)
from journal.session import Session, writing
from journal.stats import goals_for, period_stats
from journal.sync import sync_journal
from journal.words import one_line

# The plan and its Markdown live in journal.review_plan; they are this module's names too.
__all__ = [
    "DECISIONS",
    "FALLING_BEHIND",
    "REVIEW_NOTES",
    "STOPPED",
    "Asker",
    "Prompt",
    "ReviewOutcome",
    "ReviewPlan",
    "ReviewStopped",
    "earlier_undecided",
    "ledger_prompts",
    "metric_prompts",
    "open_goals_for",
    "plan_review",
    "review_document",
    "review_markdown",
    "run_review",
    "summary_line",
]

DECISIONS = ("done", "in_progress", "carry", "drop", "keep", "note", "quit")


class ReviewStopped(Exception):  # noqa: N818 - a request, not a failure
    """The person stopped the review (Ctrl-C) while asked something; ``partial``: the answer typed so far.

    Any Asker method may raise it: what was decided and answered before is saved, the partial answer
    too, and the review ends with the "Stopped" line, in every phase alike.
    """

    def __init__(self, partial: str = "") -> None:
        super().__init__("stopped")
        self.partial = partial


STOPPED = "Stopped; every decision so far is saved."


class Asker(Protocol):
    """How the review asks a person (any method may raise ReviewStopped)."""

    def say(self, message: str) -> None:
        """Tell the person something."""

    def decide(self, goal: Goal, position: int, total: int, carried: int, shown_id: str | None = None) -> str:
        """One of DECISIONS for ``goal``; ``shown_id``: the goal's id as shown (its lineage's; None: its own)."""

    def line(self, question: str) -> str:
        """A one-line answer ("" when none)."""

    def answer(self, question: str) -> str | None:
        """A possibly multi-line answer; "" skips; None means stop asking."""

    # Optional: ``value(goal, position, total, carried, shown_id, progress) -> str``, a measurable goal's
    # current value asked before its decision ("" skips); an asker without it is not asked
    # (journal.review_targets.ask_current_value).


@dataclass
class ReviewOutcome:
    """What a review did."""

    decisions: dict[str, int] = field(default_factory=dict)
    answered: int = 0
    quit: bool = False


def _details(decision: str, asker: Asker) -> str | None:
    """What a decision needs from the person before it is saved: a reason to drop, a note's text."""
    if decision == "drop":
        return asker.line("Why drop it?")
    if decision == "note":
        return asker.line("Note:")
    return None


def _apply(session: Session, goal: Goal, decision: str, detail: str | None, asker: Asker, period: Period) -> None:
    from journal.scaffold import bring_into, period_document

    journal = session.journal
    if decision in ("done", "in_progress"):
        session.set_status(goal, decision)
    elif decision == "drop":
        session.set_status(goal, "dropped", reason=detail or None)
    elif decision == "carry":
        following = period.next()
        path = period_document(journal, following)
        if path is None:
            asker.say(f"  It stays open: 'journal new {following.key}' will bring it into {following.label}.")
            return
        bring_into(session, path, [goal])
        asker.say(f"  Carried into {journal.relative(path)}.")
    elif decision == "note" and detail:
        from journal.capture import note_goal

        note_goal(session, goal, one_line(detail))


def _as_shown(goal: Goal) -> tuple[str, str, str, str | None]:
    """What the person decided on: the goal's status, words, document and link onward."""
    return (goal.status, one_line(goal.text), goal.source, goal.carried_to)


def _change(shown: tuple[str, str, str, str | None], current: Goal | None) -> str | None:
    """How ``current`` differs from the goal as it was shown ("now done"), or None when it is as shown."""
    if current is None:
        return "gone from the ledger"
    if _as_shown(current) == shown:
        return None
    status, text, source, _carried_to = shown
    if current.status == "removed":
        return f"removed from {current.source}"
    if current.carried_to and current.status == "carried":
        return f"carried (to {current.carried_to})"
    parts = []
    if current.status != status:
        parts.append(current.status.replace("_", " "))
    if one_line(current.text) != text:
        parts.append(f"'{current.text}'")
    if current.source != source:
        parts.append(f"in {current.source}")
    return ", ".join(parts) or current.status.replace("_", " ")


def run_review(journal: Journal, period: Period, asker: Asker) -> ReviewOutcome:
    """Walk ``period``'s open goals, then its prompts, saving each decision and answer as it comes.

    The journal's lock is never held while the person thinks: each decision
    takes it to be saved, after a sync, and only if its goal is still as it
    was shown (status, words, document); a goal another command changed
    meanwhile is said so and asked again (still open) or skipped. Each answer
    is added, under the lock, to the document as it then is.
    """
    outcome = ReviewOutcome()
    ledger, _report = sync_journal(journal)
    plan = plan_review(journal, ledger, period)
    asker.say(summary_line(plan.summary, plan.previous, plan.carried_to))
    walk = _Walk(journal, period, asker, outcome, ledger)
    if not walk.decide_all(plan.open_goals):
        _record(journal, period, outcome)
        return outcome
    if plan.earlier_goals:
        count = len(plan.earlier_goals)
        many = count != 1
        asker.say(f"\n{count} goal{'s' if many else ''} of earlier periods {'were' if many else 'was'} never decided:")
        if not walk.decide_all(plan.earlier_goals):
            _record(journal, period, outcome)  # stopped among them: on record as unfinished, as above
            return outcome
    if plan.template_missing:
        asker.say(f"No template prompts: {plan.template_missing}")
    _ask_prompts(journal, period, plan, asker, outcome)
    _record(journal, period, outcome)
    return outcome


def _record(journal: Journal, period: Period, outcome: ReviewOutcome) -> None:
    """Put the review on record (ledger/reviews/): finished unless the person stopped it half-way.

    A review stopped before deciding or answering anything is not a review: nothing is recorded.
    """
    from journal.reviews import record_review

    if outcome.quit and not outcome.decisions and not outcome.answered:
        return
    from journal.metric_progress import ReportedValues

    ledger, _report = sync_journal(journal)
    summary = period_stats(ledger, period, reported=ReportedValues(journal, ledger))
    record_review(journal, period.key, outcome, summary, finished=not outcome.quit)


@dataclass
class _Walk:
    """The decisions part of a review: each open goal asked, each decision saved in its own session."""

    journal: Journal
    period: Period
    asker: Asker
    outcome: ReviewOutcome
    ledger: Ledger  # as last synced

    def decide_all(self, open_goals: list[Goal]) -> bool:
        """Ask about each goal as it was listed; False when the person quit."""
        total = len(open_goals)
        for position, listed in enumerate(open_goals, start=1):
            goal = self.ledger.goals.get(listed.id)
            change = _change(_as_shown(listed), goal)
            if change is not None and (goal is None or goal.status not in OPEN_STATUSES):
                shown_id = self.ledger.lineage_id(goal or listed)
                self.asker.say(f"  {shown_id} changed meanwhile: now {change}; skipped.")  # by a decision saved since
                continue
            if goal is not None and not self.decide(goal, position, total):
                return False
        return True

    def decide(self, goal: Goal | None, position: int, total: int) -> bool:
        """Ask about one goal until it is decided (notes do not decide it); False when the person quit."""
        value_asked = False
        while goal is not None:
            shown = _as_shown(goal)
            try:
                carried, shown_id = self.ledger.times_carried(goal), self.ledger.lineage_id(goal)
                if goal.direction and not value_asked:  # a measurable goal: its value first, then the decision
                    from journal.review_targets import ask_current_value

                    value_asked = ask_current_value(self, goal, position, total, carried, shown_id)
                decision = self.asker.decide(goal, position, total, carried, shown_id=shown_id)
                if decision not in DECISIONS:
                    raise UsageError(f"unknown review decision {decision!r}", hint="one of " + ", ".join(DECISIONS))
                detail = _details(decision, self.asker) if decision != "quit" else None
            except ReviewStopped:  # a decision half made (a reason being typed) is not made
                decision = "quit"
            if decision == "quit":
                self.outcome.quit = True
                self.asker.say(STOPPED)
                return False
            if decision != "keep" and not (decision == "note" and not detail):
                saved, goal = self.save(goal.id, shown, decision, detail)
                if not saved:
                    continue
            self.outcome.decisions[decision] = self.outcome.decisions.get(decision, 0) + 1
            if decision != "note":
                break
        return True

    def save(
        self, goal_id: str, shown: tuple[str, str, str, str | None], decision: str, detail: str | None
    ) -> tuple[bool, Goal | None]:
        """Apply a decision if the goal is still as shown: (saved, the goal as it now is, or None to move on)."""
        # Each decision whole, or not at all, on the ledger as other commands left it meanwhile.
        with writing(self.journal, by="review") as session:
            self.ledger = session.ledger
            current = self.ledger.goals.get(goal_id)
            change = _change(shown, current)
            if change is None:
                _apply(session, current, decision, detail, self.asker, self.period)
        if change is None:
            return True, current
        again = current is not None and current.status in OPEN_STATUSES
        shown_id = self.ledger.lineage_id(current) if current is not None else goal_id
        self.asker.say(f"  {shown_id} changed meanwhile: now {change}; {'asking again' if again else 'skipped'}.")
        return False, current if again else None


def _ask_prompts(journal: Journal, period: Period, plan: ReviewPlan, asker: Asker, outcome: ReviewOutcome) -> None:
    """Ask the ledger's questions (with the numbers as they now stand) and each document's own; write each answer.

    An answer goes into its document, at the end of its section, above a closing footer.
    """
    from journal.documents import read_document
    from journal.metric_progress import ReportedValues

    ledger, _report = sync_journal(journal)
    reported = ReportedValues(journal, ledger)
    own = goals_for(ledger, period.key, period)
    summary = period_stats(ledger, period, reported=reported, goals=own)
    text = read_document(plan.document).text
    asked = ledger_prompts(ledger, period, summary, plan.previous, reported, own)
    asked += metric_prompts(journal, ledger, period, own, reported)
    prompts = [p for p in asked if p.question not in text]
    prompts += [p for p in plan.prompts if not p.from_ledger]
    several = len({p.document or plan.document for p in prompts}) > 1
    shown = None
    for prompt in prompts:
        target = prompt.document or plan.document
        if target != shown and several:
            asker.say(f"Questions of {journal.relative(target)}:")
            shown = target
        stopped = False
        try:
            answer = asker.answer(prompt.question)
        except ReviewStopped as stop:  # the lines typed so far are kept
            answer, stopped = stop.partial, True
        if answer is not None and answer.strip():
            answer = answer.strip("\n")
            block = f"*{prompt.question}*\n\n{answer}" if prompt.from_ledger else answer
            outcome.answered += _write_answer(journal, target, prompt.section, block, asker)
        if answer is None or stopped:
            outcome.quit = True
            asker.say(STOPPED)
            break


def _write_answer(journal: Journal, path: Path, section: str, block: str, asker: Asker) -> int:
    """Add an answer at the end of ``section`` of the document as it is now, above a closing footer (the
    person may have written in it while answering); 1 when written, 0 when the document is gone (the
    answer is then shown)."""
    from journal.documents import read_document
    from journal.footer import insert_above_footer

    with journal_lock(journal.lock_path):
        if not path.is_file():
            asker.say(f"  {journal.relative(path)} is gone; this answer was not written:\n{block}")
            return 0
        document = read_document(path)
        write_atomic(
            path,
            insert_above_footer(document.data, section, block),
            expected=document.data,
            read_only_error=DocumentError,
        )
    return 1
