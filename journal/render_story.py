"""`journal show ID`: one goal's story across its links, as text or JSON."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import click

from journal import render
from journal.render import _label, echo, print_json, terminal_safe


def print_goal_story(
    chain: Sequence[Any],
    carried: int,
    *,
    as_json: bool = False,
    chart: Sequence[str] | None = None,
    metric: str | None = None,
) -> None:
    """`journal show`: a goal's links across periods, oldest first, with their history.

    The goal's id is its first link's (its lineage's); each link's line shows that link's own id.
    ``chart``: a measurable goal's target, progress and measurements (journal.render_targets), after the header;
    ``metric``: the name of the metric it follows, shown with its owner and tags.
    """
    lineage_id = chain[0].id
    if as_json:
        print_json([goal.as_dict(lineage_id) for goal in chain])
        return
    # The header is where the goal lives now: its latest link not removed (if any is left).
    latest = next((goal for goal in reversed(chain) if goal.status != "removed"), chain[-1])
    age = f", carried {carried} period{'s' if carried != 1 else ''}" if carried else ""
    _echo_goal_text(f"{lineage_id}  ", latest.text)
    own = f" [{latest.marker}]" if latest.marker is not None else ""
    echo(f"{_label(latest.status)}{own}, {latest.kind}, for {latest.for_period}{age}")
    attributes = _attributes_line(latest, metric)
    if attributes:
        echo(attributes)
    for line in chart or ():
        echo(line)
    for goal in chain:
        click.echo("")
        echo(
            f"{goal.document_period}  {goal.id}  {_label(goal.status)}"
            f"{f' [{goal.marker}]' if goal.marker is not None else ''}  {goal.source}:{goal.line}"
            f"  ({terminal_safe(goal.section or 'no section')})"
        )
        if goal.text != latest.text:
            _echo_goal_text("  text: ", goal.text)
        for entry in goal.history:
            when = str(entry.get("at", "")).replace("T", " ")
            if "measured" in entry or "added" in entry:
                from journal.render_targets import measurement_entry

                echo(f"  {when}  {measurement_entry(entry)}")
                continue
            was = f" (was {_label(entry['from'])})" if entry.get("from") else ""
            by = f" by {entry['by']}" if entry.get("by") else ""
            if entry.get("who"):  # who decided (a team's journal): the person, then the way
                by = f" by {terminal_safe(str(entry['who']))}" + (f" ({entry['by']})" if entry.get("by") else "")
            reason = f": {entry['reason']}" if entry.get("reason") else ""
            echo(f"  {when}  {_label(entry.get('status'))}{was}{by}{reason}")
        for note in (goal.note or "").splitlines():
            echo(f"  note: {terminal_safe(note)}")


def _attributes_line(goal: Any, metric: str | None = None) -> str:
    """What the goal's line says besides its words: ``owner: dana  tags: #infra  due: 2025-03-31``, and the
    metric it follows."""
    parts = [
        ("owner", goal.owner),
        ("tags", " ".join(f"#{tag}" for tag in goal.tags)),
        ("due", goal.due),
        ("priority", goal.priority),
        ("done on", goal.done_on),
        ("follows", metric),
    ]
    return terminal_safe("  ".join(f"{name}: {value}" for name, value in parts if value))


def _echo_goal_text(prefix: str, text: str) -> None:
    """A line ending in goal text: its inline Markdown rendered on a terminal, as written when piped."""
    if not render.on_terminal():
        echo(f"{prefix}{terminal_safe(text)}")
        return
    from rich.console import Console
    from rich.text import Text

    from journal.inline import inline_text

    Console(highlight=False).print(Text(terminal_safe(prefix)), inline_text(text), sep="")
