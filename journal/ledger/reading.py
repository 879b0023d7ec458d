"""Reading ledger files: tomllib (or the cache), every value checked; a wrong value is a LedgerError naming it."""

from __future__ import annotations

import math
import os
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from journal.config import Journal, decode_toml, parse_toml
from journal.errors import LedgerError
from journal.ledger.model import DOCUMENTS_TABLE, GOAL_KINDS, ID_RE, STATUSES, Goal, Ledger

if TYPE_CHECKING:
    from journal.ledger.cache import Cache


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
        goals.append(_goal_from_table(path, goal_id, raw, period))
    return goals


def _checked_status_and_kind(path: Path, goal_id: str, raw: dict) -> tuple[str, str]:
    status = _check(path, goal_id, raw, "status", (str,), True)
    if status not in STATUSES:
        raise LedgerError(f"{path}: goal {goal_id}: status must be one of {', '.join(STATUSES)}, not {status!r}")
    kind = _check(path, goal_id, raw, "kind", (str,), True)
    if kind not in GOAL_KINDS:
        raise LedgerError(f"{path}: goal {goal_id}: kind must be checkbox or bullet, not {kind!r}")
    return status, kind


def _goal_from_table(path: Path, goal_id: str, raw: dict, period: str) -> Goal:
    status, kind = _checked_status_and_kind(path, goal_id, raw)
    history = _check(path, goal_id, raw, "history", (list,), False) or []
    if not all(isinstance(entry, dict) for entry in history):
        raise LedgerError(f"{path}: goal {goal_id}: history must be a list of tables")
    target = _check(path, goal_id, raw, "target", (str,), False)
    if target is not None and not _is_period_key(target):
        raise LedgerError(f"{path}: goal {goal_id}: target must be a period key like 2025-q1, not {target!r}")
    source = _check(path, goal_id, raw, "source", (str,), True)
    # Under the journal: the documents' folder is a setting (a vault's "." included).
    if source.startswith("/") or "\\" in source or ".." in source.split("/") or not source.endswith(".md"):
        raise LedgerError(f"{path}: goal {goal_id}: source must be a Markdown file in the journal, not {source!r}")
    for name in ("created", "updated"):
        value = raw.get(name)
        if isinstance(value, str) and value and not _is_iso(value):
            raise LedgerError(f"{path}: goal {goal_id}: '{name}' must be a date-time, not {value!r}")
    line = _check(path, goal_id, raw, "line", (int,), True)
    if line < 1:
        raise LedgerError(f"{path}: goal {goal_id}: line must be 1 or more")
    return Goal(
        id=goal_id,
        document_period=period,
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
        marker=_checked_marker(path, goal_id, raw),
        **_checked_attributes(path, goal_id, raw),
        metric=_check(path, goal_id, raw, "metric", (str,), False),
        **_checked_target(path, goal_id, raw),
    )


def _checked_attributes(path: Path, goal_id: str, raw: dict) -> dict[str, Any]:
    """The attributes read from the goal's line (owner, tags, due, priority, done_on), each checked."""
    from journal.attributes import PRIORITIES

    found: dict[str, Any] = {"owner": _check(path, goal_id, raw, "owner", (str,), False)}
    tags = _check(path, goal_id, raw, "tags", (list,), False) or []
    if not all(isinstance(tag, str) for tag in tags):
        raise LedgerError(f"{path}: goal {goal_id}: tags must be a list of strings")
    found["tags"] = tags
    for name in ("due", "done_on"):
        value = _iso(_check(path, goal_id, raw, name, (date, str), False))
        if value is not None and not _is_iso(value):
            raise LedgerError(f"{path}: goal {goal_id}: '{name}' must be a date like 2025-03-31, not {value!r}")
        found[name] = value
    priority = _check(path, goal_id, raw, "priority", (str,), False)
    if priority is not None and priority not in PRIORITIES:
        raise LedgerError(f"{path}: goal {goal_id}: priority must be one of {', '.join(PRIORITIES)}, not {priority!r}")
    found["priority"] = priority
    return found


# journal.targets' DIRECTIONS and CADENCES (not imported here: reading a ledger stays quick)
TARGET_DIRECTIONS = ("at_least", "at_most", "reach")
TARGET_CADENCES = ("day", "week", "2 weeks", "month", "quarter", "year")
TARGET_UNITS = ("%", "ms", "s", "min", "h", "d", "km", "mi", "kg", "lb", "$", "€", "£")


def _checked_target(path: Path, goal_id: str, raw: dict) -> dict[str, Any]:
    """A measurable goal's target fields (journal.targets), each checked; absent ones are None."""
    value = _check(path, goal_id, raw, "target_value", (int, float), False)
    direction = _check(path, goal_id, raw, "direction", (str,), False)
    if direction is not None and direction not in TARGET_DIRECTIONS:
        shown = ", ".join(TARGET_DIRECTIONS)
        raise LedgerError(f"{path}: goal {goal_id}: direction must be one of {shown}, not {direction[:20]!r}")
    cadence = _check(path, goal_id, raw, "cadence", (str,), False)
    if cadence is not None and cadence not in TARGET_CADENCES:
        shown = ", ".join(TARGET_CADENCES)
        raise LedgerError(f"{path}: goal {goal_id}: cadence must be one of {shown}, not {cadence[:20]!r}")
    unit = _check(path, goal_id, raw, "unit", (str,), False)
    if unit is not None and unit not in TARGET_UNITS:
        shown = ", ".join(TARGET_UNITS)
        raise LedgerError(f"{path}: goal {goal_id}: unit must be one of {shown} (none: a count), not {unit[:20]!r}")
    if isinstance(value, float) and not math.isfinite(value):
        raise LedgerError(f"{path}: goal {goal_id}: target_value must be a number, not {value!r}")
    return {
        "target_value": value,
        "unit": unit,
        "direction": direction,
        "cadence": cadence,
    }


def _checked_marker(path: Path, goal_id: str, raw: dict) -> str | None:
    """The goal's own status character (``marker = "?"``), if it has one; one character that can stand in brackets."""
    from journal.statuses import is_status_character

    marker = _check(path, goal_id, raw, "marker", (str,), False)
    if marker is not None and not is_status_character(marker):
        raise LedgerError(f'{path}: goal {goal_id}: marker must be one character like "?", not {marker[:20]!r}')
    return marker


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


def ledger_file_entries(folder: Path) -> list[tuple[os.DirEntry, str]]:
    """The ledger files of ``folder`` (``*.toml``, regular files) by name, each with its period key."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except FileNotFoundError:
        return []
    return [(e, e.name[: -len(".toml")]) for e in entries if e.name.endswith(".toml") and e.is_file()]


def load_ledger(journal: Journal, cache: Cache | None = None, *, lazy: bool = False) -> Ledger:
    """Every goal in ``ledger/*.toml``; ids duplicated across files are a LedgerError.

    With ``lazy`` the goals are decoded from the cache file by file as they
    are used (``journal.ledger.lazy``): for a command that needs few of them.
    """
    from journal.ledger.cache import Cache, stat_key

    cache = cache or Cache(journal)
    if lazy:
        from journal.ledger.lazy import load_lazy_ledger

        return load_lazy_ledger(journal, cache)
    goals: dict[str, Goal] = {}
    files: dict[str, Path] = {}
    documents: dict[str, str] = {}
    file_hashes: dict[str, dict[str, str]] = {}
    ledger_dir = journal.ledger_dir
    for entry, period in ledger_file_entries(ledger_dir):
        stat = entry.stat()
        cached = cache.ledger_entry(entry.name, stat)
        path = ledger_dir / entry.name  # as Path(entry.path), three times quicker to make
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
    cache.forget_ledger_files_gone({path.name for path in files.values()})
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
