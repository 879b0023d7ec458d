"""`journal add` finds the section where each built-in template keeps its tasks or goals."""

from __future__ import annotations

from pathlib import Path

import pytest

from journal.capture import goals_heading
from journal.config import open_journal
from journal.periods import parse_period


@pytest.fixture(autouse=True)
def april(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JOURNAL_NOW", "2025-04-15")


# (period, the template `new` uses, the document, the heading the task goes under)
BUILT_IN = [
    ("2025-04-15", None, "entries/2025-04-15.md", "Tasks"),
    ("2025-w16", None, "entries/2025-w16.md", "Goals for W16 2025"),
    ("2025-04", None, "entries/2025-04.md", "Goals for April 2025"),
    ("2025-q2", None, "entries/2025-q2.md", "Goals for Q2 2025"),
    ("2025", None, "entries/2025.md", "Goals for 2025"),
    ("2025-q2", "report", "entries/2025-q2-report.md", "Q2 2025 Goals"),
]


def section_lines(text: str, heading: str) -> list[str]:
    """The lines of the section under ``heading`` (up to the next heading of any level)."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.lstrip("#").strip() == heading and line.startswith("#"))
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("#")), len(lines))
    return lines[start + 1 : end]


@pytest.mark.parametrize(("period", "template", "name", "heading"), BUILT_IN, ids=[b[1] or b[0] for b in BUILT_IN])
def test_add_puts_the_task_under_the_templates_own_section(run, journal_dir: Path, period, template, name, heading):
    run("new", period, *(("--template", template) if template else ()))
    path = journal_dir / name
    before = path.read_text()
    result = run("add", "Call", "the", "plumber", "--period", period)
    assert result.stderr == ""
    after = path.read_text()
    assert after.count("#") == before.count("#")  # no section added
    assert "- [ ] Call the plumber" in section_lines(after, heading)
    assert after.replace("- [ ] Call the plumber\n", "", 1).replace("\n\n\n", "\n\n") in (before, before + "\n")


def test_goals_heading_falls_back_to_a_tasks_heading(journal_dir: Path):
    journal, _created = open_journal(str(journal_dir))
    day = parse_period("2025-04-15")
    text = "# Tue 15 April 2025\n\n## Tasks\n\n## Log\n"
    assert goals_heading(journal, text, day, None) == "Tasks"
    assert goals_heading(journal, "# Day\n\n## Goals\n\n## Tasks\n", day, None) == "Goals"
    assert goals_heading(journal, "# Day\n\n## Log\n", day, None) is None
