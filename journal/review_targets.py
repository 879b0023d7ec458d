"""What a review adds for measurable goals: the current value asked first, progress shown, missed targets raised."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from journal.ledger import Goal, Ledger
    from journal.periods import Period
    from journal.review_plan import Prompt
    from journal.tracking import Reporter


def target_prompts(
    ledger: Ledger, period: Period, reported: Reporter | None = None, open_goals: list[Goal] | None = None
) -> list[Prompt]:
    """The "target missed two quarters running" questions: an open goal whose target went unmet in two periods
    in a row (``open_goals``: ``review_plan.open_goals_for(ledger, period)`` when the caller has them)."""
    from journal.review_plan import REVIEW_NOTES, Prompt, open_goals_for
    from journal.tracking import missed_running, target_of

    prompts = []
    for goal in open_goals if open_goals is not None else open_goals_for(ledger, period):
        missed = missed_running(ledger, goal, period.fiscal_year_start, reported=reported)
        if len(missed) >= 2:
            target = target_of(goal)
            assert target is not None
            kind = period.kind if period.kind != "day" else "period"
            count = "two" if len(missed) == 2 else str(len(missed))
            question = (
                f"'{goal.text}': target ({target.describe()}) missed {count} {kind}s running: "
                "change the target, the plan, or drop it?"
            )
            prompts.append(Prompt(REVIEW_NOTES, question, True))
    return prompts


def target_lines(
    ledger: Ledger, goal: Goal, fiscal_year_start: int = 1, reported: Reporter | None = None
) -> list[str]:
    """`review --print`'s line under a measurable goal: its target and progress (none for other goals)."""
    from journal.render_targets import progress_line
    from journal.tracking import goal_progress, target_of

    target = target_of(goal)
    if target is None:
        return []
    reached = goal_progress(ledger, goal, fiscal_year_start, reported=reported)
    assert reached is not None
    return [f"  - {progress_line(target, reached)}"]


def ask_current_value(walk, goal: Goal, position: int, total: int, carried: int, shown_id: str) -> bool:
    """Before the done/carry question, ask a measurable goal's current value and record it; Enter skips.

    ``walk`` is the review's (journal, ledger, asker). The asker's ``value`` method shows the goal and
    its progress and asks ("" skips); an asker without one is not asked. A value that cannot be read
    is said so and asked again; the lock is taken only to record it. True once asked.
    """
    from journal.errors import JournalError, UsageError
    from journal.render_targets import progress_line
    from journal.tracking import goal_progress, record_measurement, target_of

    target = target_of(goal)
    ask_value = getattr(walk.asker, "value", None)
    if target is None or ask_value is None:
        return True
    from journal.metric_progress import ReportedValues

    reported = ReportedValues(walk.journal, walk.ledger)
    reached = goal_progress(walk.ledger, goal, walk.journal.settings.fiscal_year_start, reported=reported)
    assert reached is not None
    shown = progress_line(target, reached)
    while True:
        value = ask_value(goal, position, total, carried, shown_id, shown)
        shown = ""  # the progress is shown once, above the first question
        if not value:
            return True
        try:
            tracked = record_measurement(walk.journal, goal.id, value, by="review")
        except UsageError as error:
            walk.asker.say(f"  {error.message}")
            continue
        except JournalError as error:  # the goal changed meanwhile, or a file could not be written: say so, go on
            walk.asker.say(f"  not recorded: {error.message}")
            return True
        walk.asker.say(f"  {progress_line(target, tracked.progress)}")
        return True
