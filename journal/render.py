"""Output: rich tables on a terminal, plain aligned text when piped, JSON on --json.

Only this module and cli.py print. rich is imported only when a terminal
table is drawn.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Sequence
from typing import Any

import click

from journal.safe_text import terminal_safe
from journal.sync_report import not_taken_lines  # noqa: F401 - callers import it from here

STATUS_STYLE = {
    "open": "",
    "in_progress": "yellow",
    "done": "green",
    "carried": "cyan",
    "dropped": "dim",
    "removed": "dim strike",
}


def _label(status: Any) -> str:
    """A status as people read it (``in progress``); the table is the ledger's, loaded when first needed."""
    from journal.ledger.model import STATUS_LABEL

    return STATUS_LABEL.get(status, status)


def echo(message: str = "", *, err: bool = False, nl: bool = True) -> None:
    """click.echo for a message holding user text: made safe for a terminal first."""
    click.echo(terminal_safe(message, newlines=True), err=err, nl=nl)


QUOTE_LIMIT = 60  # characters of user text kept when an error quotes it
ERROR_LIMIT = 1000  # characters of an error line
_LONG_QUOTE = re.compile(r"""(?<!\w)(['"])([^'"]{80,}?)\1(?!\w)""")  # quoted user text of 80 characters or more
_LONG_RUN = re.compile(r"\S{200,}")


def error_text(message: str) -> str:
    """An error message as one safe line of reasonable length: user text quoted in it is cut."""
    line = terminal_safe(message)
    line = _LONG_QUOTE.sub(lambda m: f"{m.group(1)}{m.group(2)[:QUOTE_LIMIT]}…{m.group(1)}", line)
    line = _LONG_RUN.sub(lambda m: f"{m.group()[:120]}…{m.group()[-60:]}", line)
    return line if len(line) <= ERROR_LIMIT else line[: ERROR_LIMIT - 1] + "…"


def echo_document(text: str) -> None:
    """A document-like output (Markdown, CSV, a template): as it is when piped, made safe on a terminal."""
    if on_terminal():
        click.echo(terminal_safe(text, newlines=True), nl=False)
    else:
        click.echo(text, nl=False, color=True)  # color=True: click would strip escape sequences from data


def on_terminal() -> bool:
    """Whether standard output is a terminal (rich tables, rendered Markdown) or not (plain text)."""
    return sys.stdout.isatty()


def use_color(no_color: bool = False) -> bool:
    """Colour only on a terminal, never with NO_COLOR or --no-color."""
    return not no_color and "NO_COLOR" not in os.environ and on_terminal()


def print_json(data: Any) -> None:
    """One JSON document on stdout."""
    import json

    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


def plain_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Columns aligned with two spaces, the last one unpadded; cells made safe for a terminal."""
    rows = [[str(cell) for cell in row] for row in rows]
    if not "".join(cell for row in rows for cell in row).isprintable():  # one look for the usual case
        rows = [[terminal_safe(cell) for cell in row] for row in rows]
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows, strict=True)]
    lines = []
    for row in (headers, *rows):
        cells = [str(cell).ljust(width) for cell, width in zip(row[:-1], widths, strict=False)]
        lines.append("  ".join([*cells, str(row[-1])]).rstrip())
    return "\n".join(lines)


def print_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    styles: Sequence[str] | None = None,
    no_color: bool = False,
    title: str | None = None,
) -> None:
    """A rich table on a terminal; plain aligned text otherwise.

    Cells are user text: never read as rich markup (``[/]``, ``[link=...]``) nor emoji codes.
    """
    if not on_terminal():
        click.echo(plain_table(headers, rows))
        return
    from journal.tables import print_rich_table

    print_rich_table(headers, rows, styles=styles, color=use_color(no_color), title=title)


def goal_rows(
    goals: Sequence[Any], ages: dict[str, int] | None = None, ids: dict[str, str] | None = None, *, links: bool = False,
    with_due: bool = False, progress: dict[str, Any] | None = None,
) -> tuple[list[str], list[list[str]], list[str]]:  # fmt: skip
    """Headers, rows and row styles for a list of goals; an AGE column when some goal was carried.

    ``ids``: each link's id -> the id shown for its goal (its lineage's); with
    ``links``, a LINK column with each link's own id when some differs from it;
    with ``with_due``, a DUE column (the due date read from the goal's line).
    ``progress``: each measurable goal's ``tracking.Progress``; a PROGRESS column once some goal was measured.
    """
    ages, ids, progress = ages or {}, ids or {}, progress or {}
    with_age = any(ages.get(goal.id) for goal in goals)
    with_progress = any(p.count for p in progress.values())
    if with_progress:
        from journal.render_targets import progress_cell
    with_link = links and any(ids.get(goal.id, goal.id) != goal.id for goal in goals)
    headers = ["ID", *(["LINK"] if with_link else []), "STATUS", "PERIOD", *(["DUE"] if with_due else [])]
    headers += ["AGE"] if with_age else []
    headers += [*(["PROGRESS"] if with_progress else []), "TEXT", "WHERE"]
    rows = []
    for goal in goals:
        age = ages.get(goal.id, 0)
        rows.append(
            [
                ids.get(goal.id, goal.id),
                *([goal.id] if with_link else []),
                _label(goal.status) + (f" [{goal.marker}]" if goal.marker is not None else ""),
                goal.for_period,
                *([goal.due or ""] if with_due else []),
                *([f"{age} carried" if age else ""] if with_age else []),
                *([progress_cell(progress.get(goal.id))] if with_progress else []),
                goal.text or "(empty)",
                f"{goal.source}:{goal.line}",
            ]
        )
    return headers, rows, [STATUS_STYLE.get(goal.status, "") for goal in goals]


def print_goals(goals: Sequence[Any], *, ages: dict[str, int] | None = None, ids: dict[str, str] | None = None,
                links: bool = False, as_json: bool = False, no_color: bool = False,
                with_due: bool = False, progress: dict[str, Any] | None = None) -> None:  # fmt: skip
    """The `goals` listing; ``ages``: how many periods each goal has been carried; ``ids``/``links``/``with_due``/
    ``progress``: see goal_rows (in JSON, ``progress`` is each goal's, null when it is not measurable)."""
    if as_json:
        from journal.render_targets import progress_json

        ids, measured = ids or {}, progress or {}
        print_json([{**goal.as_dict(ids.get(goal.id)), "progress": progress_json(measured.get(goal.id)),
                     "age": (ages or {}).get(goal.id, 0)} for goal in goals])  # fmt: skip
        return
    if not goals:
        click.echo("No goals match.", err=True)
        return
    headers, rows, styles = goal_rows(goals, ages, ids, links=links, with_due=with_due, progress=progress)
    print_table(headers, rows, styles=styles, no_color=no_color)


def print_items(items: Sequence[dict[str, Any]], *, as_json: bool = False, no_color: bool = False) -> None:
    """The `extract` listing: items found in files outside any journal."""
    if as_json:
        print_json(list(items))
        return
    headers = ["WHERE", "KIND", "STATUS", "TARGET", "TEXT"]
    rows = [
        [f"{i['file']}:{i['line']}", i["kind"], _label(i["status"]), i["target"] or "-", i["text"]] for i in items
    ]
    if rows:
        print_table(headers, rows, no_color=no_color)
    else:
        click.echo("No goals found.", err=True)


def print_sync_report(report: Any, *, ids: dict[str, str] | None = None, as_json: bool = False) -> None:
    """What a sync changed, one line per goal (a link), shown by its goal's id (``ids``: link id -> lineage id)."""
    ids = ids or {}
    if as_json:
        print_json(
            {
                "documents": list(report.parsed),
                "added": [goal.as_dict(ids.get(goal.id)) for goal in report.added],
                "changed": [{**g.as_dict(ids.get(g.id)), "changed": what.split(", ")} for g, what in report.changed],
                "removed": [goal.as_dict(ids.get(goal.id)) for goal in report.removed],
                "skipped": [{"document": name, "why": why} for name, why in report.skipped],
                "not_taken": [
                    {"document": name, "line": line, "why": why}
                    for name, lines in report.not_taken.items()
                    for line, why in lines
                ],
            }
        )
        return
    from journal.sync_report import report_lines

    for to_stderr, line in report_lines(report, ids):
        echo(line, err=to_stderr)


def sync_report_ids(ledger: Any, report: Any) -> dict[str, str]:
    """The lineage id of each goal a sync report names (none without a ledger: then nothing changed)."""
    if ledger is None:
        return {}
    return ledger.lineage_ids([*report.added, *(goal for goal, _what in report.changed), *report.removed])


BAR_WIDTH = 20


def rate_bar(rate: float | None) -> str:
    """A 20-character bar for a completion rate (eighths of a block for precision)."""
    if rate is None:
        return " " * BAR_WIDTH
    eighths = round(rate * BAR_WIDTH * 8)
    full, rest = divmod(eighths, 8)
    partial = " ▏▎▍▌▋▊▉"[rest].strip() if rest else ""
    return ("█" * full + partial).ljust(BAR_WIDTH, "·")


def stats_rows(rows: Sequence[Any], reviews: dict[str, str] | None = None) -> tuple[list[str], list[list[str]]]:
    """Headers and rows of the per-period table; with ``reviews`` (period -> review state), a REVIEWED column."""
    headers = ["PERIOD", "SET", "DONE", "DROPPED", "CARRIED", "OPEN", "RATE", "COMPLETION"]
    body = [
        [
            row.period,
            str(row.set),
            str(row.done),
            str(row.dropped),
            str(row.carried_out),
            str(row.open + row.in_progress),
            f"{row.rate:.0%}" if row.rate is not None else "-",
            rate_bar(row.rate),
        ]
        for row in rows
    ]
    if any(getattr(row, "measurable", 0) for row in rows):  # measurable goals: targets met / measurable
        headers.insert(7, "TARGETS")
        for row, line in zip(rows, body, strict=True):
            line.insert(7, f"{row.targets_met}/{row.measurable}" if row.measurable else "-")
    if reviews:
        headers.insert(headers.index("COMPLETION"), "REVIEWED")
        for row, line in zip(rows, body, strict=True):
            line.insert(len(line) - 1, reviews.get(row.period, "-"))
    return headers, body


def print_stats(
    rows: Sequence[Any],
    oldest: Sequence[tuple[Any, int]],
    *,
    as_json: bool = False,
    svg: str | None = None,
    no_color: bool = False,
    reviews: dict[str, str] | None = None,
    ids: dict[str, str] | None = None,
) -> None:
    """`journal stats`: the per-period table with its bars, then the goals open the longest.

    ``reviews``: each period's review state (a date, ``unfinished``, ``-``), shown once any review is on record.
    ``ids``: each goal's link id -> its lineage id, the id shown.

    The SVG is written first: a chart that cannot be saved is an error before anything is printed.
    """
    if svg and rows:
        _save_stats_svg(rows, svg)
    if as_json:
        print_json(
            {
                "periods": [{**row.as_dict(), "reviewed": (reviews or {}).get(row.period, "-")} for row in rows],
                "longest_open": [
                    {**goal.as_dict((ids or {}).get(goal.id)), "carried": carried} for goal, carried in oldest
                ],
            }
        )
    elif not rows:
        click.echo("No goals yet.", err=True)
    else:
        headers, body = stats_rows(rows, reviews if reviews and any(v != "-" for v in reviews.values()) else None)
        print_table(headers, body, no_color=no_color)
        if oldest:
            click.echo("")
            click.echo("Open the longest:")
            shown = ids or {}
            old_rows = [
                [shown.get(g.id, g.id), f"carried {carried}" if carried else "not carried", g.for_period, g.text]
                for g, carried in oldest
            ]
            print_table(["ID", "AGE", "PERIOD", "TEXT"], old_rows, no_color=no_color)
    if svg and rows:
        echo(f"Saved the chart to {svg}", err=True)


def _save_stats_svg(rows: Sequence[Any], svg: str) -> None:
    """The per-period table as a self-contained SVG at ``svg``."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(record=True, width=100, file=open(os.devnull, "w"))  # noqa: SIM115
    table = Table(title="Goals completed per period", box=None, header_style="bold")
    headers, body = stats_rows(rows)
    for header in headers:
        table.add_column(header, justify="right" if header not in ("PERIOD", "COMPLETION") else "left")
    for line in body:
        table.add_row(*(Text(terminal_safe(cell)) for cell in line[:-1]), Text(line[-1], style="green"))
    console.print(table)
    from pathlib import Path

    from journal.atomic import write_output
    from journal.svg import self_contained_svg_format

    chart = console.export_svg(title="journal stats", code_format=self_contained_svg_format())
    write_output(Path(svg).absolute(), chart.encode("utf-8"))


def print_document(text: str, *, no_color: bool = False) -> None:
    """A document: rendered Markdown on a terminal (control characters shown escaped), its text as it is when piped."""
    if not on_terminal():
        click.echo(text, nl=not text.endswith("\n"), color=True)  # as it is: click would strip escape sequences
        return
    from rich.console import Console
    from rich.markdown import Markdown

    safe = terminal_safe(text.replace("\r\n", "\n"), newlines=True)
    Console(no_color=not use_color(no_color)).print(Markdown(safe))


def print_documents(rows: Sequence[dict[str, Any]], *, as_json: bool = False, no_color: bool = False) -> None:
    """`journal list`: documents by period with goal counts and completion."""
    if as_json:
        print_json(list(rows))
        return
    if not rows:
        click.echo("No documents yet: 'journal new this' writes one.", err=True)
        return
    headers = ["PERIOD", "GOALS", "DONE", "OPEN", "DROPPED", "CARRIED", "RATE", "DOCUMENT"]
    body = [
        [
            row["period"] or "-",
            str(row["goals"]),
            str(row["done"]),
            str(row["open"]),
            str(row["dropped"]),
            str(row["carried"]),
            f"{row['rate']:.0%}" if row["rate"] is not None else "-",
            row["document"],
        ]
        for row in rows
    ]
    if any(row.get("reviewed", "-") != "-" for row in rows):  # once a review is on record (journal.reviews)
        headers.insert(7, "REVIEWED")
        for row, line in zip(rows, body, strict=True):
            line.insert(7, row["reviewed"])
    print_table(headers, body, no_color=no_color)


def print_import_report(report: Any, root: Any, *, dry_run: bool, as_json: bool = False) -> None:
    """`journal import`: each document and what became of it, then a summary."""
    rows = [
        {
            "source": str(c.source),
            "period": c.period.key if c.period else None,
            "from": c.how if c.period else None,
            "document": c.target.relative_to(root).as_posix() if c.target else None,
            "goals": c.goals,
            "skipped": c.skipped,
        }
        for c in report.candidates
    ]
    if as_json:
        print_json({"dry_run": dry_run, "documents": rows})
        return
    verb = "would import" if dry_run else "imported"
    for row in rows:
        if row["skipped"] is None:
            goals = f"{row['goals']} goal{'s' if row['goals'] != 1 else ''}"
            echo(f"{row['source']} -> {row['document']}  ({row['period']}, from {row['from']}; {goals})")
    for row in rows:
        if row["skipped"] is not None:
            echo(f"Skipped {terminal_safe(row['source'])}: {terminal_safe(row['skipped'])}", err=True)
    imported = [r for r in rows if r["skipped"] is None]
    goals = sum(r["goals"] for r in imported)
    click.echo(
        f"{verb.capitalize()} {len(imported)} document{'s' if len(imported) != 1 else ''} "
        f"({goals} goal{'s' if goals != 1 else ''}); skipped {len(rows) - len(imported)}."
    )


def print_templates(found: Sequence[tuple[Any, bool]], *, as_json: bool = False, no_color: bool = False) -> None:
    """`journal templates`: each template (with whether it overrides a built-in one), where it comes from, its use."""
    rows = [
        {
            "name": template.name,
            "source": "yours, overrides the built-in" if overrides else ("built-in" if template.builtin else "yours"),
            "default_for": template.kind,
            "description": template.description,
            "path": str(template.path),
            "prompts": [p.question for p in template.prompts],
        }
        for template, overrides in found
    ]
    if as_json:
        print_json(rows)
        return
    print_table(
        ["NAME", "SOURCE", "DEFAULT FOR", "DESCRIPTION"],
        [[r["name"], r["source"], r["default_for"] or "-", r["description"]] for r in rows],
        no_color=no_color,
    )


def print_search(
    found: Any, *, ids: dict[str, str] | None = None, as_json: bool = False, no_color: bool = False
) -> None:
    """`journal search`: the matching lines (period, file:line, the line), then the matching goals (``ids``: shown)."""
    ids = ids or {}
    if as_json:
        goals = [g.as_dict(ids.get(g.id)) for g in found.goals]
        print_json({"lines": [m.as_dict() for m in found.lines], "goals": goals})
    else:
        if found.lines:
            rows = [[m.period or "-", f"{m.file}:{m.line}", m.text.strip()] for m in found.lines]
            print_table(["PERIOD", "WHERE", "LINE"], rows, no_color=no_color)
        if found.lines and found.goals:
            click.echo("")
        if found.goals:
            headers, rows, styles = goal_rows(found.goals, ids=ids)
            print_table(headers, rows, styles=styles, no_color=no_color)
        if not found.lines and not found.goals:
            click.echo("No matches.", err=True)
    for name, why in found.skipped:
        echo(f"Skipped {terminal_safe(name)}: {terminal_safe(why)}", err=True)
