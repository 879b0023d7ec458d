"""`journal search` and `journal list` on a narrow terminal: what the user types or opens next stays whole.

A search's matching lines keep their PERIOD whole and their WHERE's line number (the file name is shortened
from its start, the LINE wraps); `list` and `stats` keep their period keys whole and leave columns out
(DROPPED, CARRIED, DOCUMENT, COMPLETION, REVIEWED, OPEN, DONE in that order, then from the right) rather
than cut them.
"""

from __future__ import annotations

import io
import json
import re
from unittest import mock

import pytest
from rich.console import Console

from journal.tables import print_rich_table
from tests.conftest import write

SEARCH = ["PERIOD", "WHERE", "LINE"]
LINES = [
    ["2024-q4", "entries/2024-q4-report.md:96", "- [ ] Complete the GraphQL migration of the tracking API"],
    ["2025-q1", "entries/2025-q1.md:5", "GraphQL gateway live"],
]


def _drawn(width: int, headers=SEARCH, rows=LINES) -> list[str]:  # noqa: ANN001
    out = io.StringIO()
    console = Console(file=out, width=width, no_color=True, highlight=False)
    with mock.patch("rich.console.Console", lambda **_kw: console):
        print_rich_table(headers, rows, styles=None, color=False, title=None)
    return [line.rstrip() for line in out.getvalue().splitlines()]


SEARCH_DRAWN = {
    30: [
        "PERIOD   WHERE      LINE",
        "2024-q4  …rt.md:96  - [ ]",
        "                    Complete",
        "                    the",
        "                    GraphQL",
        "                    migration",
        "                    of the",
        "                    tracking",
        "                    API",
        "2025-q1  …-q1.md:5  GraphQL",
        "                    gateway",
        "                    live",
    ],
    40: [
        "PERIOD   WHERE           LINE",
        "2024-q4  …-report.md:96  - [ ] Complete",
        "                         the GraphQL",
        "                         migration of",
        "                         the tracking",
        "                         API",
        "2025-q1  2025-q1.md:5    GraphQL gateway",
        "                         live",
    ],
    60: [
        "PERIOD   WHERE             LINE",
        "2024-q4  …q4-report.md:96  - [ ] Complete the GraphQL",
        "                           migration of the tracking API",
        "2025-q1  2025-q1.md:5      GraphQL gateway live",
    ],
    120: [
        "PERIOD   WHERE                         LINE",
        "2024-q4  entries/2024-q4-report.md:96  - [ ] Complete the GraphQL migration of the tracking API",
        "2025-q1  entries/2025-q1.md:5          GraphQL gateway live",
    ],
}


@pytest.mark.parametrize("width", sorted(SEARCH_DRAWN))
def test_search_lines_keep_the_period_and_the_line_number(width: int):
    """The LINE wraps (as written: no Markdown rendered) and the file name is shortened from its start."""
    assert _drawn(width) == SEARCH_DRAWN[width]


def _terminal(run, monkeypatch, columns: int, *args: str) -> list[str]:
    monkeypatch.setattr("journal.render.on_terminal", lambda: True)
    monkeypatch.setenv("COLUMNS", str(columns))
    return [line.rstrip() for line in re.sub(r"\x1b\[[0-9;]*m", "", run(*args).stdout).splitlines()]


@pytest.mark.parametrize("columns", [30, 40, 60, 120])
def test_search_on_a_terminal_keeps_every_period_and_line_number(example, run, monkeypatch, columns: int):
    monkeypatch.setenv("JOURNAL_NOW", "2025-04-15")
    found = json.loads(run("search", "on-call", "--json").stdout)["lines"]
    shown = _terminal(run, monkeypatch, columns, "search", "on-call")
    assert all(len(line) <= columns for line in shown), shown
    rows = [line.split()[:2] for line in shown[1:] if line[:1] not in (" ", "")][: len(found)]
    assert [period for period, _where in rows] == [match["period"] for match in found]
    assert [where.rsplit(":", 1)[1] for _period, where in rows] == [str(match["line"]) for match in found]
    assert all(where.startswith(("…", "entries/", "20")) for _period, where in rows), rows


LIST_SHOWN = {
    30: [
        "PERIOD      GOALS  DONE  RATE",
        "2024-q4     0      0     -",
        "2024-q4     5      2     40%",
        "2025-q1     16     8     50%",
        "2025-04-14  0      0     -",
    ],
    40: [
        "PERIOD      GOALS  DONE  OPEN  RATE",
        "2024-q4     0      0     0     -",
        "2024-q4     5      2     0     40%",
        "2025-q1     16     8     8     50%",
        "2025-04-14  0      0     0     -",
    ],
    60: [
        "PERIOD      GOALS  DONE  OPEN  CARRIED  RATE  DOCUMENT",
        "2024-q4     0      0     0     0        -     …-q4-report.md",
        "2024-q4     5      2     0     2        40%   2024-q4.md",
        "2025-q1     16     8     8     0        50%   2025-q1.md",
        "2025-04-14  0      0     0     0        -     2025-04-14.md",
    ],
    120: [
        "PERIOD      GOALS  DONE  OPEN  DROPPED  CARRIED  RATE  DOCUMENT",
        "2024-q4     0      0     0     0        0        -     entries/2024-q4-report.md",
        "2024-q4     5      2     0     1        2        40%   entries/2024-q4.md",
        "2025-q1     16     8     8     0        0        50%   entries/2025-q1.md",
        "2025-04-14  0      0     0     0        0        -     entries/2025-04-14.md",
    ],
}


@pytest.mark.parametrize("columns", sorted(LIST_SHOWN))
def test_list_on_a_terminal_keeps_its_period_keys_whole(example, run, monkeypatch, columns: int):
    """The period key is what `journal review`/`show` take next: columns are left out rather than cut it."""
    monkeypatch.setenv("JOURNAL_NOW", "2025-04-15")
    assert _terminal(run, monkeypatch, columns, "list") == LIST_SHOWN[columns]


def test_a_search_line_is_shown_as_written():
    """LINE wraps like TEXT but is not read as Markdown: `**bold**` keeps its stars."""
    assert _drawn(80, rows=[["2025-q1", "entries/2025-q1.md:3", "**Ownership** - on-call"]])[1] == (
        "2025-q1  entries/2025-q1.md:3  **Ownership** - on-call"
    )


def test_search_in_a_pipe_is_unchanged(journal_dir, run):
    write(journal_dir, "entries/2025-q1.md", "# Q1 2025\n\nGraphQL gateway live\n")
    assert run("search", "graphql").stdout == (
        "PERIOD   WHERE                 LINE\n2025-q1  entries/2025-q1.md:3  GraphQL gateway live\n"
    )


REVIEWED_LIST_SHOWN = {
    24: [
        "PERIOD      GOALS  RATE",
        "2024-q4     0      -",
        "2024-q4     5      40%",
        "2025-q1     16     50%",
        "2025-04-14  0      -",
    ],
    40: LIST_SHOWN[40],  # REVIEWED left out: as with no review on record
}


@pytest.mark.parametrize("columns", sorted(REVIEWED_LIST_SHOWN))
def test_list_with_a_review_on_record_keeps_its_period_keys_whole(example, run, monkeypatch, columns: int):
    """REVIEWED (a date, ten columns) is left out before OPEN and DONE; then columns from the right, not the key."""
    monkeypatch.setenv("JOURNAL_NOW", "2025-04-15")
    run("review", "2025-q1", input="\n" * 100)
    assert "REVIEWED" in run("list").stdout
    assert _terminal(run, monkeypatch, columns, "list") == REVIEWED_LIST_SHOWN[columns]


STATS_SHOWN = {
    20: ["PERIOD   SET  RATE", "2024-q4  5    40%", "2025-q1  16   50%", "2025-q2  10   0%"],
    30: ["PERIOD   SET  RATE  TARGETS", "2024-q4  5    40%   -", "2025-q1  16   50%   1/5", "2025-q2  10   0%    0/4"],
    60: [
        "PERIOD   SET  DONE  OPEN  RATE  TARGETS  REVIEWED",
        "2024-q4  5    2     0     40%   -        -",
        "2025-q1  16   8     8     50%   1/5      2025-04-15",
        "2025-q2  10   0     10    0%    0/4      -",
    ],
}


@pytest.mark.parametrize("columns", sorted(STATS_SHOWN))
def test_stats_on_a_terminal_keeps_its_period_keys_whole(example, run, monkeypatch, columns: int):
    """The completion bar and the other counts go before the period key (which `review` and `show` take) is cut."""
    monkeypatch.setenv("JOURNAL_NOW", "2025-04-15")
    run("review", "2025-q1", input="\n" * 100)
    shown = _terminal(run, monkeypatch, columns, "stats")
    assert shown[: len(STATS_SHOWN[columns])] == STATS_SHOWN[columns]
