"""The same goals as Taskwarrior tasks, so that ``goals --open`` and ``task list`` are timed side by side.

Each goal of a journal becomes one task with its words, its document's period
as the project and its status: open and in progress are pending, done and
carried are completed, dropped and removed are deleted. ``task list`` then
lists what ``goals --open`` lists (the unsettled ones) out of as many items.
Taskwarrior reads its own data folder, set up here with a taskrc of its own:
the user's ~/.taskrc and tasks are never read or touched.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

TASK_STATUS = {
    "open": "pending",
    "in_progress": "pending",
    "done": "completed",
    "carried": "completed",
    "dropped": "deleted",
    "removed": "deleted",
}


def find_task() -> str | None:
    """Taskwarrior's ``task`` command, or None when it is not installed."""
    return shutil.which("task")


def task_version(task: str) -> str:
    """``task --version`` (``2.6.2``), or "" when it cannot be run."""
    try:
        done = subprocess.run([task, "--version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return done.stdout.strip()


def _stamp(iso: str) -> str:
    """An ISO date-time (``2025-04-01T09:30:00``) as Taskwarrior writes dates (``20250401T093000Z``)."""
    digits = "".join(ch for ch in iso[:19] if ch.isdigit())
    return f"{digits[:8]}T{digits[8:14].ljust(6, '0')}Z" if len(digits) >= 8 else "20250101T000000Z"


def goal_as_task(index: int, goal: dict[str, Any]) -> dict[str, Any]:
    """One exported goal as a Taskwarrior task (JSON import format)."""
    status = TASK_STATUS.get(goal.get("status", "open"), "pending")
    created = _stamp(goal.get("created") or "")
    task: dict[str, Any] = {
        "uuid": f"{index:08x}-0000-4000-8000-{index:012x}",
        "description": goal["text"],
        "status": status,
        "entry": created,
        "project": str(goal.get("period", "")).replace("-", "_"),
    }
    if goal.get("status") == "in_progress":
        task["start"] = created
    if status != "pending":
        task["end"] = _stamp(goal.get("updated") or "") or created
    return task


def build_task_data(task: str, folder: Path, goals: list[dict[str, Any]]) -> dict[str, str]:
    """Import ``goals`` as tasks into a new Taskwarrior data folder in ``folder``; the environment that uses it."""
    data = folder / "data"
    if data.exists():
        shutil.rmtree(data)
    data.mkdir(parents=True)
    taskrc = folder / "taskrc"
    # No hooks, no confirmation prompts, no garbage collection (its renumbering would be timed too).
    taskrc.write_text(f"data.location={data}\nconfirmation=off\nhooks=off\ngc=off\nverbose=nothing\n")
    tasks_file = folder / "tasks.json"
    tasks_file.write_text(json.dumps([goal_as_task(i, goal) for i, goal in enumerate(goals)]))
    env = {"TASKRC": str(taskrc), "TASKDATA": str(data)}
    done = subprocess.run([task, "import", str(tasks_file)], capture_output=True, text=True, env=_with(env))
    if done.returncode != 0:
        raise RuntimeError(f"task import exited {done.returncode}: {done.stderr.strip()[:200]}")
    return env


def _with(extra: dict[str, str]) -> dict[str, str]:
    import os

    return {**os.environ, **extra}
