"""`journal note`: a dated note on a goal, in the ledger and below the goal's line, never a goal itself."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from journal.capture import note_place
from tests.conftest import snapshot, write

DOC = """\
# Q1 2025

## Goals

- [ ] Run 300 km
- Write the RFC
  - [ ] draft by May
- [ ] Ship v2
  with the new API
- [x] Last one
"""


@pytest.fixture(autouse=True)
def april(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JOURNAL_NOW", "2025-04-15")


def goals(run) -> dict[str, dict]:
    return {g["text"]: g for g in json.loads(run("goals", "--all", "--json").stdout)}


def test_a_note_goes_to_the_ledger_and_below_the_goal_and_show_tells_it(run, journal_dir: Path):
    path = write(journal_dir, "entries/2025-q1.md", DOC)
    goal_id = goals(run)["Run 300 km"]["id"]
    result = run("note", goal_id[:4], "knee is better")
    assert result.stdout == (f"Noted {goal_id}  Run 300 km\n  2025-04-15: knee is better  (entries/2025-q1.md:6)\n")
    run("note", goal_id, "20 km a week")
    assert path.read_text() == DOC.replace(
        "- [ ] Run 300 km\n",
        "- [ ] Run 300 km\n  > Note 2025-04-15: knee is better\n  > Note 2025-04-15: 20 km a week\n",
    )
    after = goals(run)
    assert len(after) == 5  # the note lines are no goals
    assert after["Run 300 km"]["note"] == "2025-04-15: knee is better\n2025-04-15: 20 km a week"
    assert after["Run 300 km"]["id"] == goal_id and after["Last one"]["line"] == 12
    story = run("show", goal_id).stdout
    assert "  note: 2025-04-15: knee is better\n  note: 2025-04-15: 20 km a week\n" in story
    assert "  note 2025-04-15: knee is better\n" in run("review", "2025-q1", input="q\n").stdout


def test_a_note_goes_after_the_items_words_and_before_its_sub_items(run, journal_dir: Path):
    path = write(journal_dir, "entries/2025-q1.md", DOC)
    goal_id = goals(run)["Write the RFC"]["id"]
    assert run("note", goal_id, "split it").stdout.endswith("(entries/2025-q1.md:7)\n")
    assert "- Write the RFC\n  > Note 2025-04-15: split it\n  - [ ] draft by May\n" in path.read_text()
    assert len(goals(run)) == 5


def test_where_a_line_could_join_other_text_the_note_stays_in_the_ledger(run, journal_dir: Path):
    path = write(journal_dir, "entries/2025-q1.md", DOC.replace("- [x] Last one\n", "- [x] Last one\n> a quote\n"))
    before = path.read_bytes()
    goal_id = goals(run)["Last one"]["id"]
    result = run("note", goal_id, "kept anyway")
    assert result.stdout.endswith(
        "  2025-04-15: kept anyway  (in the ledger only: entries/2025-q1.md:10 has no place for a note line)\n"
    )
    assert path.read_bytes() == before
    assert goals(run)["Last one"]["note"] == "2025-04-15: kept anyway"


def test_note_errors_are_one_line_and_write_nothing(run, journal_dir: Path):
    write(journal_dir, "entries/2025-q1.md", DOC)
    run("sync")
    before = snapshot(journal_dir)
    assert run("note", "zzzz", "text", expect=3).stderr.startswith("Error: no goal matches 'zzzz'")
    goal_id = goals(run)["Ship v2 with the new API"]["id"]
    assert run("note", goal_id, " ", expect=2).stderr == "Error: the note is empty\n"
    assert snapshot(journal_dir) == before


@pytest.mark.parametrize(
    ("text", "line", "expected"),
    [
        ("- [ ] a\n- [ ] b\n", 1, (1, "  ")),
        ("1. [ ] a\n   more words\n\n2. b\n", 1, (2, "   ")),
        ("- [ ] a\n  > Note x\n", 1, (2, "  ")),
        ("- [ ] a\nplain text\n", 1, (2, "  ")),  # a lazy continuation: the item's own words, then the note
        ("- [ ] a\n> a quote\n", 1, None),  # a note line there would run into the quote
        ("- [ ] a\n```\ncode\n```\n", 1, None),
        ("- - [ ] a\n", 1, None),  # two markers on one line
        ("text\n", 1, None),
        ("- [ ] a\n", 5, None),
    ],
)
def test_note_place(text: str, line: int, expected):
    assert note_place(text, line) == expected


def test_a_note_line_takes_the_documents_line_endings_and_keeps_its_byte_order_mark(run, journal_dir: Path):
    path = journal_dir / "entries" / "2025-q1.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\xef\xbb\xbf# Q1\r\n\r\n## Goals\r\n\r\n- [ ] Crlf goal\r\n- [ ] Next")
    goal_id = goals(run)["Crlf goal"]["id"]
    run("note", goal_id, "still here")
    assert path.read_bytes() == (
        b"\xef\xbb\xbf# Q1\r\n\r\n## Goals\r\n\r\n- [ ] Crlf goal\r\n  > Note 2025-04-15: still here\r\n- [ ] Next"
    )
    last = goals(run)["Next"]["id"]
    run("note", last, "at the very end")
    assert path.read_bytes().endswith(b"- [ ] Next\r\n  > Note 2025-04-15: at the very end")
    assert len(goals(run)) == 2
