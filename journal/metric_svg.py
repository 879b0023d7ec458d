"""Metrics as a self-contained SVG: one line chart per metric, stacked; no script, no web font, text escaped."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from journal.svg import SVG_SANS_FONTS

if TYPE_CHECKING:
    from journal.metrics import Series

WIDTH, PANEL, TOP, LEFT, RIGHT = 640, 150, 34, 70, 24  # SVG units: the chart's width, a panel's height, margins
PLOT = 80  # the height of a panel's plot
INK, MUTED, RULE, LINE, WRONG = "#1f2328", "#59636e", "#d1d9e0", "#0969da", "#cf222e"


def metrics_svg(series: list[Series]) -> str:
    """The metrics' values by period as an SVG document: a panel per metric, its values labelled."""
    height = TOP + PANEL * max(len(series), 1)
    names = ", ".join(s.name for s in series) or "no metrics"
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'role="img" aria-labelledby="title" font-family="{escape(SVG_SANS_FONTS)}">',
        f'<title id="title">Metrics by period: {escape(names)}</title>',
        f'<rect width="{WIDTH}" height="{height}" fill="#ffffff"/>',
        f'<text x="{LEFT}" y="22" font-size="15" font-weight="bold" fill="{INK}">Metrics by period</text>',
    ]
    for index, one in enumerate(series):
        parts.append(_panel(one, TOP + PANEL * index))
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _panel(series: Series, top: float) -> str:
    """One metric: its name, a line through its values, each value written above its point, periods below."""
    points = series.points
    unit = f" ({series.unit})" if series.unit and series.unit not in series.name else ""
    parts = [f'<text x="{LEFT}" y="{top + 16}" font-size="13" fill="{INK}">{escape(series.name + unit)}</text>']
    plot_bottom = top + 34 + PLOT
    parts.append(f'<line x1="{LEFT}" y1="{plot_bottom}" x2="{WIDTH - RIGHT}" y2="{plot_bottom}" stroke="{RULE}"/>')
    values = [p.reading.value for p in points if p.reading.value is not None]
    low, high = (min(values), max(values)) if values else (0.0, 1.0)
    span = (high - low) or 1.0
    step = (WIDTH - LEFT - RIGHT) / max(len(points), 1)
    line: list[str] = []
    for index, point in enumerate(points):
        x = LEFT + step * (index + 0.5)
        parts.append(
            f'<text x="{x:.1f}" y="{plot_bottom + 16}" font-size="11" text-anchor="middle" fill="{MUTED}">'
            f"{escape(point.period.label)}</text>"
        )
        value = point.reading.value
        if value is None:
            line.append("")
            continue
        y = plot_bottom - 6 - (PLOT - 18) * ((value - low) / span if high != low else 0.5)
        line.append(f"{x:.1f},{y:.1f}")
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{LINE}"/>')
        parts.append(
            f'<text x="{x:.1f}" y="{y - 8:.1f}" font-size="11" text-anchor="middle" fill="{INK}">'
            f"{escape(point.reading.text)}</text>"
        )
    for run in " ".join(line).split("  "):  # a missing value breaks the line
        if run.count(",") >= 2:
            parts.append(f'<polyline points="{run.strip()}" fill="none" stroke="{LINE}" stroke-width="2"/>')
    if series.mismatches:
        parts.append(
            f'<text x="{WIDTH - RIGHT}" y="{top + 16}" font-size="11" text-anchor="end" fill="{WRONG}">'
            f"{len(series.mismatches)} Change cell{'s' if len(series.mismatches) != 1 else ''} "
            "not matching its values</text>"
        )
    return "\n".join(parts)
