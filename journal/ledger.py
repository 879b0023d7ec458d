"""The ledger: one TOML file per period under ``ledger/``, goals keyed by short stable ids.

Reads go through the standard library's tomllib, or through a JSON cache in
``.journal/cache.json`` keyed on each ledger file's size, mtime, ctime and inode (derived,
safe to delete). Writes go through tomlkit so that a user's comments and hand
edits survive, and replace the file atomically.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from journal.atomic import make_private_dir, make_state_dir, write_atomic
from journal.config import Journal
from journal.errors import GoalNotFound, LedgerError

STATUSES = ("open", "in_progress", "done", "carried", "dropped", "removed")
KINDS = ("checkbox", "bullet")
CACHE_VERSION = 2
ID_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz"
ID_RE = re.compile(r"^[0-9a-z]{4,16}$")
LEDGER_HEADER = (
    "# Goals found in the {label} documents, kept by journal.\n"
    "# Hand edits and comments are kept; `journal sync` rebuilds what the documents say.\n"
    "# Fields: text, status (open, in_progress, done, carried, dropped, removed), kind, source, line,\n"
    "# section, target, created, updated, carried_from, carried_to, note, history.\n"
)


@dataclass
class Goal:
    """One goal as the ledger holds it. Dates are ISO strings."""

    id: str
    period: str
    text: str
    status: str
    kind: str
    source: str
    line: int
    section: str = ""
    target: str | None = None
    created: str = ""
    updated: str = ""
    carried_from: str | None = None
    carried_to: str | None = None
    note: str | None = None
    history: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """The goal as a JSON-ready dict (the `goals --json` contract)."""
        return {
            "id": self.id,
            "text": self.text,
            "status": self.status,
            "kind": self.kind,
            "period": self.period,
            "target": self.target,
            "source": self.source,
            "line": self.line,
            "section": self.section,
            "created": self.created,
            "updated": self.updated,
            "carried_from": self.carried_from,
            "carried_to": self.carried_to,
            "note": self.note,
            "history": self.history,
        }


def now() -> datetime:
    """The current local time, to the second (what the ledger records)."""
    return datetime.now().replace(microsecond=0)


def _iso(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _iso(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_iso(v) for v in value]
    return value


def _check(path: Path, goal_id: str, data: dict, name: str, types: tuple[type, ...], required: bool) -> Any:
    value = data.get(name)
    if value is None:
        if required:
            raise LedgerError(f"{path}: goal {goal_id} has no '{name}'")
        return None
    if not isinstance(value, types) or (isinstance(value, bool) and bool not in types):
        expected = " or ".join(t.__name__ for t in types)
        raise LedgerError(f"{path}: goal {goal_id}: '{name}' must be {expected}, not {value!r}")
    return value


def _is_period_key(key: str) -> bool:
    from journal.periods import PeriodError, from_key

    try:
        from_key(key)
    except PeriodError:
        return False
    return True


def _is_iso(value: str) -> bool:
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def goals_from_toml(path: Path, data: dict, period: str) -> list[Goal]:
    """Check a parsed ledger file and turn it into goals; a wrong value is a LedgerError naming it."""
    table = data.get("goals", {})
    if not isinstance(table, dict):
        raise LedgerError(f"{path}: 'goals' must be a table of goals keyed by id")
    goals = []
    for goal_id, raw in table.items():
        if not ID_RE.match(goal_id):
            raise LedgerError(f"{path}: '{goal_id}' is not a goal id (4-16 lowercase letters and digits)")
        if not isinstance(raw, dict):
            raise LedgerError(f"{path}: goal {goal_id} must be a table")
        status = _check(path, goal_id, raw, "status", (str,), True)
        if status not in STATUSES:
            raise LedgerError(f"{path}: goal {goal_id}: status must be one of {', '.join(STATUSES)}, not {status!r}")
        kind = _check(path, goal_id, raw, "kind", (str,), True)
        if kind not in KINDS:
            raise LedgerError(f"{path}: goal {goal_id}: kind must be checkbox or bullet, not {kind!r}")
        history = _check(path, goal_id, raw, "history", (list,), False) or []
        if not all(isinstance(entry, dict) for entry in history):
            raise LedgerError(f"{path}: goal {goal_id}: history must be a list of tables")
        target = _check(path, goal_id, raw, "target", (str,), False)
        if target is not None and not _is_period_key(target):
            raise LedgerError(f"{path}: goal {goal_id}: target must be a period key like 2025-q1, not {target!r}")
        source = _check(path, goal_id, raw, "source", (str,), True)
        if source.startswith("/") or "\\" in source or ".." in source.split("/") or not source.startswith("entries/"):
            raise LedgerError(f"{path}: goal {goal_id}: source must be a path under entries/, not {source!r}")
        for name in ("created", "updated"):
            value = raw.get(name)
            if isinstance(value, str) and value and not _is_iso(value):
                raise LedgerError(f"{path}: goal {goal_id}: '{name}' must be a date-time, not {value!r}")
        line = _check(path, goal_id, raw, "line", (int,), True)
        if line < 1:
            raise LedgerError(f"{path}: goal {goal_id}: line must be 1 or more")
        goals.append(
            Goal(
                id=goal_id,
                period=period,
                text=_check(path, goal_id, raw, "text", (str,), True),
                status=status,
                kind=kind,
                source=source,
                line=line,
                section=_check(path, goal_id, raw, "section", (str,), False) or "",
                target=target,
                created=_iso(_check(path, goal_id, raw, "created", (datetime, date, str), False) or ""),
                updated=_iso(_check(path, goal_id, raw, "updated", (datetime, date, str), False) or ""),
                carried_from=_check(path, goal_id, raw, "carried_from", (str,), False),
                carried_to=_check(path, goal_id, raw, "carried_to", (str,), False),
                note=_check(path, goal_id, raw, "note", (str,), False),
                history=_iso(history),
            )
        )
    return goals


def read_ledger_file(path: Path, period: str) -> list[Goal]:
    """Parse one ledger file with tomllib; a syntax error names the file and line."""
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise LedgerError(f"{path}: not UTF-8 text (byte {exc.start})") from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise LedgerError(f"{path}: {exc}", hint="fix the file by hand; nothing was written") from exc
    return goals_from_toml(path, data, period)


def stat_key(stat: os.stat_result) -> list[int]:
    """What a cache entry is keyed on: size, mtime and ctime (which no tool can set back), inode."""
    return [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino]


class Cache:
    """The derived JSON cache in ``.journal/cache.json``: ledger contents and document hashes.

    Every entry is keyed on its file's stat (``stat_key``); a stale entry is ignored.
    """

    def __init__(self, journal: Journal) -> None:
        self.path = journal.state_dir / "cache.json"
        self.dirty = False
        try:
            data = json.loads(self.path.read_bytes())
            if data.get("version") != CACHE_VERSION:
                raise ValueError
        except (OSError, ValueError, AttributeError):
            data = {"version": CACHE_VERSION, "ledger": {}, "documents": {}}
        self.data = data

    def ledger_entry(self, name: str, stat: os.stat_result) -> list[dict] | None:
        entry = self.data["ledger"].get(name)
        if entry and entry["key"] == stat_key(stat):
            return entry["goals"]
        return None

    def set_ledger_entry(self, name: str, stat: os.stat_result, goals: list[Goal]) -> None:
        self.data["ledger"][name] = {"key": stat_key(stat), "goals": [goal.__dict__ for goal in goals]}
        self.dirty = True

    def forget_ledger(self, name: str) -> None:
        if self.data["ledger"].pop(name, None) is not None:
            self.dirty = True

    def document_entry(self, name: str) -> dict | None:
        return self.data["documents"].get(name)

    def set_document_entry(self, name: str, stat: os.stat_result, digest: str) -> None:
        self.data["documents"][name] = {"key": stat_key(stat), "sha": digest}
        self.dirty = True

    def forget_document(self, name: str) -> None:
        if self.data["documents"].pop(name, None) is not None:
            self.dirty = True

    def save(self) -> None:
        """Write the cache if it changed; a cache that cannot be written is simply not kept."""
        if not self.dirty:
            return
        try:
            make_state_dir(self.path.parent)
            write_atomic(self.path, json.dumps(self.data, separators=(",", ":")).encode())
            self.dirty = False
        except Exception:  # noqa: BLE001 - the cache is derived; failing to keep it loses nothing
            pass


@dataclass
class Ledger:
    """Every goal of a journal, by id, with the ledger file each came from."""

    goals: dict[str, Goal]
    files: dict[str, Path]  # period key -> ledger file

    def resolve(self, prefix: str) -> Goal:
        """The one goal whose id starts with ``prefix``; none or several is a GoalNotFound."""
        prefix = prefix.strip().lower()
        if not prefix:
            raise GoalNotFound("an empty goal id matches nothing")
        if prefix in self.goals:
            return self.goals[prefix]
        matches = [goal for goal_id, goal in self.goals.items() if goal_id.startswith(prefix)]
        if not matches:
            raise GoalNotFound(f"no goal matches '{prefix}'", hint="'journal goals --all' lists the ids")
        if len(matches) > 1:
            shown = ", ".join(f"{g.id} ({_short(g.text)})" for g in matches[:8])
            more = f" and {len(matches) - 8} more" if len(matches) > 8 else ""
            raise GoalNotFound(f"'{prefix}' matches {len(matches)} goals: {shown}{more}", hint="type more of the id")
        return matches[0]

    def lineage(self, goal: Goal) -> list[Goal]:
        """Every link of the goal across periods, oldest first (carried_from back, carried_to forward)."""
        chain = [goal]
        seen = {goal.id}
        current = goal
        while current.carried_from and current.carried_from in self.goals and current.carried_from not in seen:
            current = self.goals[current.carried_from]
            chain.insert(0, current)
            seen.add(current.id)
        current = goal
        while current.carried_to and current.carried_to in self.goals and current.carried_to not in seen:
            current = self.goals[current.carried_to]
            chain.append(current)
            seen.add(current.id)
        return chain

    def times_carried(self, goal: Goal) -> int:
        """How many periods the goal has been carried across: distinct periods of its links, less one."""
        return len({link.target or link.period for link in self.lineage(goal)}) - 1

    def latest(self, goal: Goal) -> Goal:
        """The goal's latest link that is not removed: where it lives now."""
        chain = self.lineage(goal)
        live = [link for link in chain if link.status != "removed"]
        return live[-1] if live else chain[-1]


def _short(text: str, width: int = 30) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def load_ledger(journal: Journal, cache: Cache | None = None) -> Ledger:
    """Every goal in ``ledger/*.toml``; ids duplicated across files are a LedgerError."""
    from journal.periods import PeriodError, from_key

    cache = cache or Cache(journal)
    goals: dict[str, Goal] = {}
    files: dict[str, Path] = {}
    try:
        entries = sorted(os.scandir(journal.ledger_dir), key=lambda e: e.name)
    except FileNotFoundError:
        entries = []
    for entry in entries:
        if not entry.name.endswith(".toml") or not entry.is_file():
            continue
        period = entry.name[: -len(".toml")]
        path = Path(entry.path)
        try:
            from_key(period)
        except PeriodError:
            raise LedgerError(
                f"{path}: the file name is not a period key", hint="ledger files are named like 2025-q1.toml"
            ) from None
        stat = entry.stat()
        cached = cache.ledger_entry(entry.name, stat)
        if cached is not None:
            file_goals = [Goal(**raw) for raw in cached]
        else:
            file_goals = read_ledger_file(path, period)
            if stat_key(path.stat()) == stat_key(stat):
                cache.set_ledger_entry(entry.name, stat, file_goals)
        files[period] = path
        for goal in file_goals:
            if goal.id in goals:
                raise LedgerError(
                    f"{path}: goal id {goal.id} is also in {files[goals[goal.id].period]}",
                    hint="ids must be unique across the journal; rename one by hand",
                )
            goals[goal.id] = goal
    return Ledger(goals=goals, files=files)


def new_goal_id(source: str, text: str, taken: set[str] | dict, salt: int = 0) -> str:
    """A short id derived from where a goal was first found and its text; longer when taken."""
    seed = f"{source}\0{' '.join(text.split()).lower()}\0{salt}".encode()
    number = int.from_bytes(hashlib.sha1(seed).digest()[:10], "big")
    digits = []
    while number:
        number, rest = divmod(number, 36)
        digits.append(ID_ALPHABET[rest])
    candidate_id = "".join(digits)
    for length in range(6, 16):
        goal_id = candidate_id[:length]
        if goal_id not in taken:
            return goal_id
    return new_goal_id(source, text, taken, salt + 1)


# ---------------------------------------------------------------- writing


def _toml_value(value: Any) -> Any:
    if isinstance(value, str) and len(value) >= 10 and value[4:5] == "-" and value[7:8] == "-":
        try:
            return datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
        except ValueError:
            return value
    return value


def _history_item(entry: dict[str, Any]):
    import tomlkit

    table = tomlkit.inline_table()
    for key, value in entry.items():
        if value is not None:
            table[key] = _toml_value(value)
    return table


def _goal_table(goal: Goal):
    import tomlkit

    table = tomlkit.table()
    for name in ("text", "status", "kind", "source", "line", "section", "target", "created", "updated"):
        value = getattr(goal, name)
        if value is not None and value != "" or name in ("text", "section"):
            table[name] = _toml_value(value) if name in ("created", "updated") else value
    for name in ("carried_from", "carried_to", "note"):
        value = getattr(goal, name)
        if value is not None:
            table[name] = value
    history = tomlkit.array()
    for entry in goal.history:
        history.append(_history_item(entry))
    history.multiline(True)
    table["history"] = history
    return table


class LedgerFileEdit:
    """Changes to one ledger file, applied with tomlkit so that comments and hand edits survive."""

    def __init__(self, path: Path, period_label: str) -> None:
        import tomlkit

        self.path = path
        try:
            self.original: bytes | None = path.read_bytes()
        except FileNotFoundError:
            self.original = None
        if self.original is None:
            self.doc = tomlkit.document()
            for line in LEDGER_HEADER.format(label=period_label).splitlines():
                self.doc.add(tomlkit.comment(line[2:]))
            self.doc.add(tomlkit.nl())
        else:
            try:
                self.doc = tomlkit.parse(self.original.decode("utf-8"))
            except UnicodeDecodeError as exc:
                raise LedgerError(f"{path}: not UTF-8 text (byte {exc.start})") from exc
            except Exception as exc:  # tomlkit raises several parse error types
                raise LedgerError(f"{path}: {exc}", hint="fix the file by hand; nothing was written") from exc
        if "goals" not in self.doc:
            self.doc["goals"] = tomlkit.table(is_super_table=True)
        self.changed = False

    def add(self, goal: Goal) -> None:
        """Add a new goal's table, after the others."""
        self.doc["goals"][goal.id] = _goal_table(goal)
        self.changed = True

    def update(self, goal_id: str, fields: dict[str, Any], history: dict[str, Any] | None = None) -> None:
        """Set (or, with None, remove) fields of a goal and append a history entry."""
        import tomlkit

        try:
            table = self.doc["goals"][goal_id]
        except KeyError:
            raise LedgerError(f"{self.path}: goal {goal_id} is not in this file") from None
        for name, value in fields.items():
            if value is None:
                if name in table:
                    del table[name]
            else:
                table[name] = _toml_value(value) if name in ("created", "updated") else value
        if history is not None:
            if "history" not in table:
                array = tomlkit.array()
                array.multiline(True)
                table["history"] = array
            table["history"].append(_history_item(history))
            table["history"].multiline(True)
        self.changed = True

    def save(self) -> None:
        """Write the file atomically, refusing if it changed on disk since it was read."""
        if not self.changed:
            return
        import tomlkit

        make_private_dir(self.path.parent)
        write_atomic(self.path, tomlkit.dumps(self.doc).encode("utf-8"), expected=self.original)
