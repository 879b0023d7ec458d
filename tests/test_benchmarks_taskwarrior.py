"""The Taskwarrior comparison of the benchmarks: the same goals as tasks, the row skipped without `task`."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from benchmarks import measure, run, taskwarrior


def goal(status: str, **more) -> dict:
    return {"text": "Write the RFC", "status": status, "period": "2025-q1", "created": "2025-04-01T09:30:00",
            "updated": "2025-04-02T10:00:00", **more}  # fmt: skip


@pytest.mark.parametrize(
    ("status", "task_status"),
    [("open", "pending"), ("in_progress", "pending"), ("done", "completed"), ("carried", "completed"),
     ("dropped", "deleted"), ("removed", "deleted")],
)  # fmt: skip
def test_each_goal_becomes_a_task_that_task_list_shows_as_goals_open_does(status: str, task_status: str):
    task = taskwarrior.goal_as_task(7, goal(status))
    assert task["status"] == task_status
    assert task["description"] == "Write the RFC"
    assert task["uuid"] == "00000007-0000-4000-8000-000000000007"
    assert task["entry"] == "20250401T093000Z"
    assert ("end" in task) == (task_status != "pending")
    assert ("start" in task) == (status == "in_progress")


def test_without_task_the_row_is_skipped_with_a_note(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(taskwarrior, "find_task", lambda: None)
    bench = run.Bench(tmp_path, "journal", quick=True, runs=1)
    bench.sizes["big"] = "1,000 goals in 83 documents"
    case = bench.taskwarrior_case(1)
    assert case.note == measure.TASK_MISSING and case.note.startswith("skipped")
    assert measure.taskwarrior_comparison([measure.Result(case, skipped=case.note)]) == ("", None)


def test_the_comparison_line_says_how_goals_open_fares_against_task_list():
    ours = measure.Result(measure.Case("`goals --open`, 10,000 goals in 833 documents", "big", [], big=True),
                      median_ms=118.0, baseline_ms=10.6, cpu_ms=118.0)  # fmt: skip
    theirs = measure.Result(measure.Case("`task list`", "big", [], command=["task", "list"]),
                        median_ms=72.0, baseline_ms=10.8, cpu_ms=71.0)  # fmt: skip
    line, no_slower = measure.taskwarrior_comparison([ours, theirs])
    assert no_slower is False
    assert "118 ms against 72 ms, 1.64x Taskwarrior's time (CPU 118 ms against 71 ms)" in line


@pytest.mark.skipif(shutil.which("task") is None, reason="Taskwarrior is not installed")
def test_task_list_lists_the_unsettled_goals(tmp_path: Path):
    import json
    import os
    import subprocess
    import sys

    goals = [goal("open"), goal("done"), goal("in_progress", text="Book the venue"), goal("dropped")]
    export = [sys.executable, "-c", f"print({json.dumps(json.dumps(goals))})"]
    env = taskwarrior.build_task_data(shutil.which("task"), tmp_path / "tw", export, dict(os.environ))
    listed = subprocess.run(["task", "list"], env={**os.environ, **env}, capture_output=True, text=True).stdout
    assert "Write the RFC" in listed and "Book the venue" in listed
    assert len([line for line in listed.splitlines() if "RFC" in line or "venue" in line]) == 2
