"""The ledger: one TOML file per period under ``ledger/``, goals keyed by short stable ids.

Reads go through the standard library's tomllib, or through a cache in
``.journal/`` keyed on each ledger file's size, mtime, ctime and inode (derived,
safe to delete). Writes are line edits of the file's own text (tomlkit for a
hand-made layout the line editor cannot handle), so that a user's comments and
hand edits survive; the result is read back with tomllib and must be exactly
the old file with the change before it replaces the file, atomically.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from journal.atomic import make_private_dir, make_state_dir, write_atomic
from journal.config import Journal, decode_toml, parse_toml
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

    @property
    def for_period(self) -> str:
        """The period the goal is for: the one its heading names, else its document's."""
        return self.target or self.period

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


DOCUMENTS_TABLE = "documents"


def read_ledger_file(path: Path, period: str) -> tuple[list[Goal], dict[str, str]]:
    """Parse one ledger file with tomllib: its goals, and the hashes of the documents last synced into it.

    A syntax error names the file and line. A UTF-8 byte order mark is allowed.
    """
    _bom, text = decode_toml(path, path.read_bytes(), LedgerError)
    data = parse_toml(path, text, LedgerError)
    hashes = data.get(DOCUMENTS_TABLE, {})
    if not isinstance(hashes, dict) or not all(isinstance(v, str) for v in hashes.values()):
        raise LedgerError(f"{path}: '{DOCUMENTS_TABLE}' must map document paths to their content hashes")
    return goals_from_toml(path, data, period), hashes


def stat_key(stat: os.stat_result) -> tuple[int, int, int, int]:
    """What a cache entry is keyed on: size, mtime and ctime (which no tool can set back), inode."""
    return (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)


GOAL_FIELDS = tuple(Goal.__dataclass_fields__)


class Cache:
    """The derived cache in ``.journal/``: parsed ledger files and the documents' stats and hashes.

    Every entry is keyed on its file's stat (``stat_key``); a stale entry is
    ignored. Two marshal files (fast to load): ``documents.marshal``, small,
    read by every command, also holding the ledger files' stat keys; and
    ``ledger.marshal``, the parsed goals, read only by commands that need
    goals. Anything wrong with either makes it empty, never an error.
    """

    def __init__(self, journal: Journal) -> None:
        import sys

        self.folder = journal.state_dir
        self.version = (CACHE_VERSION, sys.version_info[:2])
        self.documents_dirty = False
        self.ledger_dirty = False
        self._save_pending = False
        self.documents: dict[str, tuple] = {}
        self.ledger_keys: dict[str, tuple] = {}
        self._ledger: dict[str, tuple] | None = None
        self.settings: str | None = None
        data = self._load("documents.marshal") or {}
        documents, ledger_keys = data.get("documents"), data.get("ledger_keys")
        if isinstance(documents, dict) and isinstance(ledger_keys, dict):
            self.documents, self.ledger_keys = documents, ledger_keys
            settings = data.get("settings")
            self.settings = settings if isinstance(settings, str) else None

    @property
    def dirty(self) -> bool:
        return self.documents_dirty or self.ledger_dirty

    def _load(self, name: str) -> dict | None:
        import marshal

        try:
            data = marshal.loads((self.folder / name).read_bytes())
            if isinstance(data, dict) and data.get("version") == self.version:
                return data
        except Exception:  # noqa: BLE001 - a missing or damaged cache is an empty one
            pass
        return None

    @property
    def ledger(self) -> dict[str, tuple]:
        """The parsed ledger files, loaded on first use; only entries whose key the documents file agrees with."""
        if self._ledger is None:
            data = self._load("ledger.marshal")
            entries = data.get("ledger") if data is not None else None
            self._ledger = {}
            if isinstance(entries, dict):
                for name, entry in entries.items():
                    try:
                        if tuple(entry[0]) == tuple(self.ledger_keys.get(name, ())):
                            self._ledger[name] = entry
                    except Exception:  # noqa: BLE001 - an entry of the wrong shape is a miss
                        continue
        return self._ledger

    def ledger_entry(self, name: str, stat: os.stat_result) -> tuple[list[Goal], dict[str, str]] | None:
        """The goals and document hashes of ledger file ``name`` if the cache holds them for this stat."""
        key = stat_key(stat)
        if tuple(self.ledger_keys.get(name, ())) != key:
            return None
        entry = self.ledger.get(name)
        try:
            if entry is not None and tuple(entry[0]) == key:
                return [Goal(*row) for row in entry[1]], dict(entry[2])
        except Exception:  # noqa: BLE001 - an entry of the wrong shape is a miss
            self.ledger.pop(name, None)
        return None

    def ledger_current(self, name: str, stat: os.stat_result) -> bool:
        """Whether ledger file ``name`` is cached as it is (without loading the parsed goals)."""
        return tuple(self.ledger_keys.get(name, ())) == stat_key(stat)

    def set_ledger_entry(self, name: str, stat: os.stat_result, goals: list[Goal], hashes: dict[str, str]) -> None:
        key = stat_key(stat)
        self.ledger[name] = (key, [tuple(getattr(goal, f) for f in GOAL_FIELDS) for goal in goals], dict(hashes))
        self.ledger_keys[name] = key
        self.ledger_dirty = self.documents_dirty = True

    def document_sha(self, name: str, stat: os.stat_result) -> str | None:
        """The content hash recorded for document ``name`` if its stat is unchanged."""
        entry = self.documents.get(name)
        try:
            if entry is not None and tuple(entry[0]) == stat_key(stat):
                return str(entry[1])
        except Exception:  # noqa: BLE001 - an entry of the wrong shape is a miss
            self.documents.pop(name, None)
        return None

    def set_document_entry(self, name: str, stat: os.stat_result, digest: str) -> None:
        self.documents[name] = (stat_key(stat), digest)
        self.documents_dirty = True

    def forget_documents(self, settings: str) -> None:
        """Forget every document (the settings that shape extraction changed to ``settings``)."""
        self.documents = {}
        self.settings = settings
        self.documents_dirty = True

    def forget_document(self, name: str) -> None:
        if self.documents.pop(name, None) is not None:
            self.documents_dirty = True

    def save(self) -> None:
        """Write what changed, once the command's writes are committed; a cache that cannot be written is not kept."""
        if not self.dirty:
            return
        from journal.atomic import after_commit

        if not self._save_pending:
            self._save_pending = True
            after_commit(self._write)

    def _write(self) -> None:
        self._save_pending = False
        if not self.dirty:
            return
        import marshal

        try:
            make_state_dir(self.folder)
            # The parsed goals first: the documents file, written last, is what vouches for them.
            if self.ledger_dirty and self._ledger is not None:
                data = {"version": self.version, "ledger": self._ledger}
                write_atomic(self.folder / "ledger.marshal", marshal.dumps(data), durable=False)
            if self.documents_dirty or self.ledger_dirty:
                data = {
                    "version": self.version,
                    "documents": self.documents,
                    "ledger_keys": self.ledger_keys,
                    "settings": self.settings,
                }
                write_atomic(self.folder / "documents.marshal", marshal.dumps(data), durable=False)
            self.documents_dirty = self.ledger_dirty = False
        except Exception:  # noqa: BLE001 - the cache is derived; failing to keep it loses nothing
            pass


@dataclass
class Ledger:
    """Every goal of a journal, by id, with the ledger file each came from."""

    goals: dict[str, Goal]
    files: dict[str, Path]  # period key -> ledger file
    documents: dict[str, str] = field(default_factory=dict)  # document -> content hash when last synced
    file_hashes: dict[str, dict[str, str]] = field(default_factory=dict)  # period key -> its documents' hashes

    def goals_of(self, source: str) -> list[Goal]:
        """The goals found in one document."""
        if self._by_source is None:
            index: dict[str, list[Goal]] = {}
            for goal in self.goals.values():
                index.setdefault(goal.source, []).append(goal)
            self._by_source = index
        return list(self._by_source.get(source, ()))

    _by_source: dict[str, list[Goal]] | None = field(default=None, repr=False, compare=False)

    def hash_home(self, document: str) -> str | None:
        """The period whose ledger file records ``document``'s hash, if any."""
        for period_key in (self._homes or {}).get(document, ()):
            if document in self.file_hashes.get(period_key, {}):
                return period_key
        if self._homes is None:
            homes: dict[str, list[str]] = {}
            for period_key, hashes in self.file_hashes.items():
                for name in hashes:
                    homes.setdefault(name, []).append(period_key)
            self._homes = homes
            return self.hash_home(document)
        return None

    _homes: dict[str, list[str]] | None = field(default=None, repr=False, compare=False)

    def remember_home(self, document: str, period_key: str) -> None:
        """Note that ``period_key``'s ledger file now records ``document``'s hash."""
        if self._homes is not None:
            self._homes.setdefault(document, []).append(period_key)

    def sources(self) -> set[str]:
        """Every document some goal was found in."""
        self.goals_of("")
        return set(self._by_source or ())

    def indexed(self, goal: Goal) -> None:
        """Keep the by-document index up to date with a goal just added."""
        if self._by_source is not None:
            self._by_source.setdefault(goal.source, []).append(goal)

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
        return len({link.for_period for link in self.lineage(goal)}) - 1

    def latest(self, goal: Goal) -> Goal:
        """The goal's latest link that is not removed: where it lives now."""
        chain = self.lineage(goal)
        live = [link for link in chain if link.status != "removed"]
        return live[-1] if live else chain[-1]


def _short(text: str, width: int = 30) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def load_ledger(journal: Journal, cache: Cache | None = None) -> Ledger:
    """Every goal in ``ledger/*.toml``; ids duplicated across files are a LedgerError."""
    cache = cache or Cache(journal)
    goals: dict[str, Goal] = {}
    files: dict[str, Path] = {}
    documents: dict[str, str] = {}
    file_hashes: dict[str, dict[str, str]] = {}
    folder = str(journal.ledger_dir)
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except FileNotFoundError:
        entries = []
    for entry in entries:
        if not entry.name.endswith(".toml") or not entry.is_file():
            continue
        period = entry.name[: -len(".toml")]
        stat = entry.stat()
        cached = cache.ledger_entry(entry.name, stat)
        path = Path(entry.path)
        if cached is not None:
            file_goals, hashes = cached
        else:
            _check_ledger_name(path, period)
            file_goals, hashes = read_ledger_file(path, period)
            if stat_key(os.stat(entry.path)) == stat_key(stat):
                cache.set_ledger_entry(entry.name, stat, file_goals, hashes)
        files[period] = path
        documents.update(hashes)
        file_hashes[period] = hashes
        for goal in file_goals:
            if goal.id in goals:
                raise LedgerError(
                    f"{path}: goal id {goal.id} is also in {files[goals[goal.id].period]}",
                    hint="ids must be unique across the journal; rename one by hand",
                )
            goals[goal.id] = goal
    return Ledger(goals=goals, files=files, documents=documents, file_hashes=file_hashes)


def _check_ledger_name(path: Path, period: str) -> None:
    from journal.periods import PeriodError, from_key

    try:
        from_key(period)
    except PeriodError:
        raise LedgerError(
            f"{path}: the file name is not a period key", hint="ledger files are named like 2025-q1.toml"
        ) from None


def ledger_cached(journal: Journal, cache: Cache) -> bool:
    """Whether the cache holds every ledger file as it is on disk (so reading them would find nothing new)."""
    try:
        entries = [e for e in os.scandir(journal.ledger_dir) if e.name.endswith(".toml")]
    except FileNotFoundError:
        entries = []
    if len(entries) != len(cache.ledger_keys):
        return False
    return all(cache.ledger_current(entry.name, entry.stat()) for entry in entries)


def new_goal_id(source: str, text: str, taken: set[str] | dict, salt: int = 0) -> str:
    """A short id derived from where a goal was first found and its text; longer when taken."""
    import hashlib

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

DATETIME_RE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}:\d{2}(?:\.\d+)?)?$")


def toml_string(text: str) -> str:
    """A TOML basic string (JSON's escaping is TOML's, but for DEL)."""
    import json

    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _toml_scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return value if DATETIME_RE.match(value) and _is_iso(value) else toml_string(value)
    raise TypeError(value)


def _toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else toml_string(key)


def goal_toml(goal: Goal) -> str:
    """One goal's table as TOML text, written the way tomlkit would keep it."""
    lines = [f"[goals.{goal.id}]", f"text = {toml_string(goal.text)}"]
    for name in ("status", "kind", "source"):
        lines.append(f"{name} = {toml_string(getattr(goal, name))}")
    lines.append(f"line = {int(goal.line)}")
    lines.append(f"section = {toml_string(goal.section)}")
    if goal.target is not None:
        lines.append(f"target = {toml_string(goal.target)}")
    for name in ("created", "updated"):
        value = getattr(goal, name)
        if value:
            lines.append(f"{name} = {_toml_scalar(value)}")
    for name in ("carried_from", "carried_to", "note"):
        value = getattr(goal, name)
        if value is not None:
            lines.append(f"{name} = {toml_string(value)}")
    lines.append("history = [")
    for entry in goal.history:
        pairs = ", ".join(f"{_toml_key(k)} = {_toml_scalar(v)}" for k, v in entry.items() if v is not None)
        lines.append(f"    {{{pairs}}},")
    lines.append("]")
    return "\n".join(lines) + "\n"


def _toml_value(value: Any) -> Any:
    if isinstance(value, str) and DATETIME_RE.match(value):
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


HEADER_LINE = re.compile(r"^[ \t]*\[", re.MULTILINE)
TIMESTAMP_FIELDS = ("created", "updated")


def _header(name: str) -> re.Pattern[str]:
    """The header line of table ``name`` as journal writes it (a comment after it allowed, any line ending)."""
    return re.compile(rf"^\[{re.escape(name)}\][ \t]*(?:#.*)?\r?$", re.MULTILINE)


def _segment(text: str, header: re.Pattern[str]) -> tuple[int, int] | None:
    """Where the table whose header matches ``header`` runs: (start of its first line, start of the next table)."""
    found = list(header.finditer(text))
    if len(found) != 1:
        return None
    start = found[0].start()
    following = HEADER_LINE.search(text, found[0].end())
    return start, following.start() if following else len(text)


def _field_scalar(name: str, value: Any) -> str:
    """A goal field's value as TOML: a date-time for created/updated, else a string or number as it is."""
    if name in TIMESTAMP_FIELDS:
        return _toml_scalar(value)
    if isinstance(value, str):
        return toml_string(value)
    return _toml_scalar(value)


def _field_value(name: str, value: Any) -> Any:
    """A goal field's value as tomllib reads back what journal writes for it."""
    return _toml_value(value) if name in TIMESTAMP_FIELDS else value


def _value_end(line: str, start: int) -> int | None:
    """Where the one-line TOML value beginning at ``line[start]`` ends (what follows: spaces, a comment)."""
    if line.startswith('"', start):
        index = start + 1
        while index < len(line):
            if line[index] == "\\":
                index += 2
                continue
            if line[index] == '"':
                return index + 1
            index += 1
        return None
    if line.startswith("'", start):
        close = line.find("'", start + 1)
        return None if close < 0 else close + 1
    hash_at = line.find("#", start)
    body = line[start:] if hash_at < 0 else line[start:hash_at]
    return start + len(body.rstrip(" \t\r"))


def _replace_value(segment: str, match: re.Match[str], scalar: str) -> str | None:
    """The segment with the value of the ``key = value`` line ``match`` replaced, its comment kept."""
    line = match.group(0)
    start = match.start(1) - match.start()
    end = _value_end(line, start)
    if end is None:
        return None
    return segment[: match.start()] + line[:start] + scalar + line[end:] + segment[match.end() :]


def _drop_line(segment: str, match: re.Match[str]) -> str:
    end = match.end() + 1 if segment[match.end() : match.end() + 1] == "\n" else match.end()
    return segment[: match.start()] + segment[end:]


def _set_line(segment: str, name: str, value: Any, newline: str = "\n") -> str | None:
    """The segment with ``name = value`` set (or removed, for None); None when its layout is not simple."""
    pattern = re.compile(rf"^[ \t]*{re.escape(name)}[ \t]*=[ \t]*(.*)$", re.MULTILINE)
    found = list(pattern.finditer(segment))
    if len(found) > 1 or (found and found[0].group(1).lstrip().startswith(("[", "{", '"""', "'''"))):
        return None
    if found:
        if value is None:
            return _drop_line(segment, found[0])
        return _replace_value(segment, found[0], _field_scalar(name, value))
    if value is None:
        return segment
    line = f"{name} = {_field_scalar(name, value)}"
    history = re.search(r"^history[ \t]*=", segment, re.MULTILINE)
    if history:
        return segment[: history.start()] + line + newline + segment[history.start() :]
    return _append_lines(segment, line, newline)


def _append_lines(segment: str, lines: str, newline: str = "\n") -> str:
    """``lines`` after the segment's last line, keeping the blank lines that follow it."""
    body = segment.rstrip("\r\n")
    return body + newline + lines + (segment[len(body) :] or newline)


def _history_pairs(entry: dict[str, Any]) -> str:
    return ", ".join(f"{_toml_key(k)} = {_toml_scalar(v)}" for k, v in entry.items() if v is not None)


def _append_history(segment: str, entry: dict[str, Any], newline: str = "\n") -> str | None:
    pairs = _history_pairs(entry)
    start = re.search(r"^history[ \t]*=[ \t]*\[[ \t]*\r?$", segment, re.MULTILINE)
    if start is None:
        if re.search(r"^[ \t]*history[ \t]*=", segment, re.MULTILINE):
            return None  # written some other way by hand: tomlkit edits it
        return _append_lines(segment, f"history = [{newline}    {{{pairs}}},{newline}]", newline)
    close = re.compile(r"^\][ \t]*\r?$", re.MULTILINE).search(segment, start.end())
    if close is None:
        return None
    return segment[: close.start()] + f"    {{{pairs}}},{newline}" + segment[close.start() :]


def _edit_as_text(
    text: str,
    updates: list[tuple[str, dict[str, Any], dict[str, Any] | None]],
    hashes: dict[str, str | None],
    newline: str = "\n",
) -> str | None:
    """Apply goal updates and document hashes to a ledger file's text, line by line.

    Touches only the bytes that change, so comments (end-of-line ones too),
    order and hand edits stay as they are; lines added end with ``newline``.
    None when the layout is not the simple one journal writes (tomlkit then
    does the edit). The caller checks the whole result with tomllib.
    """
    for goal_id, fields, history in updates:
        span = _segment(text, _header(f"goals.{goal_id}"))
        if span is None:
            return None
        segment = text[span[0] : span[1]]
        for name, value in fields.items():
            edited = _set_line(segment, name, value, newline)
            if edited is None:
                return None
            segment = edited
        if history is not None:
            edited = _append_history(segment, history, newline)
            if edited is None:
                return None
            segment = edited
        text = text[: span[0]] + segment + text[span[1] :]
    if hashes:
        span = _segment(text, _header(DOCUMENTS_TABLE))
        if span is None:
            if re.search(rf"^[ \t]*\[?[ \t]*{DOCUMENTS_TABLE}\b", text, re.MULTILINE):
                return None  # a documents table laid out by hand (dotted keys, inline): tomlkit edits it
            text = text.rstrip("\r\n") + f"{newline}{newline}[{DOCUMENTS_TABLE}]{newline}"
            span = (len(text) - len(f"[{DOCUMENTS_TABLE}]{newline}"), len(text))
        segment = text[span[0] : span[1]]
        for name, digest in hashes.items():
            key = toml_string(name)
            found = list(re.finditer(rf"^[ \t]*{re.escape(key)}[ \t]*=[ \t]*(.*)$", segment, re.MULTILINE))
            if len(found) > 1:
                return None
            if found and digest is not None:
                edited = _replace_value(segment, found[0], toml_string(digest))
                if edited is None:
                    return None
                segment = edited
            elif found:
                segment = _drop_line(segment, found[0])
            elif digest is not None:
                segment = _append_lines(segment, f"{key} = {toml_string(digest)}", newline)
        text = text[: span[0]] + segment + text[span[1] :]
    return text


def _newline_of(text: str) -> tuple[str, bool]:
    """The file's line ending (CRLF when most lines end so), and whether every line ends the same way."""
    crlf = text.count("\r\n")
    lf = text.count("\n") - crlf
    return ("\r\n" if crlf > lf else "\n"), not (crlf and lf)


def _comparable(text: str) -> dict | None:
    """What tomllib reads from ``text`` (floats as their text, so that nan equals nan); None if nothing.

    An empty documents table is the same as none (tomlkit drops a dotted-key table it empties).
    """
    import tomllib

    try:
        data = tomllib.loads(text, parse_float=str)
    except (ValueError, RecursionError, MemoryError):
        return None
    if data.get(DOCUMENTS_TABLE) == {}:
        del data[DOCUMENTS_TABLE]
    return data


def _plain_file_pattern() -> re.Pattern[str]:
    ws = r"[ \t]*"
    string = r"""(?:"(?:[^"\\\n]|\\.)*+"|'[^'\n]*+')"""
    scalar = rf"(?:{string}|[A-Za-z0-9_:.+-]++(?: [0-9][0-9:.+Z-]*+)?)"
    bare_key = r"[A-Za-z0-9_-]++"
    key = rf"(?:{bare_key}|{string})(?:{ws}\.{ws}(?:{bare_key}|{string}))*+"
    pair = rf"{key}{ws}={ws}{scalar}"
    inline_table = rf"\{{{ws}(?:{pair}(?:{ws},{ws}{pair})*+)?{ws}\}}"
    item = rf"(?:{scalar}|{inline_table})"
    array = rf"\[{ws}(?:{item}(?:{ws},{ws}{item})*+{ws},?)?{ws}\]"
    end = rf"{ws}(?:#[^\n]*+)?\r?"
    header = rf"{ws}(?:\[{bare_key}(?:\.{bare_key})*+\]|\[\[{bare_key}(?:\.{bare_key})*+\]\]){end}"
    array_block = rf"{ws}{key}{ws}={ws}\[{end}\n(?:{ws}(?:{item}{ws},?)?{end}\n)*+{ws}\]{end}"
    key_value = rf"{ws}{key}{ws}={ws}(?:{scalar}|{array}|{inline_table}){end}"
    line = rf"(?>{array_block}|{header}|{key_value}|{end})"
    return re.compile(rf"(?:{line}\n)*+{line}")


_PLAIN_FILE: re.Pattern[str] | None = None


def _is_plain(text: str) -> bool:
    """Whether each line of a ledger file's text is what it looks like on its own.

    True when there are no multi-line strings, and every line is blank, a
    comment, a header with bare keys, a one-line ``key = value`` (scalars,
    flat arrays and inline tables), or an entry of a ``key = [`` ... ``]``
    array of such values, one a line. Then a line starting with ``[`` is a
    real table header, so an edit between two such lines changes that table
    alone, and nothing else in the file can read differently after it.
    """
    global _PLAIN_FILE
    if _PLAIN_FILE is None:
        _PLAIN_FILE = _plain_file_pattern()
    return _PLAIN_FILE.fullmatch(text) is not None


class LedgerFileEdit:
    """Pending changes to one ledger file.

    Changes are written as line edits of the file's own text (comments,
    order, line endings and byte order mark kept); the whole result is read
    back with tomllib and must be exactly the old file with these changes,
    else tomlkit makes the edit, and if that is not right either nothing is
    written. New goals are written as text after the file's own.
    """

    def __init__(self, path: Path, period_label: str) -> None:
        self.path = path
        self.label = period_label
        try:
            self.original: bytes | None = path.read_bytes()
        except FileNotFoundError:
            self.original = None
        self.added: list[Goal] = []
        self.updates: list[tuple[str, dict[str, Any], dict[str, Any] | None]] = []
        self.hashes: dict[str, str | None] = {}

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updates or self.hashes)

    def add(self, goal: Goal) -> None:
        """Add a new goal's table, after the others (its fields as they are when the file is saved)."""
        self.added.append(goal)

    def update(self, goal_id: str, fields: dict[str, Any], history: dict[str, Any] | None = None) -> None:
        """Set (or, with None, remove) fields of a goal and append a history entry."""
        if any(goal.id == goal_id for goal in self.added):
            return  # a goal added in this edit is written as it finally is
        self.updates.append((goal_id, fields, history))

    def set_document_hash(self, document: str, digest: str | None) -> None:
        """Record the content hash of a document as synced (None: the document is gone)."""
        self.hashes[document] = digest

    def _intended(self, data: dict, added: str) -> dict:
        """What the file must read as once written: ``data`` (tomllib's reading of it, or of the tables
        the changes touch) with the changes made, in place."""
        for goal_id, fields, history in self.updates:
            table = data.get("goals", {}).get(goal_id) if isinstance(data.get("goals"), dict) else None
            if not isinstance(table, dict):
                raise LedgerError(f"{self.path}: goal {goal_id} is not in this file")
            for name, value in fields.items():
                if value is None:
                    table.pop(name, None)
                else:
                    table[name] = _field_value(name, value)
            if history is not None:
                entry = {k: _toml_value(v) for k, v in history.items() if v is not None}
                table.setdefault("history", []).append(entry)
        if self.hashes:
            documents = data.setdefault(DOCUMENTS_TABLE, {})
            for name, digest in self.hashes.items():
                if digest is None:
                    documents.pop(name, None)
                else:
                    documents[name] = digest
            if not documents:
                del data[DOCUMENTS_TABLE]
        if added:
            new = _comparable(added) or {}
            data.setdefault("goals", {}).update(new.get("goals", {}))
        return data

    def _touched_as_intended(self, text: str, reading: dict, added: str) -> bool:
        """Whether ``reading`` (of the edited plain file) holds the tables this edit touches as intended.

        In a plain file (``_is_plain``) the edit changes only those tables, so
        the rest of the file reads as it did: one whole reading instead of two.
        """
        before: dict[str, Any] = {"goals": {}}
        for goal_id in {goal_id for goal_id, _fields, _history in self.updates}:
            header = _header(f"goals.{goal_id}")
            span = _segment(text, header)
            table = _comparable(text[span[0] : span[1]]) if span is not None else None
            if table is None:
                return False
            before["goals"][goal_id] = table["goals"][goal_id]
        if self.hashes:
            span = _segment(text, _header(DOCUMENTS_TABLE))
            table = _comparable(text[span[0] : span[1]]) if span is not None else {}
            if table is None:
                return False
            before[DOCUMENTS_TABLE] = table.get(DOCUMENTS_TABLE, {})
        intended = self._intended(before, added)
        goals = reading.get("goals")
        if not isinstance(goals, dict) or any(goals.get(k) != v for k, v in intended["goals"].items()):
            return False
        return not self.hashes or reading.get(DOCUMENTS_TABLE) == intended.get(DOCUMENTS_TABLE)

    def _edited_with_tomlkit(self, text: str) -> str:
        import tomlkit
        from tomlkit.items import AoT, InlineTable

        try:
            doc = tomlkit.parse(text)
        except RecursionError:
            raise LedgerError(f"{self.path}: values nested too deeply to read", hint="fix the file by hand") from None
        except Exception as exc:  # noqa: BLE001 - tomlkit raises several parse error types
            raise LedgerError(f"{self.path}: {exc}", hint="fix the file by hand; nothing was written") from None
        for goal_id, fields, history in self.updates:
            try:
                table = doc["goals"][goal_id]
            except (KeyError, TypeError):
                raise LedgerError(f"{self.path}: goal {goal_id} is not in this file") from None
            for name, value in fields.items():
                if value is None:
                    if name in table:
                        del table[name]
                else:
                    table[name] = _field_value(name, value)
            if history is not None:
                if "history" not in table:
                    array = tomlkit.array()
                    if not isinstance(table, InlineTable):
                        array.multiline(True)
                    table["history"] = array
                entries = table["history"]
                if isinstance(entries, AoT):
                    item = tomlkit.table()
                    for key, value in history.items():
                        if value is not None:
                            item[key] = _toml_value(value)
                    entries.append(item)
                else:
                    entries.append(_history_item(history))
        if self.hashes:
            if DOCUMENTS_TABLE not in doc:
                doc.add(DOCUMENTS_TABLE, tomlkit.table())
            documents = doc[DOCUMENTS_TABLE]
            for name, digest in self.hashes.items():
                if digest is None:
                    if name in documents:
                        del documents[name]
                else:
                    documents[name] = digest
        return tomlkit.dumps(doc)

    def text(self) -> str:
        """The file as it will be written; a LedgerError if no edit gives exactly the intended file."""
        if self.original is None:
            added = "\n".join(goal_toml(goal) for goal in self.added)
            head = LEDGER_HEADER.format(label=self.label) + "\n"
            known = {k: v for k, v in self.hashes.items() if v is not None}
            if known:
                head += f"[{DOCUMENTS_TABLE}]\n"
                head += "".join(f"{toml_string(k)} = {toml_string(v)}\n" for k, v in sorted(known.items()))
                head += "\n"
            # Nothing to keep and nothing hand-made: journal's own writer alone (toml_string is JSON's
            # escaping, tested to read back), so `sync` from scratch does not pay a second parse.
            return head + added
        bom, text = decode_toml(self.path, self.original, LedgerError)
        newline, uniform = _newline_of(text)
        added = newline.join(goal_toml(goal).replace("\n", newline) for goal in self.added)

        def with_added(body: str) -> str:
            return body.rstrip("\r\n") + newline + newline + added if added else body

        edited = _edit_as_text(text, self.updates, self.hashes, newline) if self.updates or self.hashes else text
        candidate = with_added(edited) if edited is not None else None
        reading = _comparable(candidate) if candidate is not None else None
        if reading is not None and _is_plain(text) and self._touched_as_intended(text, reading, added):
            return bom + candidate
        data = _comparable(text)
        if data is None:
            parse_toml(self.path, text, LedgerError)  # raises, naming the line
            raise LedgerError(f"{self.path}: cannot be read", hint="fix the file by hand")
        intended = self._intended(data, added)
        if reading is not None and reading == intended:
            return bom + candidate
        # A layout the line editor cannot handle: tomlkit edits the file (on LF text, so its new lines match).
        plain = text.replace("\r\n", "\n") if uniform else text
        edited = self._edited_with_tomlkit(plain)
        if uniform and newline == "\r\n":
            edited = edited.replace("\r\n", "\n").replace("\n", "\r\n")
        if _comparable(with_added(edited)) == intended:
            return bom + with_added(edited)
        raise LedgerError(
            f"{self.path}: journal cannot write this change into the file's hand-made layout",
            hint="nothing was written; lay the goal out as [goals.ID] with one key per line",
        )

    def write_plan(self) -> tuple[Path, bytes, bytes | None, bool]:
        """What ``write_many`` needs: the path, the new bytes, the bytes expected there, whether it is new."""
        return self.path, self.text().encode("utf-8"), self.original, self.original is None

    def save(self) -> None:
        """Write the file atomically, refusing if it changed on disk since it was read."""
        if not self.changed:
            return
        make_private_dir(self.path.parent)
        path, data, expected, new = self.write_plan()
        write_atomic(path, data, expected=expected, must_not_exist=new, read_only_error=LedgerError)
