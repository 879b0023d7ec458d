"""Concurrency: 2, 4 and 8 `journal` processes at once on one journal, with no lost update.

Each worker runs a random sequence of done, reopen, start, drop (with and without a reason,
one or two ids), sync, new (some periods asked for twice) and goals --json. Afterwards:

- every ledger file parses, and no id is in two files;
- each status change a command reported ("Done k7f3a2 ...", the goal's id: its first link's) is in
  the history of one of that goal's links exactly once, and the history holds no other change: no lost
  and no doubled update;
- each history entry starts from the status the one before it ended with;
- every goal's status in the ledger is its marker in the document, and a sync changes nothing;
- every command succeeded, or failed in a documented way: `new` of a period whose document
  exists (exit 2 or 7), the lock held longer than its timeout (exit 7; counted and reported).

Operations per case: ``3 * JOURNAL_FAULT_RUNS`` (default 60; the full run, 200, is 600 per case,
1,800 in all). ``JOURNAL_FAULT_SEED`` replays a seed.
"""

from __future__ import annotations

import json
import os
import random
import re
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.journal_factory import RUNS, build_journal, disagreements, ledger_goals, ok, run_journal

SEED = int(os.environ.get("JOURNAL_FAULT_SEED", random.SystemRandom().randrange(10**9)))
OPERATIONS = 3 * RUNS
PERIODS = ["2025-q2", "2025-q3", "2025-02", "2025-03", "2025-w10", "2025-w11"]
VERBS = {"Done": "done", "Reopened": "open", "Started": "in_progress", "Dropped": "dropped"}
CHANGED = re.compile(r"^(Done|Reopened|Started|Dropped) ([0-9a-z]+)  ", re.MULTILINE)
LOCKED = "another journal command"


def plan(rng: random.Random, ids: list[str], count: int) -> list[list[str]]:
    """``count`` random commands."""
    commands = []
    for _ in range(count):
        roll = rng.random()
        one = rng.choice(ids)
        if roll < 0.20:
            commands.append(["done", one])
        elif roll < 0.30:
            commands.append(["done", one, rng.choice(ids)])
        elif roll < 0.45:
            commands.append(["reopen", one])
        elif roll < 0.57:
            commands.append(["start", one])
        elif roll < 0.65:
            commands.append(["drop", one])
        elif roll < 0.72:
            commands.append(["drop", "--reason", f"reason {rng.randrange(1000)}", one])
        elif roll < 0.82:
            commands.append(["sync"])
        elif roll < 0.90:
            commands.append(["new", rng.choice(PERIODS)])
        else:
            commands.append(["goals", "--all", "--json"])
    return commands


def goal_ids(root: Path) -> dict[str, str]:
    """Each link's id -> its goal's id (its lineage's, what commands print), from the ledger as it is: no sync."""
    from journal.config import open_journal
    from journal.ledger import load_ledger

    ledger = load_ledger(open_journal(root)[0])
    return ledger.lineage_ids(list(ledger.goals.values()))


def allowed_failure(args: list[str], code: int, stderr: str) -> str | None:
    """The documented reason a command may fail here, or None."""
    lines = [line for line in stderr.strip().splitlines() if not line.startswith("waiting for another journal")]
    if code == 0 or len(lines) != 1 or not lines[0].startswith("Error:"):
        return None
    if code == 7 and LOCKED in lines[0]:
        return "lock timeout"
    if args[0] == "new" and code in (2, 7) and "already exists" in lines[0]:
        return "document exists"
    return None


@pytest.mark.faults
@pytest.mark.parametrize("workers", [2, 4, 8])
def test_concurrent_commands_lose_and_double_no_update(tmp_path: Path, workers: int):  # noqa: C901 - one loop that tallies every outcome of every worker
    root = build_journal(tmp_path / "journal")
    before = ledger_goals(root)
    ids = sorted(g_id for g_id, g in before.items() if g["status"] != "removed" and not g.get("carried_to"))
    rng = random.Random(f"{SEED}-{workers}")
    per_worker = -(-OPERATIONS // workers)
    plans = [plan(rng, ids, per_worker) for _ in range(workers)]

    def work(commands: list[list[str]]) -> list[tuple[list[str], object]]:
        return [(args, run_journal(root, *args, timeout=300)) for args in commands]

    started = time.monotonic()
    with ThreadPoolExecutor(workers) as pool:
        results = [done for batch in pool.map(work, plans) for done in batch]
    seconds = time.monotonic() - started

    expected: Counter = Counter()
    failures: Counter = Counter()
    unexpected = []
    for args, result in results:
        if result.returncode != 0:
            why = allowed_failure(args, result.returncode, result.stderr)
            if why is None:
                unexpected.append(f"{' '.join(args)}: exit {result.returncode}: {result.stderr.strip()}")
            else:
                failures[why] += 1
            continue
        if args[0] == "goals":
            json.loads(result.stdout)  # a reader never sees a broken ledger
        for verb, goal in CHANGED.findall(result.stdout):
            expected[(goal, VERBS[verb])] += 1
    assert not unexpected, f"seed {SEED}:\n" + "\n".join(unexpected[:20])

    after = ledger_goals(root)  # every ledger file parses, no id twice
    shown_id = goal_ids(root)
    recorded: Counter = Counter()
    problems = []
    for goal_id, goal in after.items():
        history = goal.get("history", [])
        known = len(before.get(goal_id, {}).get("history", []))
        for entry in history[known:]:
            if entry.get("by") == "cli":
                recorded[(shown_id[goal_id], entry["status"])] += 1
            elif entry.get("by") == "document" and "from" in entry:
                problems.append(f"{goal_id}: a change only the document held was found later: {entry}")
        for previous, entry in zip(history, history[1:], strict=False):
            if "from" in entry and entry["from"] != previous["status"]:
                problems.append(
                    f"{goal_id}: history goes {previous['status']} then {entry['from']} -> {entry['status']}"
                )
        if history and history[-1]["status"] != goal["status"]:
            problems.append(f"{goal_id}: status {goal['status']}, but its history ends with {history[-1]['status']}")
    missing = expected - recorded
    doubled = recorded - expected
    print(
        f"\n[concurrency {workers} workers] seed {SEED}: {len(results)} operations in {seconds:.1f} s, "
        f"{sum(expected.values())} status changes reported, {sum(recorded.values())} in the histories "
        f"({sum(missing.values())} missing, {sum(doubled.values())} doubled); other problems: {len(problems)}; "
        f"documented failures: {dict(failures) or 'none'}"
    )
    assert not missing, f"seed {SEED}: reported changes missing from the history: {dict(missing)}"
    assert not doubled, f"seed {SEED}: history entries no command reported: {dict(doubled)}"
    assert not problems, f"seed {SEED}:\n" + "\n".join(problems[:20])
    assert disagreements(root) == []
    assert ok(run_journal(root, "sync")).stdout == "Nothing changed.\n"
    assert ok(run_journal(root, "sync", "--full")).stdout == "Nothing changed.\n"


@pytest.mark.parametrize("command", ["sync", "goals", "done", "stats"])
def test_a_command_that_waited_for_the_lock_keeps_the_goals_written_meanwhile(
    tmp_path: Path, monkeypatch, command: str
):
    """A command finds a changed document, then waits for the lock while `journal new 2025-q2` (another
    process) writes the Q2 document and its goals; it must not then take those goals for removed."""
    import fcntl

    from click.testing import CliRunner

    from journal.cli import cli

    root = build_journal(tmp_path / "journal")
    goal = next(g_id for g_id, g in ledger_goals(root).items() if g["text"] == "Book the venue")
    january = root / "entries/2025-01.md"
    january.write_bytes(january.read_bytes().replace(b"- [ ] Finish the budget", b"- [/] Finish the budget"))
    monkeypatch.setenv("JOURNAL_DIR", str(root))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home" / "data"))
    real_flock = fcntl.flock
    others: list[object] = []

    def flock(fd, operation):
        if not others and operation & fcntl.LOCK_EX:
            others.append(ok(run_journal(root, "new", "2025-q2")))  # another process got the lock first
        return real_flock(fd, operation)

    monkeypatch.setattr(fcntl, "flock", flock)
    args = {"sync": ["sync"], "goals": ["goals", "--all", "--json"], "done": ["done", goal], "stats": ["stats"]}
    result = CliRunner().invoke(cli, args[command], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    if not others:
        pytest.skip(f"`journal {command}` took no lock: nothing to race with")
    assert "gone from entries/2025-q2.md" not in result.stdout
    removed = [
        (goal_id, goal["text"])
        for goal_id, goal in ledger_goals(root).items()
        if goal["source"] == "entries/2025-q2.md" and any(h["status"] == "removed" for h in goal.get("history", []))
    ]
    assert not removed, f"goals of the document written meanwhile were marked removed: {removed}"
    assert disagreements(root) == []
