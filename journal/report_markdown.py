"""A period's report as a Markdown section, to paste into next period's document or a team report.

Everything but the headings is in tables, so pasting the section into a journal document adds no
goal to its ledger (nothing in a table is a goal). Goal text keeps its inline Markdown; ``|``,
``<``, ``>`` and ``&`` are escaped so that a goal cannot break the table or become HTML.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from journal.report_html import chart_caption, headline, lineage_text, percent, status_text, summary_figures

if TYPE_CHECKING:
    from journal.report import PeriodReport


def cell(text: str) -> str:
    """User text made safe inside a Markdown table cell: one line, ``|`` escaped, HTML escaped."""
    one_line = " ".join(str(text).split())
    return html.escape(one_line, quote=False).replace("|", "\\|")


def _table(headers: list[str], rows: list[list[str]], right: set[int] = frozenset()) -> list[str]:
    align = ["---:" if index in right else "---" for index in range(len(headers))]
    lines = ["| " + " | ".join(headers) + " |", "| " + " | ".join(align) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def report_markdown(report: PeriodReport, level: int = 2) -> str:
    """The report as Markdown, its title a heading of ``level`` (2: ``##``), its parts one level below."""
    from journal.render import rate_bar

    title, part = "#" * level, "#" * (level + 1)
    byline = f"{cell(report.author)} · " if report.author else ""
    start, end = report.period.start, report.period.end
    figures = summary_figures(report.stats)
    lines = [
        f"{title} {report.period.label}: goals report",
        "",
        f"{byline}{start.isoformat()} to {end.isoformat()}. {headline(report)}",
        "",
        *_table([name for name, _value in figures], [[str(value) for _name, value in figures]], set(range(7))),
        "",
        f"{part} Completion trend",
        "",
        *_table(
            ["Period", "Set", "Done", "Completion", "Chart"],
            [
                [
                    f"**{row.label}**" if row.period == report.period.key else row.label,
                    str(row.set),
                    str(row.done),
                    percent(row.rate),
                    f"`{rate_bar(row.rate)}`",
                ]
                for row in report.trend
            ],
            {1, 2, 3},
        ),
        "",
        cell(chart_caption(report)),
        "",
        f"{part} Goals",
        "",
    ]
    if report.goals:
        rows = [
            [
                status_text(goal.status),
                cell(goal.text) + (f" (owner: {cell(goal.owner)})" if goal.owner else ""),
                cell(lineage_text(goal) + "."),
                f"`{goal.goal_id}`",
            ]
            for goal in report.goals
        ]
        lines += _table(["Status", "Goal", "Lineage", "Id"], rows)
    else:
        lines.append(f"No goals for {report.period.label}.")
    lines += ["", f"{part} Dropped", ""]
    if report.dropped:
        lines += _table(["Goal", "Why"], [[cell(g.text), cell(g.reason or "no reason given")] for g in report.dropped])
    else:
        lines.append(f"Nothing was dropped in {report.period.label}.")
    return "\n".join(lines) + "\n"
