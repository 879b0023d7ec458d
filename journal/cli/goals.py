"""Goals across periods: `goals` lists them; `done`, `reopen`, `start`, `drop` change their status."""

from __future__ import annotations

import click

from journal.cli.common import all_or_nothing, current_state, parse_period, synced
from journal.cli.completion import complete_goal_id
from journal.errors import UsageError
from journal.ledger.model import STATUSES
from journal.render import echo, terminal_safe


@click.command()
@click.option("--open", "show_open", is_flag=True, help="Open and in-progress goals (the default).")
@click.option("--done", "show_done", is_flag=True, help="Done goals.")
@click.option("--dropped", "show_dropped", is_flag=True, help="Dropped goals.")
@click.option("--all", "show_all", is_flag=True,
              help="Every goal's every link: carried and removed ones too (LINK: each line's own id).")  # fmt: skip
@click.option("--stale", is_flag=True, help="Goals whose period has ended without a decision (open, [/] or [>]).")
@click.option("--period", "period", metavar="P", help="Goals for P; a year or quarter includes its months and weeks.")
@click.option("--section", metavar="TEXT", help="Goals whose section heading contains TEXT (any case).")
@click.option("--owner", metavar="NAME", help="Goals NAME owns (@name, Owner: Name; any case).")
@click.option("--tag", metavar="TAG", help="Goals tagged #TAG (or a tag nested under it, #TAG/...).")
@click.option("--due-before", metavar="DATE|P", help="Goals due by the end of DATE or period P (a DUE column).")
@click.option("--overdue", is_flag=True, help="Open goals whose due date has passed (a DUE column).")
@click.option("--json", "as_json", is_flag=True, help="A JSON array of goals.")
@all_or_nothing
def goals(
    show_open: bool, show_done: bool, show_dropped: bool, show_all: bool, stale: bool, period: str | None,
    section: str | None, owner: str | None, tag: str | None, due_before: str | None, overdue: bool, as_json: bool,
) -> None:  # fmt: skip
    """List goals across all periods: id, status, period, age, text, where.

    A goal keeps one id across every carry (its first line's); the id of
    any of its lines, or a unique prefix, names it too. In --json, id is
    the goal's id and link_id the line's own.

    PERIOD is the period a goal is for: the one its heading names
    ("Q1 2025 Priorities"), else its document's. Filters combine: --done
    --dropped lists both. --stale lists the goals left undecided when their
    period ended (a skipped review, a skipped quarter); `journal new` and
    `journal review` offer them again. --owner, --tag, --due-before and
    --overdue choose by what the goal's line says (@dana, #infra, due:
    2025-03-31, 📅 2025-03-31, by end of March). Syncs changed documents first.

    \b
    Examples:
      journal goals --period 2025-q1 --open
      journal goals --stale              what was never decided
      journal goals --period 2025 --done what got done in 2025
      journal goals --owner dana --tag infra
      journal goals --overdue            open goals past their due date
    """
    from journal.queries import carry_ages, chosen_statuses, select_goals
    from journal.render import print_goals

    state = current_state()
    journal = state.journal()
    within = parse_period(period, journal) if period is not None else None
    ledger = synced(journal)
    statuses = chosen_statuses(show_open=show_open, show_done=show_done, show_dropped=show_dropped, show_all=show_all)
    # --all lists every link (carried and removed ones too); the other filters list each goal once, where it lives now.
    selected = select_goals(
        ledger, statuses, within, section, fiscal=journal.settings.fiscal_year_start, latest_only=not show_all
    )
    if stale:
        if show_done or show_dropped or show_all:
            raise UsageError("--stale lists undecided goals; it does not combine with --done, --dropped or --all")
        from journal.clock import today
        from journal.queries import stale_goals

        undecided = {g.id for g in stale_goals(ledger, today(), fiscal=journal.settings.fiscal_year_start)}
        everything = select_goals(ledger, STATUSES, within, section, fiscal=journal.settings.fiscal_year_start)
        selected = [g for g in everything if g.id in undecided]
    wanted = _attribute_filter(owner, tag, due_before, overdue, journal, show_done or show_dropped)
    if wanted is not None:
        from journal.goal_filters import filter_goals

        selected = filter_goals(selected, wanted, ledger)
    ages, ids = carry_ages(ledger, selected), ledger.lineage_ids(selected)
    progress = _progress(journal, ledger, selected) if any(goal.direction for goal in selected) else None
    print_goals(
        selected, ages=ages, ids=ids, links=show_all, as_json=as_json, no_color=state.no_color,
        with_due=wanted is not None and wanted.asks_due, progress=progress,
    )  # fmt: skip


def _progress(journal, ledger, selected: list) -> dict:  # noqa: ANN001
    """The measurable goals' progress, from their tracked values and the metrics they follow."""
    from journal.metric_progress import ReportedValues
    from journal.tracking import goals_progress

    reported = ReportedValues(journal, ledger)
    return goals_progress(ledger, selected, journal.settings.fiscal_year_start, reported=reported)


def _attribute_filter(
    owner: str | None, tag: str | None, due_before: str | None, overdue: bool, journal, decided: bool
):  # fmt: skip
    """The AttributeFilter the options ask for; None when they ask nothing."""
    if owner is None and tag is None and due_before is None and not overdue:
        return None
    from datetime import timedelta

    from journal.clock import today
    from journal.goal_filters import AttributeFilter

    if overdue and decided:
        raise UsageError("--overdue lists open goals; it does not combine with --done or --dropped")
    for name, value, example in (("--owner", owner, "dana"), ("--tag", tag, "infra")):
        if value is not None and not value.strip().lstrip("@#").strip():
            raise UsageError(f"{name} is empty", hint=f"give one, like {name} {example}")
    before = None
    if due_before is not None:
        # due by the end of the day or period named (a date is a day: "2025-04-30" and "30 April 2025" agree)
        before = parse_period(due_before, journal).end + timedelta(days=1)
    return AttributeFilter(owner=owner, tag=tag, due_before=before, overdue_on=today() if overdue else None)


def _change_status(ids: tuple[str, ...], status: str, verb: str, reason: str | None = None) -> None:
    from journal.status_change import change_status

    state = current_state()
    shown: dict[str, str] = {}  # link id -> the goal's id (its lineage's)
    changed, already = change_status(
        state.journal(),
        ids,
        status,
        reason,
        on_skipped=lambda name, why: state.notice(f"Skipped {terminal_safe(name)}: {terminal_safe(why)}"),
        lineage_ids=shown,
    )
    for goal in changed:
        echo(f"{verb} {shown.get(goal.id, goal.id)}  {terminal_safe(goal.text)}")
    for goal in already:
        label = status.replace("_", " ")
        echo(f"{shown.get(goal.id, goal.id)} is already {label}: {terminal_safe(goal.text)}", err=True)


_IDS = click.argument("ids", nargs=-1, required=True, metavar="ID...", shell_complete=complete_goal_id)


@click.command()
@_IDS
def done(ids: tuple[str, ...]) -> None:
    """Mark goals done ([x]); ID may be any unique prefix of a goal id.

    \b
    Example:
      journal done 2lf k7f3   two goals, by id prefix
    """
    _change_status(ids, "done", "Done")


@click.command()
@_IDS
def reopen(ids: tuple[str, ...]) -> None:
    """Mark goals open again ([ ]).

    \b
    Example:
      journal reopen 2lf
    """
    _change_status(ids, "open", "Reopened")


@click.command()
@_IDS
def start(ids: tuple[str, ...]) -> None:
    """Mark goals in progress ([/]).

    \b
    Example:
      journal start 2lf
    """
    _change_status(ids, "in_progress", "Started")


@click.command()
@_IDS
@click.option("--reason", "-r", metavar="TEXT", help="Why; kept in the goal's history.")
def drop(ids: tuple[str, ...], reason: str | None) -> None:
    """Mark goals dropped ([-]), with an optional reason.

    \b
    Example:
      journal drop 5bc --reason "superseded by the platform RFC"
    """
    if reason is not None and not reason.strip():
        raise UsageError("the reason is empty", hint="give one with --reason TEXT, or leave --reason out")
    _change_status(ids, "dropped", "Dropped", reason=reason)
