"""`journal drop`: mark goals dropped, with a reason kept in their history."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from tests.cli.conftest import assert_usage_error
from tests.cli.test_core_loop import ids_by_text
from tests.conftest import snapshot, write


def test_drop_with_a_reason_keeps_it_in_the_history(run, journal_dir: Path):
    doc = write(journal_dir, "entries/2025-q1.md", "# Goals\n\n- [/] one\n- two\n", newline="\r\n")
    ids = ids_by_text(run)
    assert run("drop", ids["one"], "-r", "no time this quarter").stdout == f"Dropped {ids['one']}  one\n"
    assert run("drop", ids["two"]).stdout == f"Dropped {ids['two']}  two\n"
    assert doc.read_bytes() == b"# Goals\r\n\r\n- [-] one\r\n- [-] two\r\n"
    goals = tomllib.loads((journal_dir / "ledger" / "2025-q1.toml").read_text())["goals"]
    assert goals[ids["one"]]["history"][-1] == {
        **goals[ids["one"]]["history"][-1],
        "status": "dropped",
        "from": "in_progress",
        "by": "cli",
        "reason": "no time this quarter",
    }
    assert "reason" not in goals[ids["two"]]["history"][-1]
    dropped = json.loads(run("goals", "--dropped", "--json").stdout)
    assert [g["text"] for g in dropped] == ["one", "two"]
    story = run("show", ids["one"]).stdout.splitlines()
    assert story[-1].endswith("dropped (was in progress) by cli: no time this quarter")


def test_drop_of_a_goal_already_dropped_records_only_a_new_reason(run, journal_dir: Path):
    doc = write(journal_dir, "entries/2025-q1.md", "# Goals\n\n- [-] one\n")
    goal = ids_by_text(run)["one"]
    before = snapshot(journal_dir)
    result = run("drop", goal)
    assert (result.stdout, result.stderr) == ("", f"{goal} is already dropped: one\n")
    assert snapshot(journal_dir) == before
    assert run("drop", goal, "--reason", "out of scope").stdout == f"Dropped {goal}  one\n"
    assert doc.read_text() == "# Goals\n\n- [-] one\n"
    assert run("drop", goal, "--reason", "out of scope").stderr == f"{goal} is already dropped: one\n"
    history = json.loads(run("show", goal, "--json").stdout)[-1]["history"]
    assert [(h["status"], h.get("reason")) for h in history] == [("dropped", None), ("dropped", "out of scope")]


def test_drop_errors_are_one_line_and_write_nothing(run, journal_dir: Path):
    write(journal_dir, "entries/2025-q1.md", "# Goals\n\n- [ ] one\n")
    goal = ids_by_text(run)["one"]
    before = snapshot(journal_dir)
    empty = run("drop", goal, "--reason", "  ", expect=2)
    assert empty.stderr == "Error: the reason is empty (give one with --reason TEXT, or leave --reason out)\n"
    unknown = run("drop", "zzzzzz", expect=3)
    assert unknown.stderr == "Error: no goal matches 'zzzzzz' ('journal goals --all' lists the ids)\n"
    assert_usage_error(run("drop", expect=2), "Missing argument 'ID...'.", "drop")
    assert snapshot(journal_dir) == before


def test_a_missing_reason_points_at_the_help_of_drop(run, journal_dir: Path):
    write(journal_dir, "entries/2025-q1.md", "# Goals\n\n- [ ] one\n")
    goal = ids_by_text(run)["one"]
    before = snapshot(journal_dir)
    assert_usage_error(run("drop", goal, "--reason", expect=2), "Option '--reason' requires an argument.", "drop")
    assert snapshot(journal_dir) == before
