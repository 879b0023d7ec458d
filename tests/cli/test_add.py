"""`journal add`: a task line written into a period's document, under its goals section; nothing else changes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from journal.capture import goals_heading
from journal.config import open_journal
from journal.periods import parse_period
from tests.conftest import snapshot, write

Q1 = """\
# Q1 2025

## Wins

- Shipped the gateway

## Goals for Q1 2025

- [x] Ship the gateway
- [ ] Run 300 km

## Q2 2025 Priorities

- Move the order API
"""


@pytest.fixture(autouse=True)
def april(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JOURNAL_NOW", "2025-02-10")


def goal_json(run, goal_id: str) -> dict:
    return next(g for g in json.loads(run("goals", "--all", "--json").stdout) if g["id"] == goal_id)


def test_add_writes_one_line_at_the_end_of_the_goals_section_and_prints_the_id(run, journal_dir: Path):
    path = write(journal_dir, "entries/2025-q1.md", Q1)
    result = run("add", "Call the accountant")
    goal_id = result.stdout.split()[1]
    assert result.stdout == f"Added {goal_id}  Call the accountant  (entries/2025-q1.md:11)\n"
    assert result.stderr == ""
    lines = Q1.splitlines(keepends=True)
    assert path.read_text() == "".join(lines[:10] + ["- [ ] Call the accountant\n"] + lines[10:])
    goal = goal_json(run, goal_id)
    assert (goal["status"], goal["section"], goal["period"], goal["line"]) == (
        "open",
        "Goals for Q1 2025",
        "2025-q1",
        11,
    )
    assert run("done", goal_id[:4]).stdout == f"Done {goal_id}  Call the accountant\n"


def test_add_with_a_period_a_section_and_a_status(run, journal_dir: Path):
    path = write(journal_dir, "entries/2025-q1.md", Q1)
    result = run("add", "Fixed the flaky deploy", "--status", "done", "--section", "wins", "--period", "Q1 2025")
    assert result.stdout.endswith("  Fixed the flaky deploy  (entries/2025-q1.md:6)\n")
    assert "## Wins\n\n- Shipped the gateway\n- [x] Fixed the flaky deploy\n\n## Goals" in path.read_text()
    assert goal_json(run, result.stdout.split()[1])["status"] == "done"
    started = run("add", "Learn Rust", "--status", "in_progress", "--section", "Learning")
    assert started.stderr == "No 'Learning' section in entries/2025-q1.md: added one at its end.\n"
    assert path.read_text().endswith("- Move the order API\n\n## Learning\n\n- [/] Learn Rust\n")


def test_a_document_without_a_goals_section_gets_one_at_its_end(run, journal_dir: Path):
    path = write(journal_dir, "entries/2025-q1.md", "# Notes\r\n\r\nJust prose.")
    result = run("add", "Plan the offsite")
    assert result.stderr == "No 'Goals' section in entries/2025-q1.md: added one at its end.\n"
    assert path.read_bytes() == b"# Notes\r\n\r\nJust prose.\r\n\r\n## Goals\r\n\r\n- [ ] Plan the offsite\r\n"


def test_add_scaffolds_a_missing_document_through_new(run, journal_dir: Path):
    write(journal_dir, "entries/2024-q4.md", "# Q4\n\n## Goals\n\n- [ ] Left open\n")
    result = run("add", "Book the venue", "--period", "2025-q1")
    assert (
        result.stderr
        == "Wrote entries/2025-q1.md from the quarterly template, bringing in 1 goal as `journal new` does.\n"
    )
    text = (journal_dir / "entries" / "2025-q1.md").read_text()
    assert text.startswith("# Q1 2025 Reflection")
    section = text[text.index("## Goals for Q1 2025") : text.index("## Q2 2025 Priorities")]
    assert "- [ ] Left open\n" in section and section.rstrip().endswith("- [ ] Book the venue")
    assert "- [>] Left open" in (journal_dir / "entries" / "2024-q4.md").read_text()  # brought in as `new` does


def test_add_refuses_bad_text_and_writes_nothing(run, journal_dir: Path):
    write(journal_dir, "entries/2025-q1.md", Q1)
    run("sync")
    before = snapshot(journal_dir)
    assert run("add", "   ", expect=2).stderr == "Error: the task is empty\n"
    assert run("add", "two\nlines", expect=2).stderr == "Error: the task is several lines (a task is one line)\n"
    assert run("add", "x", "--status", "carried", expect=2).stderr.startswith("Error: Invalid value for '--status'")
    assert run("add", "x", "--period", "q5-2025", expect=2).stderr.startswith("Error: not a period")
    assert snapshot(journal_dir) == before


def test_the_goals_heading_is_the_one_for_the_period_itself(journal_dir: Path):
    journal, _created = open_journal(str(journal_dir))
    q1 = parse_period("2025-q1")
    assert goals_heading(journal, Q1, q1, None) == "Goals for Q1 2025"
    assert goals_heading(journal, "## Q2 2025 Priorities\n\n## Next Quarter Goals\n", q1, None) is None
    assert goals_heading(journal, "# Q1\n\n### Team goals\n", q1, None) == "Team goals"
    assert goals_heading(journal, Q1, q1, "PRIOR") == "Q2 2025 Priorities"
