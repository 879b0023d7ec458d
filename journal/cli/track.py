"""`journal track`: record a measurement of a measurable goal."""

from __future__ import annotations

import sys

import click

from journal.cli.common import all_or_nothing, current_state
from journal.cli.completion import complete_goal_id
from journal.errors import UsageError
from journal.render import echo, terminal_safe


@click.command(context_settings={"ignore_unknown_options": False})
@click.argument("goal_id", metavar="ID", shell_complete=complete_goal_id)
@click.argument("value", metavar="[VALUE]", required=False)
@click.option("--metric", "metric", metavar="NAME", help="Follow metric NAME: its values in the reports count too.")
@click.option("--on", "on", metavar="DATE", help="The day it was measured (YYYY-MM-DD; default: today).")
@click.option("--note", metavar="TEXT", help="A word about it, kept with the measurement.")
@click.option("--done", "mark_done", is_flag=True, help="Mark the goal done too.")
@all_or_nothing
def track(
    goal_id: str, value: str | None, on: str | None, note: str | None, mark_done: bool, metric: str | None
) -> None:
    """Record VALUE as goal ID's measurement today (or --on DATE), in its ledger history.

    \b
    Examples:
      journal track k7f3 245ms            P99 latency measured today
      journal track k7f3 0.21s --on 2025-04-10 --note "after the cache"
      journal track 9qd2 +1               one more blog post this period
      journal track k7f3 --metric p95     measured by the reports too

    ID is a goal whose words state a target ("below 200ms", "at least 80%",
    "Run 300 km", "1 blog post per month"; see "Measurable goals" in the
    README). VALUE is a number, with the goal's unit or another of the same
    kind (0.5h for a goal in minutes); +N adds N to the latest value, which is
    how a cadence goal counts what it did in its period. A value that meets
    the target asks whether to mark the goal done (on a terminal), or says how
    to; --done marks it done.

    --metric NAME (a metric of `journal metrics`, or a unique prefix) makes
    the goal follow it, as `journal metrics NAME --follow ID` does: each of
    the metric's values then counts as a measurement on its period's last
    day, beside the ones tracked.
    """
    from journal.render_targets import progress_line
    from journal.tracking import record_measurement, target_of

    journal = current_state().journal()
    if value is None and metric is None:
        raise UsageError("give the VALUE measured, or --metric NAME", hint="journal track ID 245ms")
    if value is None:
        if on is not None or note is not None or mark_done:
            raise UsageError("--on, --note and --done go with a VALUE", hint="journal track ID VALUE --on DATE")
        _follow(journal, goal_id, metric or "")
        return
    if metric is not None:
        _follow(journal, goal_id, metric, quiet=True)
    tracked = record_measurement(journal, goal_id, value, on=_day(on), note=_note(note), mark_done=mark_done)
    goal, shown = tracked.goal, tracked.lineage_id
    echo(f"Tracked {shown}  {terminal_safe(goal.text)}")
    target = target_of(goal)
    assert target is not None
    echo(f"  {progress_line(target, tracked.progress)}")
    if tracked.marked_done:
        echo(f"Done {shown}  {terminal_safe(goal.text)}")
    elif tracked.progress.met and goal.status != "done":
        _offer_done(journal, shown)


def _follow(journal, goal_id: str, name: str, *, quiet: bool = False) -> None:  # noqa: ANN001
    """Make the goal follow metric ``name``; unless ``quiet``, say so and show its progress from the reports."""
    from journal.cli.common import synced
    from journal.metric_goals import follow_metric

    synced(journal)
    if not name.strip():
        raise UsageError("--metric needs a metric's name", hint="'journal metrics' lists them")
    goal, series = follow_metric(journal, goal_id, name)
    if not quiet:
        assert series is not None
        show_following(journal, goal, series)


def show_following(journal, goal, series) -> None:  # noqa: ANN001
    """Say that ``goal`` now follows metric ``series``, and the progress the metric gives it."""
    from journal.ledger import load_ledger
    from journal.metric_progress import ReportedValues
    from journal.render_targets import progress_line
    from journal.tracking import goal_progress, target_of

    ledger = load_ledger(journal)
    goal = ledger.latest(ledger.resolve(goal.id))
    echo(f"{ledger.lineage_id(goal)} follows {terminal_safe(series.name)}: {terminal_safe(goal.text)}")
    target = target_of(goal)
    if target is None:
        echo("  no target in its words: the metric gives it no progress")
        return
    reported = ReportedValues(journal, ledger)
    reached = goal_progress(ledger, goal, journal.settings.fiscal_year_start, reported=reported)
    assert reached is not None
    echo(f"  {progress_line(target, reached)}")


def _offer_done(journal, shown: str) -> None:
    """On a terminal, ask whether to mark the goal done; elsewhere, say how to."""
    if not sys.stdin.isatty():
        echo(f"It meets its target: mark it done with `journal done {shown}`.")
        return
    if click.confirm("It meets its target. Mark done?", default=False):
        from journal.status_change import change_status

        changed, _already = change_status(journal, [shown], "done")
        for goal in changed:
            echo(f"Done {shown}  {terminal_safe(goal.text)}")


def _day(text: str | None):
    from datetime import date

    if text is None:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        from journal.documents import shorten

        raise UsageError(f"--on {shorten(text)!r} is not a date", hint="write it as YYYY-MM-DD") from None


def _note(text: str | None) -> str | None:
    if text is None:
        return None
    from journal.capture import one_line_text

    return one_line_text(text, "note")
