"""`journal metrics` on the screen: the metrics by period with a sparkline, or one metric with its sources."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

import click

from journal.render import echo, print_json, print_table, terminal_safe

if TYPE_CHECKING:
    from journal.metrics import MetricsFound, Series

BLOCKS = "▁▂▃▄▅▆▇█"
ASCII_LEVELS = "_.-~=+*#"
SHOWN_PERIODS = 4  # period columns in the list; older values are in the sparkline
TREND_LIST, TREND_ONE = 12, 60  # the latest values a sparkline shows: in the list, for one metric


def can_show(text: str) -> bool:
    """Whether standard output's encoding can write ``text`` (the sparkline's blocks)."""
    encoding = getattr(sys.stdout, "encoding", None) or "ascii"
    try:
        text.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def sparkline(values: list[float | None], *, levels: str | None = None) -> str:
    """One character per value, low to high (``▁`` to ``█``, or ASCII where the output cannot show blocks).

    A missing value is a space; equal values sit in the middle.
    """
    levels = levels or (BLOCKS if can_show(BLOCKS) else ASCII_LEVELS)
    numbers = [v for v in values if v is not None]
    if not numbers:
        return ""
    low, high = min(numbers), max(numbers)
    top = len(levels) - 1
    marks = []
    for value in values:
        if value is None:
            marks.append(" ")
        elif high == low:
            marks.append(levels[top // 2])
        else:
            marks.append(levels[round((value - low) / (high - low) * top)])
    return "".join(marks)


def series_sparkline(series: Series, latest: int = TREND_ONE) -> str:
    """The sparkline of a metric's ``latest`` values by period (gaps where a period's value is missing)."""
    return sparkline([p.reading.value for p in series.points[-latest:]])


def print_metrics(found: MetricsFound, *, ids: dict[str, str], as_json: bool = False, no_color: bool = False) -> None:
    """Every metric: its latest periods' values as written, a sparkline, then the Change cells and conflicts."""
    if as_json:
        print_json({"metrics": [s.as_dict(ids) for s in found.series], "skipped": _skipped(found)})
        return
    if not found.series:
        click.echo("No metrics: no table in the documents has periods (| Metric | Q3 2025 | Q4 2025 |).", err=True)
    else:
        periods = sorted({p.period for s in found.series for p in s.points}, key=lambda p: p.sort_key)
        shown = periods[-SHOWN_PERIODS:]
        rows = []
        for series in found.series:
            by_period = {p.period: p.reading.text for p in series.points}
            values = [by_period.get(p, "") or "-" for p in shown]
            rows.append([series.name, *values, series_sparkline(series, TREND_LIST)])
        print_table(["METRIC", *(p.label for p in shown), "TREND"], rows, no_color=no_color)
        _problems(found.series)
    for name, why in found.skipped:
        echo(f"Skipped {terminal_safe(name)}: {terminal_safe(why)}", err=True)


def _skipped(found: MetricsFound) -> list[dict[str, str]]:
    return [{"document": name, "why": why} for name, why in found.skipped]


def _problems(series_list: list[Series]) -> None:
    """The Change cells that do not add up, and the values two documents disagree on, one line each."""
    lines = []
    for series in series_list:
        for source, line, check in series.mismatches:
            lines.append(
                f"{source}:{line}: {series.name}: Change says {check.text}, but its values give {check.expected}"
            )
        for conflict in series.conflicts:
            kept, other = conflict.kept, conflict.other
            lines.append(
                f"{other.source}:{other.line}: {series.name}, {kept.period.label}: {other.reading.text} here, "
                f"{kept.reading.text} in {kept.source}:{kept.line} (kept)"
            )
    if lines:
        click.echo("\nTo check:")
        for line in lines:
            click.echo(f"  {terminal_safe(line)}")


def print_metric(
    series: Series, *, ids: dict[str, str], as_json: bool = False, no_color: bool = False,
    progress: dict[str, Any] | None = None,
) -> None:  # fmt: skip
    """One metric: its values by period with where each is written, the sparkline, the checks, its goals
    (``progress``: each measurable goal's ``tracking.Progress`` by its link id, shown as `goals` shows it)."""
    from journal.render_targets import progress_cell, progress_json

    progress = progress or {}
    if as_json:
        shown = series.as_dict(ids)
        shown["progress"] = {ids.get(g.id, g.id): progress_json(progress.get(g.id)) for g in series.goals}
        print_json(shown)
        return
    unit = f" ({series.unit})" if series.unit and series.unit not in series.name else ""
    click.echo(terminal_safe(f"{series.name}{unit}: {series_sparkline(series)}"))
    rows = [[p.period.label, p.reading.text or "-", f"{p.source}:{p.line}"] for p in series.points]
    print_table(["PERIOD", "VALUE", "WHERE"], rows, no_color=no_color)
    for source, line, check in series.changes:
        verdict = "matches its values" if check.matches else f"does not match: its values give {check.expected}"
        click.echo(terminal_safe(f"Change {check.text} ({source}:{line}) {verdict}"))
    _problems_of_conflicts(series)
    if series.goals:
        click.echo("Goals following it:")
        measured = any(p.count for p in progress.values())  # a PROGRESS column as `goals` has, once measured
        rows = [
            [ids.get(g.id, g.id), g.status.replace("_", " "), g.for_period,
             *([progress_cell(progress.get(g.id))] if measured else []), g.text]
            for g in series.goals
        ]  # fmt: skip
        print_table(["ID", "STATUS", "PERIOD", *(["PROGRESS"] if measured else []), "TEXT"], rows, no_color=no_color)
    click.echo("Source lines:")
    for source, line, text in series.rows:
        click.echo(terminal_safe(f"  {source}:{line}: {text.strip()}"))


def _problems_of_conflicts(series: Series) -> None:
    for conflict in series.conflicts:
        kept, other = conflict.kept, conflict.other
        click.echo(
            terminal_safe(
                f"Conflict in {kept.period.label}: {other.reading.text} in {other.source}:{other.line}, "
                f"{kept.reading.text} in {kept.source}:{kept.line} (kept)"
            )
        )
