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


def build_task_data(task: str, folder: Path, export: list[str], env: dict[str, str]) -> dict[str, str]:
    """Import the goals ``export`` prints (JSON) as tasks into a new Taskwarrior data folder in ``folder``.

    Returns the environment that makes ``task`` use it. The goals are read and
    converted in a child process, so that the timing process stays small: the
    peak RSS the kernel reports for a command it starts counts the starting
    process's memory at the fork.
    """
    import multiprocessing

    child = multiprocessing.get_context("fork").Process(target=_build, args=(task, folder, export, env))
    child.start()
    child.join()
    if child.exitcode != 0:
        raise RuntimeError(f"building the Taskwarrior data failed (exit {child.exitcode})")
    return _task_env(folder)


def _task_env(folder: Path) -> dict[str, str]:
    return {"TASKRC": str(folder / "taskrc"), "TASKDATA": str(folder / "data")}


def _build(task: str, folder: Path, export: list[str], env: dict[str, str]) -> None:
    exported = subprocess.run(export, env=env, capture_output=True, text=True, check=True).stdout
    goals = json.loads(exported)
    data = folder / "data"
    if data.exists():
        shutil.rmtree(data)
    data.mkdir(parents=True)
    # No hooks, no confirmation prompts, no garbage collection (its renumbering would be timed too).
    (folder / "taskrc").write_text(f"data.location={data}\nconfirmation=off\nhooks=off\ngc=off\nverbose=nothing\n")
    tasks_file = folder / "tasks.json"
    tasks_file.write_text(json.dumps([goal_as_task(i, goal) for i, goal in enumerate(goals)]))
    done = subprocess.run(
        [task, "import", str(tasks_file)], capture_output=True, text=True, env=_with(_task_env(folder))
    )
    if done.returncode != 0:
        raise RuntimeError(f"task import exited {done.returncode}: {done.stderr.strip()[:200]}")


def _with(extra: dict[str, str]) -> dict[str, str]:
    import os

    return {**os.environ, **extra}
