"""`journal start`: mark goals in progress."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from tests.cli.conftest import assert_usage_error
from tests.cli.test_core_loop import ids_by_text
from tests.conftest import snapshot, write


def test_start_changes_the_marker_and_records_history(run, journal_dir: Path):
    doc = write(journal_dir, "entries/2025-q1.md", "# Goals\n\n- [ ] one\n- [x] other\n")
    goal = ids_by_text(run)["one"]
    assert run("start", goal[:3]).stdout == f"Started {goal}  one\n"
    assert doc.read_text() == "# Goals\n\n- [/] one\n- [x] other\n"
    ledger = tomllib.loads((journal_dir / "ledger" / "2025-q1.toml").read_text())
    last = ledger["goals"][goal]["history"][-1]
    assert (last["status"], last["by"]) == ("in_progress", "cli")
    listed = {g["id"]: g for g in json.loads(run("goals", "--all", "--json").stdout)}
    assert listed[goal]["status"] == "in_progress"
    assert run("sync").stdout == "Nothing changed.\n"


def test_start_of_a_goal_already_in_progress(run, journal_dir: Path):
    write(journal_dir, "entries/2025-q1.md", "# Goals\n\n- [/] one\n")
    goal = ids_by_text(run)["one"]
    before = snapshot(journal_dir)
    result = run("start", goal)
    assert (result.stdout, result.stderr) == ("", f"{goal} is already in progress: one\n")
    assert snapshot(journal_dir) == before


def test_start_errors_are_one_line_and_write_nothing(run, journal_dir: Path):
    write(journal_dir, "entries/2025-q1.md", "# Goals\n\n- [ ] one\n")
    goal = ids_by_text(run)["one"]
    before = snapshot(journal_dir)
    unknown = run("start", goal, "zzzzzz", expect=3)  # one bad id among good ones: nothing is changed
    assert unknown.stderr == "Error: no goal matches 'zzzzzz' ('journal goals --all' lists the ids)\n"
    assert_usage_error(run("start", expect=2), "Missing argument 'ID...'.", "start")
    assert_usage_error(run("start", goal, "--bogus", expect=2), "No such option '--bogus'.", "start")
    assert snapshot(journal_dir) == before
