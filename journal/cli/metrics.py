"""`journal metrics`: the metric tables of every document, read as values by period."""

from __future__ import annotations

import click

from journal.cli.common import all_or_nothing, current_state, synced
from journal.cli.completion import complete_goal_id
from journal.render import echo, terminal_safe


@click.command(short_help="Metrics across periods: tables of values by period, with a sparkline; one with NAME.")
@click.argument("words", metavar="[NAME]", nargs=-1)
@click.option("--json", "as_json", is_flag=True, help="The metrics (or NAME) as JSON: values, checks, goals, sources.")
@click.option(
    "--svg", "svg", metavar="FILE", type=click.Path(dir_okay=False), help="Also save a chart of them as an SVG image."
)
@click.option(
    "--follow", "follow_id", metavar="ID", shell_complete=complete_goal_id, help="Make goal ID follow metric NAME."
)
@click.option(
    "--unfollow",
    "unfollow_id",
    metavar="ID",
    shell_complete=complete_goal_id,
    help="Goal ID follows no metric (not even one its words name).",
)
@all_or_nothing
def metrics(
    words: tuple[str, ...], as_json: bool, svg: str | None, follow_id: str | None, unfollow_id: str | None
) -> None:
    """Metrics across periods: tables whose columns are periods, read as values by period.

    A table counts when its header names periods (| Metric | Q3 2024 | Q4 2024 |,
    | | 2024 | 2025 |, or | | Jan | Feb | in a dated document), or has a Value or
    Current column in a document that has a period. The first column names the
    metric; a Change column is checked against the values beside it. NAME is a
    metric's name or a unique prefix of it (case ignored; quoting is optional).
    A goal follows the metric its text names, or the one --follow gives it
    (as `journal track ID --metric NAME` does): a measurable goal's progress
    then counts the metric's values.

    \b
    Examples:
      journal metrics
      journal metrics deploys --svg deploys.svg
      journal metrics "Lead time" --follow k7f3
    """
    from journal.errors import UsageError

    name = " ".join(words) if words else None
    if follow_id is not None and unfollow_id is not None:
        raise UsageError("--follow and --unfollow cannot be used together")
    if follow_id is not None and name is None:
        raise UsageError("--follow needs the metric's NAME", hint="journal metrics NAME --follow ID")
    if unfollow_id is not None and name is not None:
        raise UsageError("--unfollow takes no NAME", hint="journal metrics --unfollow ID")
    state = current_state()
    journal = state.journal()
    if follow_id is not None or unfollow_id is not None:
        _follow(journal, follow_id or unfollow_id or "", name)
        return
    _show(journal, name, as_json=as_json, svg=svg, no_color=state.no_color)


def _goals_progress(journal, ledger, found, goals: list) -> dict:  # noqa: ANN001
    """The progress of the measurable ``goals`` (by link id), from their tracked values and the metrics they follow."""
    if not any(goal.direction for goal in goals):
        return {}
    from journal.metric_progress import ReportedValues
    from journal.tracking import goals_progress

    reported = ReportedValues(journal, ledger, found=found)
    return goals_progress(ledger, goals, journal.settings.fiscal_year_start, reported=reported)


def _show(journal, name: str | None, *, as_json: bool, svg: str | None, no_color: bool) -> None:  # noqa: ANN001
    from journal.metric_goals import attach_goals
    from journal.metric_render import print_metric, print_metrics
    from journal.metrics import find_metric, read_metrics

    ledger = synced(journal)
    found = read_metrics(journal)
    attach_goals(ledger, found)
    chosen = [find_metric(found, name)] if name is not None else found.series
    ids = ledger.lineage_ids([goal for series in chosen for goal in series.goals])
    if svg and chosen:
        _save_svg(svg, chosen)
    if name is not None:
        progress = _goals_progress(journal, ledger, found, chosen[0].goals)
        print_metric(chosen[0], ids=ids, as_json=as_json, no_color=no_color, progress=progress)
    else:
        print_metrics(found, ids=ids, as_json=as_json, no_color=no_color)
    if svg and chosen:
        echo(f"Saved the chart to {terminal_safe(svg)}", err=True)


def _save_svg(svg: str, chosen: list) -> None:
    from pathlib import Path

    from journal.atomic import write_output
    from journal.metric_svg import metrics_svg

    write_output(Path(svg).absolute(), metrics_svg(chosen).encode("utf-8"))


def _follow(journal, goal_id: str, name: str | None) -> None:  # noqa: ANN001
    from journal.metric_goals import follow_metric

    synced(journal)
    goal, series = follow_metric(journal, goal_id, name)
    if series is not None:
        from journal.cli.track import show_following

        show_following(journal, goal, series)
        return
    from journal.ledger import load_ledger

    echo(f"{load_ledger(journal).lineage_id(goal)} follows no metric: {terminal_safe(goal.text)}")
