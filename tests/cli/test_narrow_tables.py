"""Goal tables on a narrow terminal (40 and 30 columns): an id is what the user types next (`journal done ID`),
so it is never cut; the goal's text wraps, and the columns least needed are left out."""

from __future__ import annotations

import io
import json
import re
from unittest import mock

import pytest
from rich.console import Console

from journal.tables import print_rich_table
from tests.conftest import write

HEADERS = ["ID", "LINK", "STATUS", "PERIOD", "AGE", "TEXT", "WHERE"]
ROWS = [
    ["xp4kq2", "xp4kq2", "carried", "2025-q1", "", "Complete the GraphQL migration", "entries/2025-q1.md:5"],
    ["xp4kq2", "m7tq0a", "in progress", "2025-q2", "1 carried", "Complete the GraphQL migration",
     "entries/2025-q2.md:25"],
    ["b2cd9e", "b2cd9e", "open", "2025-q2", "", "Hire", "entries/2025-q2.md:26"],
]  # fmt: skip


def _drawn(width: int, headers=HEADERS, rows=ROWS) -> list[str]:  # noqa: ANN001
    out = io.StringIO()
    console = Console(file=out, width=width, no_color=True, highlight=False)
    with mock.patch("rich.console.Console", lambda **_kw: console):
        print_rich_table(headers, rows, styles=None, color=False, title=None)
    return [line.rstrip() for line in out.getvalue().splitlines()]


@pytest.mark.parametrize("width", [30, 40, 50, 60])
def test_ids_are_never_cut_and_the_table_fits(width: int):
    lines = _drawn(width)
    assert all(len(line) <= width for line in lines), lines
    assert "…" not in "".join(line[:14] for line in lines), lines
    rows = [line for line in lines[1:] if line[:1] != " "]
    assert [line.split()[:2] for line in rows] == [["xp4kq2", "xp4kq2"], ["xp4kq2", "m7tq0a"], ["b2cd9e", "b2cd9e"]]


def test_at_40_columns_where_age_and_period_are_left_out_and_the_text_wraps():
    assert _drawn(40) == [
        "ID      LINK    STATUS       TEXT",
        "xp4kq2  xp4kq2  carried      Complete",
        "                             the GraphQL",
        "                             migration",
        "xp4kq2  m7tq0a  in progress  Complete",
        "                             the GraphQL",
        "                             migration",
        "b2cd9e  b2cd9e  open         Hire",
    ]


def test_at_30_columns_the_ids_and_the_text_are_left():
    assert _drawn(30) == [
        "ID      LINK    TEXT",
        "xp4kq2  xp4kq2  Complete the",
        "                GraphQL",
        "                migration",
        "xp4kq2  m7tq0a  Complete the",
        "                GraphQL",
        "                migration",
        "b2cd9e  b2cd9e  Hire",
    ]


def test_a_table_with_no_id_is_drawn_as_before():
    """Only a table with ids leaves columns out (the others are rich's to shrink, as before)."""
    lines = _drawn(30, ["PERIOD", "SET", "DONE", "RATE"], [["2025-q1", "12", "5", "41%"]])
    assert lines == ["PERIOD   SET  DONE  RATE", "2025-q1  12   5     41%"]


@pytest.mark.parametrize("columns", ["40", "30"])
def test_goals_at_a_narrow_terminal_shows_whole_ids(journal_dir, run, monkeypatch, columns: str):
    monkeypatch.setenv("JOURNAL_NOW", "2025-04-02")
    write(journal_dir, "entries/2025-q1.md", "# Q1 2025\n\n## Goals\n\n- [ ] Alpha the importer for every team\n")
    run("sync")
    run("new", "2025-q2")
    [goal_id] = {goal["id"] for goal in json.loads(run("goals", "--all", "--json").stdout)}
    monkeypatch.setattr("journal.render.on_terminal", lambda: True)
    monkeypatch.setenv("COLUMNS", columns)
    for args in (("goals",), ("goals", "--all")):
        shown = re.sub(r"\x1b\[[0-9;]*m", "", run(*args).stdout).splitlines()
        assert all(len(line.rstrip()) <= int(columns) for line in shown), shown
        assert "…" not in "".join(shown), shown
        assert sum(goal_id in line for line in shown) == (2 if "--all" in args else 1), shown


def test_at_24_columns_the_text_narrows_and_the_ids_stay_whole():
    """ID + LINK + gaps need 16 columns: TEXT gets the 8 left (it wraps, a long word folded) rather than 10
    with an id cut."""
    assert _drawn(24) == [
        "ID      LINK    TEXT",
        "xp4kq2  xp4kq2  Complete",
        "                the",
        "                GraphQL",
        "                migratio",
        "                n",
        "xp4kq2  m7tq0a  Complete",
        "                the",
        "                GraphQL",
        "                migratio",
        "                n",
        "b2cd9e  b2cd9e  Hire",
    ]


@pytest.mark.parametrize("width", [14, 16, 19, 20, 22, 24, 26])
def test_down_to_the_width_the_ids_need_they_are_whole(width: int):
    """TEXT narrows to 4 characters; narrower than ids + 4 of text (20), the ids alone are shown."""
    lines = _drawn(width)
    assert all(len(line) <= width for line in lines), lines
    assert "…" not in "".join(lines), lines
    rows = [line.split()[:2] for line in lines[1:] if line[:1] != " "]
    assert rows == [["xp4kq2", "xp4kq2"], ["xp4kq2", "m7tq0a"], ["b2cd9e", "b2cd9e"]]
    assert ("TEXT" in lines[0]) == (width >= 20)


def test_narrower_than_the_ids_rich_cuts_them():
    """The limit the README states: below ID + LINK (14 columns) the ids are cut."""
    assert _drawn(12)[1] == "xp4k…  xp4k…"


def test_goals_at_24_columns_through_the_cli(journal_dir, run, monkeypatch):
    monkeypatch.setenv("JOURNAL_NOW", "2025-04-02")
    write(journal_dir, "entries/2025-q1.md", "# Q1 2025\n\n## Goals\n\n- [ ] Alpha the importer\n")
    run("sync")
    run("new", "2025-q2")
    monkeypatch.setattr("journal.render.on_terminal", lambda: True)
    monkeypatch.setenv("COLUMNS", "24")
    shown = [line.rstrip() for line in re.sub(r"\x1b\[[0-9;]*m", "", run("goals", "--all").stdout).splitlines()]
    assert shown == [
        "ID      LINK    TEXT",
        "6uqcr5  6uqcr5  Alpha",
        "                the",
        "                importer",
        "6uqcr5  mlxkal  Alpha",
        "                the",
        "                importer",
    ]
