"""`add`, `note` and `search` take their text unquoted, as `jrnl` and `task add` do: words joined by spaces."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.conftest import assert_usage_error
from tests.conftest import write

Q1 = """\
# Q1 2025

## Goals for Q1 2025

- [ ] Fix the knee
- [ ] Write the service ownership doc
"""


@pytest.fixture(autouse=True)
def february(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JOURNAL_NOW", "2025-02-10")


def test_add_takes_unquoted_words_as_one_task(run, journal_dir: Path):
    path = write(journal_dir, "entries/2025-q1.md", Q1)
    result = run("add", "Call", "the", "plumber")
    goal_id = result.stdout.split()[1]
    assert result.stdout == f"Added {goal_id}  Call the plumber  (entries/2025-q1.md:7)\n"
    assert path.read_text() == Q1 + "- [ ] Call the plumber\n"


def test_add_with_options_after_the_words(run, journal_dir: Path):
    path = write(journal_dir, "entries/2025-q1.md", Q1)
    run("add", "Call", "the", "plumber", "--status", "done")
    assert path.read_text() == Q1 + "- [x] Call the plumber\n"


def test_note_takes_unquoted_words_as_one_note(run, journal_dir: Path):
    write(journal_dir, "entries/2025-q1.md", Q1)
    goal_id = next(g["id"] for g in json.loads(run("goals", "--json").stdout) if g["text"] == "Fix the knee")
    result = run("note", goal_id, "knee", "still", "sore")
    assert result.stdout.splitlines()[1] == "  2025-02-10: knee still sore  (entries/2025-q1.md:6)"
    assert "  > Note 2025-02-10: knee still sore\n" in (journal_dir / "entries/2025-q1.md").read_text()


def test_search_takes_unquoted_words_as_one_pattern(run, journal_dir: Path):
    write(journal_dir, "entries/2025-q1.md", Q1)
    found = json.loads(run("search", "service", "ownership", "--json").stdout)
    assert [line["text"] for line in found["lines"]] == ["- [ ] Write the service ownership doc"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("add",), "Missing argument 'TEXT'."),
        (("search",), "Missing argument 'PATTERN'."),
        (("note", "abcd"), "Missing argument 'TEXT'."),
    ],
)
def test_no_words_is_still_a_missing_argument(run, journal_dir: Path, args, message):
    assert_usage_error(run(*args, expect=2), message, args[0])


def test_empty_text_is_still_refused(run, journal_dir: Path):
    write(journal_dir, "entries/2025-q1.md", Q1)
    assert run("add", "", expect=2).stderr == "Error: the task is empty\n"
