"""A realistic journal on disk, the `journal` command as a subprocess, and the checks the fault tests share.

The journal holds four documents, one per line-ending style: ``2024-q4.md`` (LF), ``2025-q1.md``
(CRLF), ``2025-q1-report.md`` (LF with a byte order mark) and ``2025-01.md`` (lone CR), with task
items, plain bullets under goal headings, goals planned for the next period and sections the review
asks about.

Counts come from ``JOURNAL_FAULT_RUNS`` (default 20): the crash tests kill that many commands, the
concurrency tests run ``3 * JOURNAL_FAULT_RUNS`` operations per case. ``JOURNAL_FAULT_RUNS=200`` is
the full run (200+ kills, 1,800 operations, full-size documents).
"""

from __future__ import annotations

import difflib
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

RUNS = max(1, int(os.environ.get("JOURNAL_FAULT_RUNS", "20")))
FULL = RUNS >= 200
JOURNAL = [sys.executable, "-m", "journal.cli"]

# The temporary files write_atomic makes next to a target: ".NAME.<random>.tmp".
TMP_NAME = re.compile(r"\..+\.[A-Za-z0-9_]+\.tmp")
# A list item's prefix and optional task marker (the marker is the one character inside [ ]).
ITEM = re.compile(r"^([ \t]*(?:(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$))+)(\[[ xX/>\-]\](?:[ \t]+|$))?")
STATUS_MARKER = {"open": " ", "in_progress": "/", "done": "x", "carried": ">", "dropped": "-"}

Q4_2024 = """\
# Q4 2024 Reflection - Ada

**Author**: Ada
**Date**: 2025-01-05

## Wins

- Shipped the importer
- Hired two engineers

## Goals for Q4 2024

- [x] Ship the importer
- [ ] Write the caching RFC
- [/] Migrate billing to Postgres
- [-] Rewrite the scheduler

## Q1 2025 Priorities

### Personal Goals

- Run a 10k in under 55 minutes
- Read six books

### Team Goals

- [ ] Complete the GraphQL migration
- [ ] Cut CI time under ten minutes

## Gratitude

Thanks to the whole team.
"""

Q1_2025 = """\
# Q1 2025 Reflection - Ada

**Author**: Ada

## Wins

## Challenges

<!-- What was hard? What got in the way? -->

## Lessons

## Goals for Q1 2025

- [ ] Complete the GraphQL migration
- [ ] Cut CI time under ten minutes
- [ ] Hire a staff engineer
- [/] Write the onboarding guide
- [x] Renew the on-call rotation
- [ ] Publish the ownership map
  - [ ] Draft it with each team lead

## Q2 2025 Priorities

- [ ] Launch the public API beta
- Plan the team offsite

## Gratitude

"""

Q1_REPORT = """\
\ufeff# Q1 2025 Engineering Report

## 1. Summary

A steady quarter.

```sql
- [ ] not a goal: inside code
```

| Metric | Value |
|---|---|
| - [ ] not a goal | 3 |

## 6. Next Quarter Goals

### Q2 2025 Priorities

- [ ] Move search to the new cluster
- [ ] Retire the legacy auth service
- [x] Pick the new load balancer
"""

JANUARY = """\
# January 2025

## Goals

- [ ] Finish the budget
- [x] Book the venue
- Call the accountant

## Notes

- not a goal
"""

DOCUMENTS = {
    "entries/2024-q4.md": (Q4_2024, "\n"),
    "entries/2025-q1.md": (Q1_2025, "\r\n"),
    "entries/2025-q1-report.md": (Q1_REPORT, "\n"),
    "entries/2025-01.md": (JANUARY, "\r"),
}

# Two documents from outside the journal, for `journal import`.
IMPORTS = {
    "2025-Q3.md": ("# Q3 2025 Reflection\r\n\r\n## Goals\r\n\r\n- [ ] Imported goal one\r\n- [x] Imported two\r\n"),
    "retro-notes.md": ("---\nperiod: 2025-q4\n---\n# Retro\n\n## Action items\n\n- Fix the flaky test\n"),
}


def journal_env(root: Path, sandbox: Path | None = None) -> dict[str, str]:
    """The environment a `journal` subprocess runs in: JOURNAL_DIR set, home and XDG folders in ``sandbox``."""
    sandbox = sandbox or root.parent / "home"
    env = dict(os.environ)
    env.update(
        JOURNAL_DIR=str(root),
        NO_COLOR="1",
        COLUMNS="120",
        TERM="dumb",
        HOME=str(sandbox),
        XDG_DATA_HOME=str(sandbox / "data"),
        XDG_CACHE_HOME=str(sandbox / "cache"),
        XDG_CONFIG_HOME=str(sandbox / "config"),
        XDG_STATE_HOME=str(sandbox / "state"),
        PYTHONDONTWRITEBYTECODE="1",
        PYTHONPATH=str(Path(__file__).resolve().parent.parent),
    )
    env.pop("VISUAL", None)
    env.pop("EDITOR", None)
    return env


def run_journal(
    root: Path,
    *args: str,
    input: str | None = None,
    timeout: float = 120,
    env: dict | None = None,
    cwd: Path | None = None,
) -> subprocess.CompletedProcess:
    """Run ``journal ARGS`` against the journal at ``root`` in a subprocess (in root's parent folder); text output."""
    return subprocess.run(
        [*JOURNAL, *args],
        input=input if input is not None else "",
        capture_output=True,
        text=True,
        env=env or journal_env(root),
        timeout=timeout,
        cwd=cwd or root.parent,
    )


def ok(result: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    """``result``, asserting it succeeded."""
    assert result.returncode == 0, f"{result.args}: exit {result.returncode}\n{result.stdout}\n{result.stderr}"
    return result


def write_documents(root: Path, documents: dict[str, tuple[str, str]] | None = None) -> None:
    for name, (text, newline) in (documents or DOCUMENTS).items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.replace("\n", newline).encode("utf-8"))


def build_journal(root: Path, *, sync: bool = True) -> Path:
    """A journal at ``root`` with the four documents, synced; returns ``root``."""
    ok(run_journal(root, "init", str(root)))
    (root / "journal.toml").write_text('author = "Ada"\n')
    write_documents(root)
    if sync:
        ok(run_journal(root, "sync"))
    return root


def write_imports(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in IMPORTS.items():
        (folder / name).write_bytes(text.encode("utf-8"))
    return folder


def goals_json(root: Path) -> list[dict]:
    return json.loads(ok(run_journal(root, "goals", "--all", "--json")).stdout)


def import_available(root: Path) -> bool:
    return run_journal(root, "import", "--help").returncode == 0


# ---------------------------------------------------------------- snapshots


def is_tmp(name: str) -> bool:
    return bool(TMP_NAME.fullmatch(name))


def snapshot(root: Path, *, state: bool = False) -> dict[str, bytes]:
    """Every file under ``root`` by relative path (``.journal/`` only with ``state``), temporary files left out."""
    found = {}
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if not path.is_file() or is_tmp(path.name):
            continue
        if relative.parts[0] == ".journal" and not state:
            continue
        found[relative.as_posix()] = path.read_bytes()
    return found


def leftovers(root: Path) -> list[str]:
    """Temporary files (``.NAME.*.tmp``) anywhere under ``root``."""
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if is_tmp(p.name))


def ledger_files(root: Path) -> dict[str, dict]:
    """Every ledger file, parsed with tomllib (a parse error fails the caller's test)."""
    parsed = {}
    for path in sorted((root / "ledger").glob("*.toml")):
        try:
            parsed[path.name] = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise AssertionError(f"{path} does not parse: {exc}\n{path.read_bytes()[-400:]!r}") from exc
    return parsed


TIME_FIELDS = ("created", "updated", "at")


def without_times(value):
    """A parsed ledger value with its timestamps left out (two runs of a command differ only in those)."""
    if isinstance(value, dict):
        return {k: without_times(v) for k, v in value.items() if k not in TIME_FIELDS}
    if isinstance(value, list):
        return [without_times(v) for v in value]
    return value


def same_state(one: dict[str, bytes], other: dict[str, bytes]) -> bool:
    """Two snapshots hold the same files with the same bytes, ledger files compared without their timestamps."""
    if set(one) != set(other):
        return False
    for name, data in one.items():
        if data == other[name]:
            continue
        if not name.startswith("ledger/"):
            return False
        try:
            if without_times(tomllib.loads(data.decode())) != without_times(tomllib.loads(other[name].decode())):
                return False
        except (tomllib.TOMLDecodeError, UnicodeDecodeError):
            return False
    return True


def ledger_goals(root: Path) -> dict[str, dict]:
    """Every goal in the ledger files by id; an id in two files fails."""
    goals: dict[str, dict] = {}
    for name, data in ledger_files(root).items():
        for goal_id, goal in data.get("goals", {}).items():
            assert goal_id not in goals, f"goal id {goal_id} is in two ledger files"
            goals[goal_id] = {**goal, "file": name}
    return goals


# ---------------------------------------------------------------- document transitions


def split_lines(data: bytes) -> list[bytes]:
    """Lines with their endings (LF, CRLF or lone CR), the last one possibly without."""
    return re.findall(rb"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$", data)


def strip_marker(line: bytes) -> bytes:
    """The line without its task marker (``- [x] Ship`` and ``- Ship`` both give ``- Ship``)."""
    text = line.decode("utf-8", "replace")
    match = ITEM.match(text.lstrip("\ufeff"))
    if not match or not match.group(2):
        return line
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    return (bom + match.group(1) + text.lstrip("\ufeff")[match.end() :]).encode("utf-8")


def transition_problems(old: bytes, new: bytes, final: bytes | None) -> list[str]:
    """Why ``new`` is not ``old`` with some of the changes ``final`` holds applied whole; [] when it is.

    Allowed: markers changed or added on lines (only the marker characters), whole lines inserted,
    a missing final line ending added. With ``final``, every changed or inserted line must be a
    line of ``final`` (so nothing half-written or foreign). A truncated or torn file fails.
    """
    if new == old or (final is not None and new == final):
        return []
    problems = []
    old_lines, new_lines = split_lines(old), split_lines(new)
    final_lines = set(split_lines(final)) if final is not None else None
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if tag == "delete":
            problems.append(f"lines {i1 + 1}-{i2} of the old version are gone: {old_lines[i1:i2][:3]!r}")
            continue
        if tag == "replace":
            olds, news = old_lines[i1:i2], new_lines[j1:j2]
            # A replace may be marker changes, possibly followed by inserted lines.
            changed = 0
            for before, after in zip(olds, news, strict=False):
                same = strip_marker(before) == strip_marker(after)
                ending_added = after == before + b"\n" or after == before + b"\r\n" or after == before + b"\r"
                if not (same or ending_added):
                    break
                changed += 1
            if changed < len(olds):
                problems.append(f"old lines {i1 + 1}-{i2} were rewritten: {olds[:2]!r} -> {news[:2]!r}")
                continue
            inserted = news
        else:  # insert
            inserted = new_lines[j1:j2]
        if final_lines is not None:
            foreign = [line for line in inserted if line not in final_lines]
            if foreign:
                problems.append(f"lines not in the finished version: {foreign[:3]!r}")
    return problems


# ---------------------------------------------------------------- ledger <-> documents


def extracted_items(root: Path) -> list[dict]:
    """The goals `journal extract --json` finds in every document, ``file`` relative to the journal."""
    documents = sorted(p for p in (root / "entries").rglob("*.md") if not p.name.startswith("."))
    if not documents:
        return []
    result = ok(run_journal(root, "extract", "--json", *[str(p.relative_to(root)) for p in documents], cwd=root))
    return json.loads(result.stdout)


def disagreements(root: Path) -> list[str]:
    """Where the ledger and the documents disagree: a goal's line, text or (for checkboxes) status."""
    items = {(item["file"], item["line"]): item for item in extracted_items(root)}
    problems = []
    live = {}
    for goal_id, goal in ledger_goals(root).items():
        if goal["status"] == "removed":
            continue
        where = (goal["source"], goal["line"])
        if where in live:
            problems.append(f"{goal_id} and {live[where]} are both at {where}")
        live[where] = goal_id
        item = items.get(where)
        if item is None:
            problems.append(f"{goal_id} ({goal['text']!r}, {goal['status']}): no goal at {where}")
            continue
        if " ".join(item["text"].split()) != " ".join(goal["text"].split()):
            problems.append(f"{goal_id} at {where}: ledger text {goal['text']!r}, document {item['text']!r}")
        # A goal that lives on in a later line (carried_to) is carried whatever its old marker still shows.
        lives_on = goal["status"] == "carried" and goal.get("carried_to") and item["status"] in ("open", "in_progress")
        if item["kind"] == "checkbox" and item["status"] != goal["status"] and not lives_on:
            problems.append(f"{goal_id} at {where}: ledger says {goal['status']}, the document {item['status']}")
    for where, item in items.items():
        if where not in live:
            problems.append(f"the goal at {where} ({item['text']!r}) is not in the ledger")
    return problems


def copy_journal(source: Path, target: Path) -> Path:
    shutil.copytree(source, target, symlinks=True)
    return target
