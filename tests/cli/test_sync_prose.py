"""`journal sync` after an edit of a document's prose only: the goals of a full parse, without one."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import journal.extract_many
from tests.conftest import modules_after, write

DOCUMENT = """\
# 2025 Q2

Some words about the quarter.
They go on for a while.

## Goals

- [ ] Ship the importer
- [x] Write the guide
- Plain bullet goal

Notes after the goals.

## Habits

- [/] Run twice a week
"""


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts sync parses with markdown-it, in order."""
    seen: list[str] = []
    real = journal.extract_many._extract_one

    def counted(job):
        seen.append(job[0])
        return real(job)

    monkeypatch.setattr(journal.extract_many, "_extract_one", counted)
    return seen


def _goals(run) -> list[dict]:
    return json.loads(run("goals", "--all", "--json").stdout)


def _fully_parsed(run, root: Path) -> list[dict]:
    """The goals after the derived folder is deleted and every document read again."""
    shutil.rmtree(root / ".journal")
    run("sync", "--full")
    return _goals(run)


def test_a_prose_edit_moves_the_goals_lines_without_a_parse(journal_dir: Path, run, parses):
    path = write(journal_dir, "entries/2025-q2.md", DOCUMENT)
    run("sync")
    before = {g["text"]: g["line"] for g in _goals(run)}
    parses.clear()
    path.write_text(DOCUMENT.replace("They go on for a while.\n", "They go on.\nAnd on,\nand on.\n"))
    assert run("sync").stdout == "Nothing changed.\n"
    assert parses == []  # answered from what the first sync kept
    after = _goals(run)
    assert {g["text"]: g["line"] for g in after} == {text: line + 2 for text, line in before.items()}
    assert _fully_parsed(run, journal_dir) == after


def test_a_line_appended_at_the_end_is_not_parsed(journal_dir: Path, run, parses):
    path = write(journal_dir, "entries/2025-q2.md", DOCUMENT.replace("- [/] Run twice a week\n", "Last words.\n"))
    run("sync")
    parses.clear()
    with path.open("a", encoding="utf-8") as handle:
        handle.write("\nA line added.\n")
    run("sync")
    assert parses == []
    assert _fully_parsed(run, journal_dir) == _goals(run)


def test_an_edited_goal_line_is_parsed(journal_dir: Path, run, parses):
    path = write(journal_dir, "entries/2025-q2.md", DOCUMENT)
    run("sync")
    parses.clear()
    path.write_text(DOCUMENT.replace("- [ ] Ship the importer", "- [x] Ship the importer"))
    run("sync")
    assert len(parses) == 1
    assert [g["status"] for g in _goals(run) if g["text"] == "Ship the importer"] == ["done"]


def test_prose_right_below_a_goal_is_its_words_and_is_parsed(journal_dir: Path, run, parses):
    """A column-0 line right below an item continues it (a lazy line): editing it changes the goal's text."""
    text = DOCUMENT.replace("- [/] Run twice a week\n", "- [/] Run twice\nweekly\n")
    path = write(journal_dir, "entries/2025-q2.md", text)
    run("sync")
    assert "Run twice weekly" in [g["text"] for g in _goals(run)]
    parses.clear()
    path.write_text(text.replace("weekly\n", "daily\n"))
    run("sync")
    assert len(parses) == 1
    texts = [g["text"] for g in _goals(run) if g["status"] != "removed"]
    assert "Run twice daily" in texts and "Run twice weekly" not in texts


def test_a_prose_edit_after_the_records_are_lost_is_parsed(journal_dir: Path, run, parses):
    path = write(journal_dir, "entries/2025-q2.md", DOCUMENT)
    run("sync")
    shutil.rmtree(journal_dir / ".journal" / "prose")
    parses.clear()
    path.write_text(DOCUMENT.replace("Notes after the goals.", "Other notes after the goals."))
    run("sync")
    assert len(parses) == 1
    assert _fully_parsed(run, journal_dir) == _goals(run)


def test_a_prose_edit_imports_no_markdown_parser(tmp_path: Path):
    root = tmp_path / "j"
    (root / "entries").mkdir(parents=True)
    document = root / "entries" / "2025-q2.md"
    document.write_text(DOCUMENT)

    def modules() -> set[str]:
        return modules_after(["sync"], root)[0]

    assert "markdown_it" in modules()  # the first sync parses
    document.write_text(DOCUMENT.replace("Notes after the goals.", "Notes after the goals,\nlonger now."))
    loaded = modules()
    assert "markdown_it" not in loaded and "journal.extract" not in loaded
    document.write_text(DOCUMENT.replace("- [x] Write", "- [ ] Write"))
    assert "markdown_it" in modules()  # a goal changed: parsed


def test_a_dry_run_keeps_no_record(journal_dir: Path, run):
    path = write(journal_dir, "entries/2025-q2.md", DOCUMENT)
    run("sync")
    shutil.rmtree(journal_dir / ".journal" / "prose")
    path.write_text(DOCUMENT.replace("- [x] Write", "- [ ] Write"))
    run("new", "2025-q3", "--dry-run")
    assert not (journal_dir / ".journal" / "prose").exists()
    run("sync")
    assert (journal_dir / ".journal" / "prose").is_dir()
