"""A Ledger read from the cache one ledger file at a time, as its goals are asked for.

``load_ledger(journal, cache, lazy=True)`` reads every ledger file's summary
from the cache (ids, documents, hashes: no goals), checks the ids are unique
as a full read does, and decodes a file's goals only when one of them is
looked up by id (``ledger.goals[id]``, ``id in ledger.goals``,
``ledger.goals.get(id)``) or when a document's goals are (``goals_of``). The
lineage index (which goals carry into which) and the status summary's open
goals come from the cached link rows (``ledger/links.py``), the goals decoded
or added meanwhile counted as they are now. Any
other use of ``ledger.goals`` (iterating it, its length, comparing it) first
decodes every file, in the order a full read gives, so code written for a
plain Ledger sees exactly the same goals. A ledger file not cached as it is on
disk is read from its TOML at once, as a full read would.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from journal.errors import LedgerError
from journal.ledger.links import LinkRow, decode_rows, link_index, link_row, row_ids
from journal.ledger.model import Goal, Ledger

if TYPE_CHECKING:
    from journal.config import Journal
    from journal.ledger.cache import Cache


class LazyGoals(dict):
    """The goals by id, decoded file by file: a lookup by id decodes its file, any other use decodes them all."""

    def __init__(self, load_file: Callable[[str], list[Goal]], owner: dict[str, str], order: list[str]) -> None:
        super().__init__()
        self._load_file = load_file  # period key -> that file's goals, decoded
        self._owner = owner  # goal id -> period key of its ledger file (every file)
        self._order = order  # period keys in the order a full read visits them
        self._known = set(order)
        self._loaded: dict[str, list[Goal]] = {}
        self._added: list[str] = []  # ids of goals added since reading, in order
        self._added_to: dict[str, list[str]] = {}  # "source:" + document or "period:" + key -> ids added there
        self.complete = False

    def load(self, period_key: str) -> list[Goal]:
        """The goals of one ledger file, decoded on first use (none for a file made since reading)."""
        goals = self._loaded.get(period_key)
        if goals is None:
            if period_key not in self._known:
                return []
            goals = self._loaded[period_key] = self._load_file(period_key)
            for goal in goals:
                if not dict.__contains__(self, goal.id):
                    dict.__setitem__(self, goal.id, goal)
        return goals

    def fill(self) -> None:
        """Decode every file, then order the goals as a full read would (files in order, then those added)."""
        if self.complete:
            return
        for period_key in self._order:
            self.load(period_key)
        current = dict(dict.items(self))
        dict.clear(self)
        for period_key in self._order:
            for goal in self._loaded[period_key]:
                dict.__setitem__(self, goal.id, current.pop(goal.id, goal))
        dict.update(self, current)  # the goals added, in the order they were
        self.complete = True

    def selected(self, period_keys: list[str], added_to: str, keep: Callable[[Goal], bool]) -> list[Goal]:
        """The goals ``keep`` accepts among those of these files (in order) and those added to ``added_to``.

        In the order a full read gives them: the files' goals, then the goals
        added since reading, in the order they were.
        """
        found = []
        for period_key in period_keys:
            for goal in self.load(period_key):
                current = dict.get(self, goal.id)
                if current is not None and keep(current):
                    found.append(current)
        added = [dict.get(self, goal_id) for goal_id in self._added_to.get(added_to, ())]
        return found + [goal for goal in added if goal is not None and keep(goal)]

    def _find(self, goal_id: object) -> bool:
        if dict.__contains__(self, goal_id):
            return True
        period_key = self._owner.get(goal_id) if isinstance(goal_id, str) and not self.complete else None
        if period_key is None:
            return False
        self.load(period_key)
        return dict.__contains__(self, goal_id)

    def __contains__(self, goal_id: object) -> bool:
        return self._find(goal_id)

    def __missing__(self, goal_id: str) -> Goal:
        if self._find(goal_id):
            return dict.__getitem__(self, goal_id)
        raise KeyError(goal_id)

    def get(self, goal_id: str, default: Any = None) -> Any:
        return dict.__getitem__(self, goal_id) if self._find(goal_id) else default

    def __setitem__(self, goal_id: str, goal: Goal) -> None:
        if not self.complete and not self._find(goal_id):
            self._added.append(goal_id)
            for place in (f"source:{goal.source}", f"period:{goal.document_period}"):
                self._added_to.setdefault(place, []).append(goal_id)
        dict.__setitem__(self, goal_id, goal)


def _filling(name: str) -> Callable[..., Any]:
    method = getattr(dict, name)

    def filled(self: LazyGoals, *args: Any, **kwargs: Any) -> Any:
        self.fill()
        return method(self, *args, **kwargs)

    filled.__name__ = name
    return filled


# Everything but a lookup by id needs every goal.
for _name in (
    "__iter__", "__len__", "__eq__", "__ne__", "__repr__", "__reversed__", "__or__", "__ior__", "__reduce__",
    "__reduce_ex__", "keys", "values", "items", "pop", "popitem", "setdefault", "update", "copy", "clear",
    "__delitem__",
):  # fmt: skip
    setattr(LazyGoals, _name, _filling(_name))
LazyGoals.__hash__ = None  # type: ignore[assignment]


class LazyLedger(Ledger):
    """A Ledger whose goals are decoded per ledger file (see the module's docstring)."""

    goals: LazyGoals

    def __init__(self, goals: LazyGoals, files: dict[str, Path], documents: dict[str, str],
                 file_hashes: dict[str, dict[str, str]], source_files: dict[str, list[str]],
                 rows: dict[str, str | tuple[LinkRow, ...]],
                 cached_stats: dict[str, os.stat_result] | None = None) -> None:  # fmt: skip
        super().__init__(goals=goals, files=files, documents=documents, file_hashes=file_hashes)
        self._source_files = source_files  # document -> period keys of the ledger files holding its goals
        self._kept_rows = rows  # period key -> its goals' link rows as read, as the cache keeps them (encoded)
        self._decoded_rows: dict[str, tuple[LinkRow, ...]] = {}
        self._row_index: dict[str, dict[str, LinkRow]] = {}  # period key -> its decoded rows by goal id
        self._kept_names: str | None = None  # every file's rows as read, their ids left out (_kept_text)
        self._cached_stats = cached_stats or {}  # period key -> the stat its goals were read for (cache or file)
        self.file_keys: dict[str, tuple] = {}  # ledger file name -> its stat key when read (journal.status_keep)
        self.identities: dict[str, str | None] = {}  # period key -> its goals' linking words (carry_links)

    def row_changes(self) -> list[tuple[LinkRow | None, LinkRow]] | None:
        """(its row as read, None for a goal added; its row now) of each goal whose link row changed since reading;
        None when that cannot be told from the files decoded (every file was decoded, or goals moved)."""
        goals = self.goals
        if goals.complete:
            return None
        changes: list[tuple[LinkRow | None, LinkRow]] = []
        for period_key, loaded in goals._loaded.items():
            before = self._rows(period_key)
            now = tuple(link_row(dict.get(goals, goal.id, goal)) for goal in loaded)
            if len(now) != len(before) or any(old[0] != new[0] for old, new in zip(before, now, strict=True)):
                return None
            changes.extend((old, new) for old, new in zip(before, now, strict=True) if old != new)
        changes.extend((None, link_row(dict.__getitem__(goals, goal_id))) for goal_id in goals._added)
        return changes

    def names_anywhere(self, goal_id: str) -> bool:
        """Whether some link row names ``goal_id`` as its carried_from or carried_to (a file not decoded: if its
        cached rows hold the id at all, which may say yes for no link)."""
        goals = self.goals
        for period_key in goals._order:
            loaded = goals._loaded.get(period_key)
            if loaded is not None:
                rows = (link_row(dict.get(goals, goal.id, goal)) for goal in loaded)
                if any(goal_id in (row[3], row[4]) for row in rows):
                    return True
            elif goal_id in self._kept_rows[period_key] if isinstance(self._kept_rows[period_key], str) else any(
                goal_id in (row[3], row[4]) for row in self._kept_rows[period_key]
            ):
                return True
        return any(goal_id in (row[3], row[4]) for row in (link_row(goals[i]) for i in goals._added))

    def _rows(self, period_key: str) -> tuple[LinkRow, ...]:
        """One file's link rows as read (decoded on first use)."""
        rows = self._decoded_rows.get(period_key)
        if rows is None:
            rows = self._decoded_rows[period_key] = decode_rows(self._kept_rows[period_key])
        return rows

    def files_in_order(self) -> list[tuple[str, os.stat_result | None, list[Goal] | None]]:
        """Each ledger file in the ledger's order, without decoding any: (period key, the stat its goals were
        read for, None) for a file not decoded yet, (period key, None, its goals as they are now) for the
        others; then ("", None, the goals added since reading).

        What a full read's ``goals.values()`` gives, file by file. Only when ``goals.complete`` is False.
        """
        goals = self.goals
        found: list[tuple[str, os.stat_result | None, list[Goal] | None]] = []
        for period_key in goals._order:
            loaded = goals._loaded.get(period_key)
            if loaded is None and period_key in self._cached_stats:
                found.append((period_key, self._cached_stats[period_key], None))
            else:
                found.append((period_key, None, self.file_goals(period_key)))
        found.append(("", None, [dict.__getitem__(goals, goal_id) for goal_id in goals._added]))
        return found

    def file_goals(self, period_key: str) -> list[Goal]:
        """The goals of one ledger file as they are now (decoding it if need be), in the file's order."""
        goals = self.goals
        return [dict.get(goals, goal.id, goal) for goal in goals.load(period_key)]

    def link_rows(self) -> list[LinkRow]:
        """Every goal's link row, in the ledger's order: a file not decoded from its cached rows, the others'
        (and the goals added) from the goals as they are now."""
        goals = self.goals
        if goals.complete:
            return super().link_rows()
        rows: list[LinkRow] = []
        for period_key in goals._order:
            loaded = goals._loaded.get(period_key)
            if loaded is None:
                rows.extend(self._rows(period_key))
            else:
                rows.extend(link_row(dict.get(goals, goal.id, goal)) for goal in loaded)
        rows.extend(link_row(dict.__getitem__(goals, goal_id)) for goal_id in goals._added)
        return rows

    def rows_by_id(self) -> dict[str, LinkRow]:
        """Every goal's link row by its id, as ``{row[0]: row for row in link_rows()}`` gives them, each file's
        rows decoded when one of its goals is first asked for (``in`` and ``[]``; nothing else is answered)."""
        if self.goals.complete:
            return {row[0]: row for row in self.link_rows()}
        return _RowsById(self._row_of)

    def _row_of(self, goal_id: str) -> LinkRow | None:
        """Goal ``goal_id``'s row as ``link_rows`` gives it; None for no such goal."""
        goals = self.goals
        if dict.__contains__(goals, goal_id):
            return link_row(dict.__getitem__(goals, goal_id))
        period_key = goals._owner.get(goal_id)
        if period_key is None or period_key in goals._loaded:
            return None  # a file decoded puts each of its goals in the dict
        index = self._row_index.get(period_key)
        if index is None:
            index = self._row_index[period_key] = {row[0]: row for row in self._rows(period_key)}
        return index.get(goal_id)

    def lineage_ids(self, goals: list[Goal]) -> dict[str, str]:
        """As ``Ledger.lineage_ids``, without decoding every file's rows for a goal no row names: such a goal,
        with no carried_from or carried_to of its own, is a lineage of its own (its id is its lineage id).
        Once one goal needed the lineage index, the rest are looked up in it."""
        if self.goals.complete or not goals:
            return super().lineage_ids(goals)
        found = {}
        named_now: set[str] | None = None
        for goal in goals:
            if self._carried_in is None and not goal.carried_from and not goal.carried_to:
                if named_now is None:
                    named_now = self._named_now()
                if goal.id not in named_now and goal.id not in self._kept_text():
                    found[goal.id] = goal.id
                    continue
            found[goal.id] = self.lineage_id(goal)
        return found

    def _named_now(self) -> set[str]:
        """The carried_from and carried_to of the goals decoded or added, as they are now."""
        goals = self.goals
        now = [dict.get(goals, goal.id, goal) for loaded in goals._loaded.values() for goal in loaded]
        now += [dict.__getitem__(goals, goal_id) for goal_id in goals._added]
        return {field for goal in now for field in (goal.carried_from, goal.carried_to) if field}

    def _kept_text(self) -> str:
        """Every file's rows as read but their ids, as one text: an id not in it is named by no row as read (it
        may be in it and named by none: that goal is looked up the long way)."""
        if self._kept_names is None:
            self._kept_names = "\n".join(
                kept.partition("\0")[2] if isinstance(kept, str) else repr(kept) for kept in self._kept_rows.values()
            )
        return self._kept_names

    def _carried_into(self) -> dict[str, list[str]]:
        """Goal id -> the ids of the goals whose ``carried_to`` names it (from the link rows: nothing decoded)."""
        if self._carried_in is None:
            self._carried_in = link_index(self.link_rows())
        return self._carried_in[0]

    def goals_of(self, source: str) -> list[Goal]:
        """The goals found in one document (only its ledger files decoded)."""
        if self.goals.complete:
            return super().goals_of(source)
        periods = self._source_files.get(source, [])
        return self.goals.selected(periods, f"source:{source}", lambda goal: goal.source == source)

    def sources(self) -> set[str]:
        """Every document some goal was found in (from the summaries: no goals decoded)."""
        if self.goals.complete:
            return super().sources()
        added = (place[len("source:") :] for place in self.goals._added_to if place.startswith("source:"))
        return set(self._source_files) | set(added)

    def goals_in(self, period_keys: list[str]) -> dict[str, list[Goal]]:
        """The goals of each of these periods' ledger files (the ones added to them too)."""
        if self.goals.complete:
            return super().goals_in(period_keys)
        found = {}
        for key in period_keys:
            keep = lambda goal, key=key: goal.document_period == key  # noqa: E731
            found[key] = self.goals.selected([key], f"period:{key}", keep)
        return found


def load_lazy_ledger(journal: Journal, cache: Cache) -> Ledger:
    """The journal's ledger: summaries from the cache, each file's goals decoded when first needed."""
    from journal.ledger.reading import ledger_file_entries, read_ledger_file

    files: dict[str, Path] = {}
    owner: dict[str, str] = {}
    source_files: dict[str, list[str]] = {}
    documents: dict[str, str] = {}
    file_hashes: dict[str, dict[str, str]] = {}
    read: dict[str, list[Goal]] = {}  # files read from their TOML now (not cached as they are)
    stats: dict[str, os.stat_result] = {}  # files whose goals were read steadily, with the stat they are for
    rows: dict[str, str | tuple[LinkRow, ...]] = {}
    file_keys: dict[str, tuple] = {}
    identities: dict[str, str | None] = {}  # as cached (a file read from its TOML now has none: it is looked at)
    folder = journal.ledger_dir
    # pathlib's own way to a child of a folder from a plain name (what its glob uses), where this Python has it:
    # `folder / name` parses the name again, and 1,890 of them cost more than reading the summaries.
    child = getattr(folder, "_make_child_relpath", folder.joinpath)
    summary_of = cache.ledger_summary
    for entry, period in ledger_file_entries(folder):
        name = entry.name
        stat = entry.stat()
        key = file_keys[name] = (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)  # stat_key
        path = files[period] = child(name)  # folder / name, without parsing the name again
        summary = summary_of(name, stat, key)
        if summary is not None:
            rows[period], sources, hashes, identities[period] = summary
            stats[period] = stat
        else:
            goals, hashes = _read_file(cache, entry, stat, path, period, stats)
            read[period] = goals
            rows[period], sources = tuple(link_row(g) for g in goals), tuple({g.source: None for g in goals})
        for goal_id in row_ids(rows[period]):
            if goal_id in owner:
                raise LedgerError(
                    f"{path}: goal id {goal_id} is also in {files[owner[goal_id]]}",
                    hint="ids must be unique across the journal; rename one by hand",
                )
            owner[goal_id] = period
        for source in sources:
            source_files.setdefault(source, []).append(period)
        documents.update(hashes)
        file_hashes[period] = dict(hashes)

    cache.forget_ledger_files_gone(file_keys)

    def load_file(period_key: str) -> list[Goal]:
        if period_key in read:
            return read.pop(period_key)
        cached = cache.ledger_entry(files[period_key].name, stats[period_key])
        if cached is None:  # its entry went (a damaged one): read the file as it is
            return read_ledger_file(files[period_key], period_key)[0]
        return cached[0]

    goals = LazyGoals(load_file, owner, list(files))
    ledger = LazyLedger(goals, files, documents, file_hashes, source_files, rows, stats)
    ledger.file_keys = file_keys
    ledger.identities = identities
    return ledger


def _read_file(
    cache: Cache, entry: os.DirEntry, stat: os.stat_result, path: Path, period: str, stats: dict[str, os.stat_result]
) -> tuple[list[Goal], dict[str, str]]:
    """A ledger file the cache does not hold as it is, read from its TOML (and cached when it did not change while
    it was read: then its stat goes into ``stats``)."""
    from journal.ledger.cache import stat_key
    from journal.ledger.reading import _check_ledger_name, read_ledger_file

    _check_ledger_name(path, period)
    goals, hashes = read_ledger_file(path, period)
    if stat_key(os.stat(entry.path)) == stat_key(stat):
        cache.set_ledger_entry(entry.name, stat, goals, hashes)
        stats[period] = stat  # the file did not change while it was read
    return goals, hashes


class _RowsById(dict):
    """Link rows by goal id, each looked up (``LazyLedger._row_of``) when first asked for."""

    def __init__(self, row_of: Callable[[str], LinkRow | None]) -> None:
        super().__init__()
        self._row_of = row_of

    def __missing__(self, goal_id: str) -> LinkRow:
        row = self._row_of(goal_id)
        if row is None:
            raise KeyError(goal_id)
        self[goal_id] = row
        return row

    def __contains__(self, goal_id: object) -> bool:
        if dict.__contains__(self, goal_id):
            return True
        try:
            self[goal_id]  # type: ignore[index]
        except (KeyError, TypeError):
            return False
        return True
