"""The terminal's rendering: goal text's inline Markdown, and tables laid out for 80 and 200 columns."""

from __future__ import annotations

import io
import re
from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from journal.inline import inline_text, plain
from journal.tables import layout, print_rich_table, shorten_path

HEADERS = ["ID", "STATUS", "PERIOD", "AGE", "TEXT", "WHERE"]
ROWS = [
    ["2lfopa", "open", "2025-q1", "", "Complete the GraphQL migration of the tracking API",
     "entries/2024-q4-report.md:96"],
    ["ag6uvv", "in progress", "2025-q1", "1 carried", "**Team Sustainability** - Reduce on-call load by half",
     "entries/2025-q1.md:34"],
]  # fmt: skip


def test_bold_code_and_links_are_rendered_as_styled_text():
    text = inline_text("**Team Sustainability** - use `ruff`, see [the RFC](https://example.com/rfc)")
    assert text.plain == "Team Sustainability - use ruff, see the RFC"
    styles = {text.plain[span.start : span.end]: str(span.style) for span in text.spans}
    assert styles == {"Team Sustainability": "bold", "ruff": "bold cyan", "the RFC": "underline"}


def test_what_is_not_markup_stays_as_written_and_control_characters_are_escaped():
    assert plain("2 * 3 * 4, snake_case_name, [/] and [link=x]") == "2 * 3 * 4, snake_case_name, [/] and [link=x]"
    assert plain("<b>raw html</b> \\*not em\\*") == "<b>raw html</b> *not em*"
    shown = plain("red \x1b[31m &#27;")
    assert shown.startswith("red \\x1b[31m ") and "\x1b" not in shown  # an entity is never an escape either


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_renders_without_a_control_character(text: str):
    shown = plain(text)
    assert not re.search("[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", shown)


def _drawn(width: int) -> list[str]:
    out = io.StringIO()
    console = Console(file=out, width=width, no_color=True, highlight=False)
    with mock.patch("rich.console.Console", lambda **_kw: console):
        print_rich_table(HEADERS, ROWS, styles=None, color=False, title=None)
    return out.getvalue().splitlines()


def test_at_80_columns_text_gets_the_room_and_where_and_age_shorten():
    lines = [line.rstrip() for line in _drawn(80)]
    assert lines == [
        "ID      STATUS       PERIOD   AGE  TEXT                           WHERE",
        "2lfopa  open         2025-q1       Complete the GraphQL           …-report.md:96",
        "                                   migration of the tracking API",
        "ag6uvv  in progress  2025-q1  1    Team Sustainability - Reduce   2025-q1.md:34",
        "                                   on-call load by half",
    ]
    widths = layout(HEADERS, [[*row[:4], plain(row[4]), row[5]] for row in ROWS], 80).widths
    assert sum(widths) + 2 * (len(widths) - 1) <= 80


def test_at_200_columns_nothing_is_shortened_or_wrapped():
    lines = _drawn(200)
    assert len(lines) == 3
    assert "entries/2024-q4-report.md:96" in lines[1] and "1 carried" in lines[2]


def test_a_path_is_shortened_from_its_start():
    assert shorten_path("entries/2024-q4-report.md:96", 30) == "entries/2024-q4-report.md:96"
    assert shorten_path("entries/2024-q4-report.md:96", 20) == "2024-q4-report.md:96"
    assert shorten_path("entries/2024-q4-report.md:96", 14) == "…-report.md:96"


def test_show_and_goals_render_inline_markdown_on_a_terminal_only(example, run, monkeypatch):
    piped = run("show", "ag6u").stdout.splitlines()[0]
    assert piped == "v06kno  **Developer Experience** - monorepo CI under 10 minutes"  # a later link's id: the goal's
    assert "**Developer Experience**" in run("goals", "--json").stdout
    monkeypatch.setattr("journal.render.on_terminal", lambda: True)
    shown = re.sub(r"\x1b\[[0-9;]*m", "", run("show", "ag6u").stdout).splitlines()[0]
    assert shown == "v06kno  Developer Experience - monorepo CI under 10 minutes"
    monkeypatch.setenv("COLUMNS", "160")  # room for the text beside the PROGRESS column the report's metrics fill
    listing = re.sub(r"\x1b\[[0-9;]*m", "", run("goals").stdout)
    assert "Developer Experience - monorepo CI" in " ".join(listing.split()) and "**" not in listing
