"""Git's three-way merge of a ledger file, goal by goal (``journal merge-driver ledger``).

The merge is the union of both sides: every goal either side has, every history entry once (in time
order, each side's own order kept), both sides' notes. A field both sides changed differently takes the
value of the side whose latest change is later; a status both changed takes the decision over "carried"
(a decision made on an old link while the other side carried it decides the goal: sync then applies it
to the lineage's latest link), else the incoming side's ("theirs": the later decision when pulling,
the rule the document driver follows too, so that document and ledger agree). The documents table
keeps a hash only when the merged document is the one it names; otherwise the hash is left out and the
next sync reads that document again. Goals both sides left as they were keep their bytes, comments
included.

Pure: text in, text out; nothing is printed or written here.
"""

from __future__ import annotations

import heapq
import json
import re
import tomllib
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

from journal.errors import LedgerError
from journal.ledger.model import DOCUMENTS_TABLE, Goal, Status
from journal.ledger.reading import goals_from_toml
from journal.ledger.toml_text import _edit_goal_table, _is_plain, goal_toml, toml_string

# Fields merged on their own rules, not field by field.
_OWN_RULES = ("id", "document_period", "history", "status", "marker", "note")
_MERGED_FIELDS = tuple(f.name for f in fields(Goal) if f.name not in _OWN_RULES)
_HEADER = re.compile(r"^\[([^\[\]\n]+)\][ \t]*(?:#[^\n]*)?\r?$", re.MULTILINE)


class LedgerMergeError(LedgerError):
    """A side of the merge that is not a ledger file journal can read: the merge leaves git's conflict."""


def _entry_key(entry: dict[str, Any]) -> str:
    return json.dumps(entry, sort_keys=True, default=str, ensure_ascii=False)


def union_in_order(*sequences: list[Any], key=_entry_key, order=None) -> list[Any]:
    """Every item of the sequences once, each sequence's order kept, ties broken by ``order`` (then key).

    A topological merge: symmetric in its sequences (the same items in the same order whichever comes
    first). Items two sequences put in opposite orders (a hand edit) come out by ``order``.
    """
    order = order or (lambda item: str(item.get("at", "")) if isinstance(item, dict) else "")
    items: dict[str, Any] = {}
    after: dict[str, set[str]] = {}
    waiting: dict[str, int] = {}
    for sequence in sequences:
        previous = None
        for item in sequence:
            item_key = key(item)
            items.setdefault(item_key, item)
            waiting.setdefault(item_key, 0)
            if previous is not None and previous != item_key and item_key not in after.setdefault(previous, set()):
                after[previous].add(item_key)
                waiting[item_key] += 1
            previous = item_key
    ready = [(order(items[k]), k) for k, count in waiting.items() if count == 0]
    heapq.heapify(ready)
    result: list[Any] = []
    done: set[str] = set()
    while len(done) < len(items):
        if not ready:  # a cycle (opposite orders): the earliest item left goes first
            left = min((order(items[k]), k) for k in items if k not in done)
            waiting[left[1]] = 0
            ready = [left]
        _sort_key, item_key = heapq.heappop(ready)
        if item_key in done:
            continue
        done.add(item_key)
        result.append(items[item_key])
        for following in sorted(after.get(item_key, ())):
            waiting[following] -= 1
            if waiting[following] == 0 and following not in done:
                heapq.heappush(ready, (order(items[following]), following))
    return result


def merge_history(base: list[dict], ours: list[dict], theirs: list[dict]) -> list[dict]:
    """Every history entry of either side once, in time order (each side's order kept)."""
    return union_in_order(base, ours, theirs)


def merge_note(base: str | None, ours: str | None, theirs: str | None) -> str | None:
    """Both sides' notes: a note only one side changed is that side's; two changed ones keep every line."""
    if ours == theirs or theirs == base:
        return ours
    if ours == base:
        return theirs
    lines = union_in_order(
        (base or "").split("\n"), (ours or "").split("\n"), (theirs or "").split("\n"),
        key=str, order=str,
    )  # fmt: skip
    kept = [line for line in lines if line]
    return "\n".join(kept) if kept else None


def _latest_change(goal: Goal, base: Goal | None) -> str:
    """When this side last changed the goal: its latest history entry the base does not have."""
    known = {_entry_key(entry) for entry in (base.history if base else ())}
    times = [str(entry.get("at", "")) for entry in goal.history if _entry_key(entry) not in known]
    return max(times, default="")


def _three_way(base: Any, ours: Any, theirs: Any, theirs_later: bool) -> Any:
    if ours == theirs or theirs == base:
        return ours
    if ours == base:
        return theirs
    return theirs if theirs_later else ours


def merge_status(base: str | None, ours: str, theirs: str) -> str:
    """The merged status: the side that changed it; a decision over "carried"; else theirs (the later one)."""
    if ours == theirs or theirs == base:
        return ours
    if ours == base:
        return theirs
    if ours == Status.CARRIED and theirs != Status.REMOVED:
        return theirs
    if theirs == Status.CARRIED and ours != Status.REMOVED:
        return ours
    return theirs


def merge_goal(base: Goal | None, ours: Goal | None, theirs: Goal | None) -> Goal | None:
    """One goal merged; a goal one side deleted by hand is kept (nothing is lost)."""
    if ours is None or theirs is None:
        return ours or theirs
    theirs_later = _latest_change(theirs, base) >= _latest_change(ours, base)
    merged = {
        name: _three_way(getattr(base, name, None), getattr(ours, name), getattr(theirs, name), theirs_later)
        for name in _MERGED_FIELDS
    }
    status = merge_status(base.status if base else None, ours.status, theirs.status)
    if status == ours.status == theirs.status:
        marker = _three_way(base.marker if base else None, ours.marker, theirs.marker, True)
    else:
        marker = ours.marker if status == ours.status and status != theirs.status else theirs.marker
    return replace(
        ours,
        **merged,
        status=status,
        marker=marker,
        note=merge_note(base.note if base else None, ours.note, theirs.note),
        history=merge_history(base.history if base else [], ours.history, theirs.history),
    )


def merge_hashes(base: dict[str, str], ours: dict[str, str], theirs: dict[str, str]) -> dict[str, str]:
    """The documents table: a hash both sides agree on, or the one side that changed; else none (a rescan)."""
    merged = {}
    for name in dict.fromkeys([*ours, *theirs]):
        mine, other, old = ours.get(name), theirs.get(name), base.get(name)
        if mine == other or other == old:
            value = mine
        elif mine == old:
            value = other
        else:
            value = None
        if value is not None:
            merged[name] = value
    return merged


def parse_side(text: str, name: str, period: str) -> tuple[dict[str, Goal], dict[str, str]]:
    """A ledger file's goals by id and its documents table; a LedgerMergeError when it cannot be read."""
    try:
        data = tomllib.loads(text.removeprefix("\ufeff"))
        goals = goals_from_toml(Path(name), data, period)
    except (tomllib.TOMLDecodeError, LedgerError, RecursionError) as error:
        raise LedgerMergeError(f"{name} ({period}) is not a ledger journal can read: {error}") from None
    hashes = data.get(DOCUMENTS_TABLE, {})
    if not isinstance(hashes, dict) or not all(isinstance(v, str) for v in hashes.values()):
        raise LedgerMergeError(f"{name}: '{DOCUMENTS_TABLE}' must map document paths to content hashes")
    return {goal.id: goal for goal in goals}, hashes


def merge_ledger_text(base: str, ours: str, theirs: str, period: str, name: str = "ledger") -> str:
    """The merged text of one ledger file (period ``period``); LedgerMergeError if ours or theirs is unreadable."""
    ours_goals, ours_hashes = parse_side(ours, f"{name} (ours)", period)
    theirs_goals, theirs_hashes = parse_side(theirs, f"{name} (theirs)", period)
    try:
        base_goals, base_hashes = parse_side(base, f"{name} (base)", period)
    except LedgerMergeError:
        base_goals, base_hashes = {}, {}  # no common version to compare with: a union of both sides
    merged: dict[str, Goal] = {}
    for goal_id in dict.fromkeys([*ours_goals, *theirs_goals]):
        goal = merge_goal(base_goals.get(goal_id), ours_goals.get(goal_id), theirs_goals.get(goal_id))
        if goal is not None:
            merged[goal_id] = goal
    hashes = merge_hashes(base_hashes, ours_hashes, theirs_hashes)
    text = _write(ours, theirs, merged, ours_goals, theirs_goals, hashes)
    if _read_back(text, period) != (merged, hashes):
        text = _write("", "", merged, {}, {}, hashes)  # a layout kept from a side did not read back: plain
    return text


def _read_back(text: str, period: str) -> tuple[dict[str, Goal], dict[str, str]] | None:
    try:
        return parse_side(text, "merged", period)
    except LedgerMergeError:
        return None


def _segments(text: str) -> tuple[str, list[tuple[str, str]]]:
    """A plain ledger text cut at its table headers: (what comes before, [(table name, its text)])."""
    if not text or not _is_plain(text):
        return "", []
    found = list(_HEADER.finditer(text))
    if not found:
        return text, []
    tables = []
    for index, match in enumerate(found):
        end = found[index + 1].start() if index + 1 < len(found) else len(text)
        tables.append((match.group(1).strip(), text[match.start() : end]))
    return text[: found[0].start()], tables


def _edited(segment: str, ours: Goal, merged: Goal, newline: str) -> str | None:
    """Ours' table of the goal changed line by line into the merged goal (its comments kept), when the
    merged history only adds entries after ours'; None otherwise (the read-back check guards the rest)."""
    if merged.history[: len(ours.history)] != ours.history:
        return None
    changed = {
        name: getattr(merged, name)
        for name in (f.name for f in fields(Goal) if f.name not in ("id", "document_period", "history"))
        if getattr(merged, name) != getattr(ours, name)
    }
    text: str | None = _edit_goal_table(segment, ours.id, changed, None, newline)
    for entry in merged.history[len(ours.history) :]:
        if text is None:
            return None
        text = _edit_goal_table(text, ours.id, {}, entry, newline)
    return text


def _documents_table(hashes: dict[str, str], newline: str) -> str:
    lines = [f"[{DOCUMENTS_TABLE}]"] + [f"{toml_string(name)} = {toml_string(h)}" for name, h in hashes.items()]
    return newline.join(lines) + newline + newline


def _block(text: str, newline: str) -> str:
    """A table's text ending in one blank line."""
    return text.rstrip("\r\n") + newline + newline


def _write(
    ours: str, theirs: str, merged: dict[str, Goal], ours_goals: dict, theirs_goals: dict, hashes: dict[str, str]
) -> str:
    """The merged file: ours' layout (comments, order), a goal a side kept as it was in that side's bytes."""
    newline = "\r\n" if ours.count("\r\n") * 2 > ours.count("\n") else "\n"
    preamble, ours_tables = _segments(ours)
    _theirs_preamble, theirs_tables = _segments(theirs)
    theirs_text = {table[6:]: body for table, body in theirs_tables if table.startswith("goals.")}

    def goal_text(goal_id: str, own: str | None) -> str:
        goal = merged[goal_id]
        if own is not None and ours_goals.get(goal_id) == goal:
            return _block(own, newline)
        if own is not None and (edited := _edited(own, ours_goals[goal_id], goal, newline)) is not None:
            return _block(edited, newline)
        if goal_id in theirs_text and theirs_goals.get(goal_id) == goal:
            return _block(theirs_text[goal_id], newline)
        return _block(goal_toml(goal).replace("\n", newline), newline)

    parts = [preamble] if preamble else []
    written: set[str] = set()
    documents_written = False
    for table, body in ours_tables:
        if table == DOCUMENTS_TABLE:
            documents_written = True
            if hashes:
                parts.append(_documents_table(hashes, newline))
        elif table.startswith("goals.") and table[6:] in merged:
            parts.append(goal_text(table[6:], body))
            written.add(table[6:])
        else:
            parts.append(_block(body, newline))
    if not documents_written and hashes:
        parts.insert(1 if preamble else 0, _documents_table(hashes, newline))
    parts += [goal_text(goal_id, None) for goal_id in merged if goal_id not in written]
    own_tables = {table for table, _body in ours_tables}
    parts += [  # a table of theirs journal does not know (a hand addition): kept as it is
        _block(body, newline)
        for table, body in theirs_tables
        if table not in own_tables and table != DOCUMENTS_TABLE and not table.startswith("goals.")
    ]
    return "".join(parts).rstrip("\r\n") + newline
