"""`journal reopen`: mark goals open again."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from tests.cli.conftest import assert_usage_error
from tests.cli.test_core_loop import ids_by_text
from tests.conftest import snapshot, write


def test_reopen_changes_the_marker_and_records_history(run, journal_dir: Path):
    doc = write(journal_dir, "entries/2025-q1.md", "# Goals\n\n- [x] one\n- [x] other\n")
    goal = ids_by_text(run)["one"]
    assert run("reopen", goal[:3]).stdout == f"Reopened {goal}  one\n"
    assert doc.read_text() == "# Goals\n\n- [ ] one\n- [x] other\n"
    ledger = tomllib.loads((journal_dir / "ledger" / "2025-q1.toml").read_text())
    last = ledger["goals"][goal]["history"][-1]
    assert (last["status"], last["by"]) == ("open", "cli")
    listed = {g["id"]: g for g in json.loads(run("goals", "--all", "--json").stdout)}
    assert listed[goal]["status"] == "open"
    assert run("sync").stdout == "Nothing changed.\n"


def test_reopen_of_a_goal_already_open(run, journal_dir: Path):
    write(journal_dir, "entries/2025-q1.md", "# Goals\n\n- [ ] one\n")
    goal = ids_by_text(run)["one"]
    before = snapshot(journal_dir)
    result = run("reopen", goal)
    assert (result.stdout, result.stderr) == ("", f"{goal} is already open: one\n")
    assert snapshot(journal_dir) == before


def test_reopen_errors_are_one_line_and_write_nothing(run, journal_dir: Path):
    write(journal_dir, "entries/2025-q1.md", "# Goals\n\n- [x] one\n")
    goal = ids_by_text(run)["one"]
    before = snapshot(journal_dir)
    unknown = run("reopen", goal, "zzzzzz", expect=3)  # one bad id among good ones: nothing is changed
    assert unknown.stderr == "Error: no goal matches 'zzzzzz' ('journal goals --all' lists the ids)\n"
    assert_usage_error(run("reopen", expect=2), "Missing argument 'ID...'.", "reopen")
    assert_usage_error(run("reopen", goal, "--bogus", expect=2), "No such option '--bogus'.", "reopen")
    assert snapshot(journal_dir) == before
