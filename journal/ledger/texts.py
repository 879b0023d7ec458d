"""Each ledger file's goal texts, cached apart from the goals, so a search reads words without decoding goals.

``search`` matches every goal's text. Decoding every ledger file's goals
from the cache for that costs more than the rest of the search; the texts
alone, kept here per ledger file in ``.journal/texts.marshal``, cost little
to load. An entry is keyed on the stat key of the ledger file as the cache
entry its goals are decoded from was (``ledger/cache.py``: size, mtime,
ctime, inode), so a hand edit of a ledger file is a miss and that file's
goals are decoded as before. Like the rest of ``.journal/`` it is derived:
missing, damaged or of another version it is empty, never an error.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from journal.config import Journal
    from journal.ledger.model import Goal, Ledger

TEXTS_FILE = "texts.marshal"
TEXTS_VERSION = 1

# A ledger file's entry: the stat key it was made for, its goals' ids and texts, in the file's order.
TextsEntry = tuple[tuple, tuple[str, ...], tuple[str, ...]]


class GoalTexts:
    """The cached goal texts of every ledger file (``.journal/texts.marshal``), saved when an entry changed."""

    def __init__(self, journal: Journal) -> None:
        self.path = journal.state_dir / TEXTS_FILE
        self.version = (TEXTS_VERSION, sys.version_info[:2])
        self.entries: dict[str, TextsEntry] = {}
        self.dirty = False
        import marshal

        try:
            data = marshal.loads(self.path.read_bytes())
            if isinstance(data, dict) and data.get("version") == self.version and isinstance(data.get("files"), dict):
                self.entries = data["files"]
        except Exception:  # noqa: BLE001 - a missing or damaged cache is an empty one
            pass

    def get(self, name: str, key: tuple) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
        """The ids and texts of ledger file ``name`` if cached for stat key ``key``."""
        entry = self.entries.get(name)
        try:
            if entry is not None and entry[0] == key:
                ids, texts = entry[1], entry[2]
                if type(ids) is tuple and type(texts) is tuple and len(ids) == len(texts):
                    return ids, texts
        except Exception:  # noqa: BLE001 - an entry of the wrong shape is a miss
            pass
        return None

    def put(self, name: str, key: tuple, goals: list[Goal]) -> None:
        """Keep the ids and texts of ledger file ``name`` (its goals as decoded for stat key ``key``)."""
        self.entries[name] = (key, tuple(goal.id for goal in goals), tuple(goal.text for goal in goals))
        self.dirty = True

    def save(self, known: set[str]) -> None:
        """Write the entries of the ledger files named in ``known`` if any changed or another is kept (it is
        dropped); a failure to write loses nothing."""
        if not self.dirty and known.issuperset(self.entries):
            return
        import marshal

        from journal.atomic import make_state_dir, write_atomic

        files = {name: entry for name, entry in self.entries.items() if name in known}
        try:
            make_state_dir(self.path.parent)
            write_atomic(self.path, marshal.dumps({"version": self.version, "files": files}), durable=False)
        except Exception:  # noqa: BLE001 - the cache is derived; failing to keep it loses nothing
            pass


def goal_texts(journal: Journal, ledger: Ledger) -> tuple[list[str], list[str]]:
    """Every goal's id and text (two lists, in the order of ``ledger.goals.values()``), decoding as few ledger
    files as it can: a lazy ledger's files not decoded yet are read from the texts cache when it holds them as
    they are."""
    from journal.ledger.lazy import LazyLedger

    if not isinstance(ledger, LazyLedger) or ledger.goals.complete:
        goals = list(ledger.goals.values())
        return [goal.id for goal in goals], [goal.text for goal in goals]
    from journal.ledger.cache import stat_key

    cache = GoalTexts(journal)
    known: set[str] = set()  # the ledger files there are: the entries of others are dropped
    ids: list[str] = []
    texts: list[str] = []
    for period_key, stat, goals in ledger.files_in_order():
        name = ledger.files[period_key].name if period_key else ""
        known.add(name)
        if goals is None and stat is not None:
            key = stat_key(stat)
            cached = cache.get(name, key)
            if cached is not None:
                ids.extend(cached[0])
                texts.extend(cached[1])
                continue
            goals = ledger.file_goals(period_key)
            cache.put(name, key, goals)
        for goal in goals or ():
            ids.append(goal.id)
            texts.append(goal.text)
    cache.save(known)
    return ids, texts
