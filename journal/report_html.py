"""A period's report as one self-contained HTML page: inline CSS, an inline SVG chart, no script, no request.

The page is rendered by Jinja2's sandbox with autoescape on, so every piece of user text (goal
text, sections, reasons, the author) is escaped; goal text is inline Markdown rendered by
markdown-it-py with raw HTML and images off (an image would be a network request).
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from journal.ledger.model import Status

if TYPE_CHECKING:
    from journal.report import Link, PeriodReport, ReportGoal
    from journal.stats import PeriodStats

# The page's colours. Every (text, background) pair the page uses is in CONTRAST_PAIRS, and a test
# checks each one reaches WCAG's 4.5:1 (tests/cli/test_report.py).
PALETTE = {
    "text": "#1f2328",
    "muted": "#57606a",
    "page": "#ffffff",
    "panel": "#f6f8fa",
    "rule": "#d0d7de",
    "bar": "#0969da",
    "bar_here": "#0a3069",
    "done_text": "#116329",
    "done_bg": "#dafbe1",
    "progress_text": "#7d4e00",
    "progress_bg": "#fff8c5",
    "carried_text": "#0550ae",
    "carried_bg": "#ddf4ff",
    "dropped_text": "#82071e",
    "dropped_bg": "#ffebe9",
    "open_text": "#1f2328",
    "open_bg": "#eaeef2",
    "link": "#0550ae",
}

CONTRAST_PAIRS = (
    ("text", "page"),
    ("text", "panel"),
    ("muted", "page"),
    ("muted", "panel"),
    ("link", "page"),
    ("bar", "page"),  # the bars and their labels
    ("bar_here", "page"),
    ("done_text", "done_bg"),
    ("progress_text", "progress_bg"),
    ("carried_text", "carried_bg"),
    ("dropped_text", "dropped_bg"),
    ("open_text", "open_bg"),
)

# A sign beside each status word: colour is never the only thing that tells statuses apart.
STATUS_SIGN = {
    Status.DONE: "✓",
    Status.IN_PROGRESS: "◐",
    Status.OPEN: "○",
    Status.CARRIED: "→",
    Status.DROPPED: "✕",
    Status.REMOVED: "–",
}
_STATUS_CLASS = {Status.DONE: "done", Status.IN_PROGRESS: "progress", Status.CARRIED: "carried",
                 Status.DROPPED: "dropped"}  # fmt: skip

SYSTEM_FONTS = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif'
MONO_FONTS = 'ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", Menlo, Consolas, "Liberation Mono", monospace'

_CSS = """
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%%; }
body { margin: 0; background: %(page)s; color: %(text)s; font: 16px/1.5 %(sans)s; }
main { max-width: 50rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
h1 { font-size: 1.75rem; line-height: 1.25; margin: 0 0 .25rem; }
h2 { font-size: 1.3rem; margin: 2rem 0 .75rem; padding-bottom: .25rem; border-bottom: 1px solid %(rule)s; }
h3 { font-size: 1.05rem; margin: 1.25rem 0 .5rem; }
body, h1, h2, h3, p, li, td, th, dd, figcaption { overflow-wrap: anywhere; }
a { color: %(link)s; }
code, .id { font-family: %(mono)s; font-size: .9em; }
.meta, .where, figcaption, .note { color: %(muted)s; }
.meta { margin: 0; }
.lead { font-size: 1.15rem; margin: .25rem 0 1rem; }
.figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(7.5rem, 1fr)); gap: .5rem; margin: 0;
  padding: 0; }
.figures div { background: %(panel)s; border: 1px solid %(rule)s; border-radius: 6px; padding: .5rem .75rem; }
.figures dt { color: %(muted)s; font-size: .85rem; }
.figures dd { margin: 0; font-size: 1.5rem; font-weight: 600; }
figure { margin: 0; }
figure svg { display: block; width: 100%%; height: auto; max-width: 40rem; }
figcaption { font-size: .9rem; margin-top: .25rem; }
table { border-collapse: collapse; width: 100%%; margin-top: .75rem; font-size: .95rem; }
th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid %(rule)s; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.here th, tr.here td { font-weight: 700; }
ul.goals { list-style: none; margin: 0; padding: 0; }
ul.goals li { border: 1px solid %(rule)s; border-radius: 6px; padding: .6rem .75rem; margin: 0 0 .5rem; }
.goal-text { margin: 0 0 .25rem; }
.badge { display: inline-block; border-radius: 1rem; padding: 0 .55rem; font-size: .85rem; font-weight: 600;
  white-space: nowrap; background: %(open_bg)s; color: %(open_text)s; }
.badge.done { background: %(done_bg)s; color: %(done_text)s; }
.badge.progress { background: %(progress_bg)s; color: %(progress_text)s; }
.badge.carried { background: %(carried_bg)s; color: %(carried_text)s; }
.badge.dropped { background: %(dropped_bg)s; color: %(dropped_text)s; }
.where, .lineage { margin: 0; font-size: .9rem; }
footer { margin-top: 2.5rem; font-size: .85rem; color: %(muted)s; }
@media print {
  @page { margin: 16mm; }
  body { font-size: 11pt; }
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; }
  ul.goals li, .figures div, figure, tr { break-inside: avoid; }
  .badge, .figures div { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  a { color: inherit; text-decoration: none; }
}
"""


def page_css() -> str:
    """The page's stylesheet: the palette and system font stacks (no web font, nothing fetched)."""
    return _CSS % {**PALETTE, "sans": SYSTEM_FONTS, "mono": MONO_FONTS}


_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<meta name="generator" content="journal">
<title>{{ report.period.label }}: goals report{% if report.author %} · {{ report.author }}{% endif %}</title>
<style>{{ css }}</style>
</head>
<body>
<main>
<header>
<h1>{{ report.period.label }}: goals report</h1>
<p class="meta">{% if report.author %}{{ report.author }} · {% endif %}{{ dates }}</p>
</header>
<section aria-labelledby="summary">
<h2 id="summary">Summary</h2>
<p class="lead">{{ headline }}</p>
<dl class="figures">
{% for name, value in figures %}<div><dt>{{ name }}</dt><dd>{{ value }}</dd></div>
{% endfor %}</dl>
</section>
<section aria-labelledby="trend">
<h2 id="trend">Completion trend</h2>
<figure>
{{ chart }}
<figcaption id="chart-caption">{{ caption }}</figcaption>
</figure>
<table>
<caption class="note">The chart's figures</caption>
<thead><tr><th scope="col">Period</th><th scope="col" class="num">Set</th><th scope="col" class="num">Done</th>\
<th scope="col" class="num">Completion</th></tr></thead>
<tbody>
{% for row in report.trend %}<tr{% if row.period == report.period.key %} class="here"{% endif %}>\
<th scope="row">{{ row.label }}</th><td class="num">{{ row.set }}</td><td class="num">{{ row.done }}</td>\
<td class="num">{{ percent(row.rate) }}</td></tr>
{% endfor %}</tbody>
</table>
</section>
<section aria-labelledby="goals">
<h2 id="goals">Goals</h2>
{% if not sections %}<p>No goals for {{ report.period.label }}.</p>{% endif %}
{% for section, goals in sections %}
<h3>{{ section }}</h3>
<ul class="goals">
{% for goal in goals %}<li id="goal-{{ goal.goal_id }}">
<p class="goal-text"><span class="badge {{ status_class(goal.status) }}">{{ status_text(goal.status) }}</span> \
{{ inline(goal.text) }}</p>
{% if goal.owner %}<p class="lineage">Owner: {{ goal.owner }}</p>{% endif %}
{% if goal.reason %}<p class="lineage">Why dropped: {{ goal.reason }}</p>{% endif %}
<p class="where">{{ lineage(goal) }} · <span class="id">{{ goal.goal_id }}</span> · {{ goal.where }}</p>
</li>
{% endfor %}</ul>
{% endfor %}
</section>
<section aria-labelledby="dropped">
<h2 id="dropped">Dropped</h2>
{% if report.dropped %}<ul>
{% for goal in report.dropped %}<li>{{ inline(goal.text) }}: {{ goal.reason or "no reason given" }}</li>
{% endfor %}</ul>{% else %}<p>Nothing was dropped in {{ report.period.label }}.</p>{% endif %}
</section>
<footer><p>Made by journal on {{ made }} from the journal's ledger. Every goal's id can be looked up with \
<code>journal show ID</code>.</p></footer>
</main>
</body>
</html>
"""


def percent(rate: float | None) -> str:
    """A completion rate as people read it: ``53%``, or ``-`` for a period with no goals."""
    return "-" if rate is None else f"{rate:.0%}"


def status_text(status: str) -> str:
    """A status's sign and word: ``✓ done``."""
    from journal.ledger.model import STATUS_LABEL

    return f"{STATUS_SIGN.get(status, '')} {STATUS_LABEL.get(status, status)}".strip()


def lineage_text(goal: ReportGoal) -> str:
    """Where the goal came from and where it went, in words (one sentence without its full stop)."""
    parts = []
    times = f", carried across {goal.times_carried} periods" if goal.times_carried > 1 else ""
    if goal.planned_in is not None:  # planned in one document for a later period: it began where it was planned
        later = f" for {goal.came_from.label}" if goal.came_from is not None else ""
        parts.append(f"Planned in {goal.planned_in}{later}{times}")
    elif goal.came_from is not None:
        parts.append(f"Began in {goal.came_from.label}{times}")
    else:
        parts.append("Began here")
    if goal.went_to is not None:
        parts.append(f"carried to {goal.went_to.label}, {_label(goal.went_to)} there")
    return "; ".join(parts)


def _label(link: Link) -> str:
    from journal.ledger.model import STATUS_LABEL

    return STATUS_LABEL.get(link.status, link.status)


def headline(report: PeriodReport) -> str:
    """One sentence: how much of the period's goals got done."""
    stats = report.stats
    if not stats.set:
        return f"No goals were set for {report.period.label}."
    return f"{stats.done} of {stats.set} goals done ({percent(stats.rate)})."


def summary_figures(stats: PeriodStats) -> list[tuple[str, int]]:
    """The summary's figures, named as the page shows them."""
    return [
        ("Set", stats.set),
        ("Done", stats.done),
        ("In progress", stats.in_progress),
        ("Open", stats.open),
        ("Dropped", stats.dropped),
        ("Carried in", stats.carried_in),
        ("Carried out", stats.carried_out),
    ]


def chart_caption(report: PeriodReport) -> str:
    """The chart in words: every period's completion (the chart's text alternative)."""
    if not report.trend:
        return "No periods to chart."
    kind = {"half": "halve"}.get(report.period.kind, report.period.kind)
    parts = [f"{row.label} {percent(row.rate)} ({row.done} of {row.set})" for row in report.trend]
    return (
        f"Share of goals done per {report.period.kind}, {report.period.label} marked: "
        + "; ".join(parts)
        + ("." if len(report.trend) > 1 else f" (no earlier {kind}s with goals).")
    )


_H, _TOP, _BOTTOM, _LEFT, _STEP = 240, 28, 44, 44, 76  # the chart's height, margins and room per bar (SVG units)


def trend_svg(report: PeriodReport) -> str:
    """The completion trend as an inline SVG bar chart: a value on every bar, the report's period marked
    in words and shape (bold label, a triangle), a title and description for screen readers."""
    rows = report.trend
    plot_h = _H - _TOP - _BOTTOM
    width = max(_LEFT + _STEP * len(rows) + 12, 300)  # as wide as the bars need: no shrinking on a phone
    step = (width - _LEFT - 12) / max(len(rows), 1)
    bar_w = min(step * 0.6, 48)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {_H}" style="max-width: {width}px" role="img" '
        f'aria-labelledby="chart-title chart-desc" font-family="{html.escape(SYSTEM_FONTS)}">',
        f'<title id="chart-title">Completion per {html.escape(report.period.kind)}, up to '
        f"{html.escape(report.period.label)}</title>",
        f'<desc id="chart-desc">{html.escape(chart_caption(report))}</desc>',
    ]
    for tick in (0, 50, 100):
        y = _TOP + plot_h * (1 - tick / 100)
        parts.append(
            f'<line x1="{_LEFT}" y1="{y:.1f}" x2="{width - 4}" y2="{y:.1f}" stroke="{PALETTE["rule"]}"/>'
            f'<text x="{_LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="12" '
            f'fill="{PALETTE["muted"]}">{tick}%</text>'
        )
    for index, row in enumerate(rows):
        parts.append(_bar(row, _LEFT + step * index + (step - bar_w) / 2, bar_w, row.period == report.period.key))
    parts.append("</svg>")
    return "\n".join(parts)


def _bar(row: PeriodStats, x: float, width: float, here: bool) -> str:
    """One period's bar, its value above it and its label below (bold, with a triangle, for the report's own)."""
    plot_h = _H - _TOP - _BOTTOM
    rate = row.rate or 0.0
    height = max(plot_h * rate, 0 if row.rate is None else 1.5)
    y = _TOP + plot_h - height
    middle = x + width / 2
    colour = PALETTE["bar_here"] if here else PALETTE["bar"]
    weight = ' font-weight="700"' if here else ""
    value = "no goals" if row.rate is None else percent(row.rate)
    label = html.escape(row.label)
    out = [
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{height:.1f}" fill="{colour}" rx="2"/>',
        f'<text x="{middle:.1f}" y="{y - 6:.1f}" text-anchor="middle" font-size="13" fill="{colour}"{weight}>'
        f"{value}</text>",
        f'<text x="{middle:.1f}" y="{_H - _BOTTOM + 18}" text-anchor="middle" font-size="12" '
        f'fill="{PALETTE["text"]}"{weight}>{label}</text>',
    ]
    if here:
        base = _H - _BOTTOM + 26
        out.append(
            f'<path d="M{middle - 6:.1f} {base + 10} L{middle + 6:.1f} {base + 10} L{middle:.1f} {base} Z" '
            f'fill="{PALETTE["bar_here"]}"><title>the report\'s period</title></path>'
        )
    return "\n".join(out)


def _inline_markdown():
    """A function rendering one line of goal text: bold, code, links; raw HTML escaped, images refused."""
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark", {"html": False}).disable("image")
    return lambda text: parser.renderInline(text)


def _sections(report: PeriodReport) -> list[tuple[str, list[ReportGoal]]]:
    """The goals grouped by their section, in document order."""
    groups: dict[str, list[ReportGoal]] = {}
    for goal in report.goals:
        groups.setdefault(goal.section or "Other goals", []).append(goal)
    return list(groups.items())


def _dates(report: PeriodReport) -> str:
    start, end = report.period.start, report.period.end
    return f"{start.day} {start:%B %Y} to {end.day} {end:%B %Y}"


def report_html(report: PeriodReport) -> str:
    """The whole page, ready to write to a file."""
    import jinja2
    from jinja2.sandbox import SandboxedEnvironment
    from markupsafe import Markup

    from journal.clock import today

    env = SandboxedEnvironment(autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    inline = _inline_markdown()
    return env.from_string(_PAGE).render(
        report=report,
        css=Markup(page_css()),
        dates=_dates(report),
        headline=headline(report),
        figures=summary_figures(report.stats),
        chart=Markup(trend_svg(report)),
        caption=chart_caption(report),
        sections=_sections(report),
        percent=percent,
        status_text=status_text,
        status_class=lambda status: _STATUS_CLASS.get(status, ""),
        lineage=lineage_text,
        inline=lambda text: Markup(inline(text)),
        made=today().isoformat(),
    )
