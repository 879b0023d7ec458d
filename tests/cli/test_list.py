"""`journal list`: the documents by period, with their goal counts and completion."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import assert_usage_error
from tests.conftest import snapshot, write


def test_list_counts_goals_per_document(run, journal_dir: Path):
    write(journal_dir, "entries/2025-q1.md", "# Q1\n\n## Goals\n\n- [x] a\n- [ ] b\n")
    write(journal_dir, "entries/2024-q4.md", "# Q4\n\n## Goals\n\n- [ ] c\n")
    assert run("list").stdout == (
        "PERIOD   GOALS  DONE  OPEN  DROPPED  CARRIED  RATE  DOCUMENT\n"
        "2024-q4  1      0     1     0        0        0%    entries/2024-q4.md\n"
        "2025-q1  2      1     1     0        0        50%   entries/2025-q1.md\n"
    )


def test_list_of_the_example_journal(run, example: Path):
    assert run("list").stdout == (
        "PERIOD      GOALS  DONE  OPEN  DROPPED  CARRIED  RATE  DOCUMENT\n"
        "2024-q4     0      0     0     0        0        -     entries/2024-q4-report.md\n"
        "2024-q4     5      2     0     1        2        40%   entries/2024-q4.md\n"
        "2025-q1     16     8     8     0        0        50%   entries/2025-q1.md\n"
        "2025-04-14  0      0     0     0        0        -     entries/2025-04-14.md\n"  # the daily note
    )  # each goal once, in the period it is for: the numbers `stats` gives for Q4 (5) and Q1 (15); the
    # report's four goals are all in the personal document too, and counted there


def test_list_json_one_object_per_document(run, journal_dir: Path):
    write(journal_dir, "entries/2025-q1.md", "# Q1\n\n## Goals\n\n- [x] a\n- [-] b\n- [>] c\n")
    write(journal_dir, "entries/2025-q2.md", "# Q2 2025\n\nNo goals yet.\n")
    write(journal_dir, "entries/notes/2025-03.md", "# March\n\n- [ ] d\n")
    assert json.loads(run("list", "--json").stdout) == [
        {"document": "entries/2025-q1.md", "period": "2025-q1", "goals": 3, "done": 1, "open": 0, "dropped": 1,
         "carried": 1, "rate": 1 / 3, "reviewed": "-"},
        {"document": "entries/notes/2025-03.md", "period": "2025-03", "goals": 1, "done": 0, "open": 1, "dropped": 0,
         "carried": 0, "rate": 0.0, "reviewed": "-"},
        {"document": "entries/2025-q2.md", "period": "2025-q2", "goals": 0, "done": 0, "open": 0, "dropped": 0,
         "carried": 0, "rate": None, "reviewed": "-"},
    ]  # fmt: skip


def test_list_of_an_empty_journal(run, journal_dir: Path):
    result = run("list")
    assert (result.stdout, result.stderr) == ("", "No documents yet: 'journal new this' writes one.\n")
    assert run("list", "--json").stdout.strip() == "[]"


def test_list_errors_are_one_line_and_write_nothing(run, journal_dir: Path):
    write(journal_dir, "entries/2025-q1.md", "# Q1\n\n## Goals\n\n- [x] a\n")
    run("sync")
    before = snapshot(journal_dir)
    assert_usage_error(run("list", "--bogus", expect=2), "No such option '--bogus'.", "list")
    assert_usage_error(run("list", "2025-q1", expect=2), "Got unexpected extra argument (2025-q1)", "list")
    assert snapshot(journal_dir) == before


def test_list_shows_a_document_without_a_period_last(run, journal_dir: Path):
    write(journal_dir, "entries/2025-q1.md", "# Q1\n\n## Goals\n\n- [x] a\n")
    write(journal_dir, "entries/misc.md", "# misc\n\n- [ ] loose\n")
    result = run("list")
    assert result.stdout == (
        "PERIOD   GOALS  DONE  OPEN  DROPPED  CARRIED  RATE  DOCUMENT\n"
        "2025-q1  1      1     0     0        0        100%  entries/2025-q1.md\n"
        "-        0      0     0     0        0        -     entries/misc.md\n"
    )
    assert result.stderr == ""  # a note that names no period is not a journal document: no warning (issue 11)
