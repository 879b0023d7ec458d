"""The derived cache in ``.journal/``: parsed ledger files and the documents' stats and hashes (marshal).

Each ledger file has an entry of its own in the index (``ledger.marshal``):
its stat key and a summary (its goals' link rows: id, status, period,
carried_from, carried_to, see ``ledger/links.py``; the documents they were
found in; the hashes of its documents). Its goals, marshalled on their own,
live in one of the goal shards (``ledger/goal_shards.py``), read and decoded
only when that file's goals are wanted. So a command that needs one file's
goals (a sync of one document, ``done ID``) reads the summaries and one
shard; the lineage index and the status summary come from the link rows; and
saving the cache after a write rewrites the index and the shards of the
files it wrote, not every goal of the journal.
"""

from __future__ import annotations

import os

from journal.atomic import make_state_dir, write_atomic
from journal.cache_version import CACHE_VERSION  # its own module: journal.sync_check reads it
from journal.config import Journal, settings_record
from journal.ledger.links import LinkRow, encode_rows, link_row, well_formed
from journal.ledger.model import GOAL_FIELDS, Goal

__all__ = ["CACHE_VERSION", "Cache", "Summary", "stat_key"]

# A ledger file's summary: its goals' link rows (as ``links.encode_rows`` keeps them: ``links.decode_rows``
# gives the rows), the documents they were found in, its documents' hashes, and the words a new goal is
# linked by (``carry_links.identities``: a line per goal, in order; None when they could not be kept so).
Summary = tuple["str | tuple[LinkRow, ...]", tuple[str, ...], dict[str, str], "str | None"]


def stat_key(stat: os.stat_result) -> tuple[int, int, int, int]:
    """What a cache entry is keyed on: size, mtime and ctime (which no tool can set back), inode.

    Compared as a tuple: a key of another shape read from a damaged cache is a miss.
    """
    return (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)


class Cache:
    """The derived cache in ``.journal/``: parsed ledger files and the documents' stats and hashes.

    Every entry is keyed on its file's stat (``stat_key``); a stale entry is
    ignored. Marshal files (fast to load): ``documents.marshal``, small,
    read by every command, also holding the ledger files' stat keys;
    ``ledger.marshal``, the ledger files' summaries, read only by commands
    that need goals; ``goals/NN.marshal``, the parsed goals, read for the
    files a command touches. Anything wrong with one makes it empty, never an
    error; ``documents.marshal`` is written last and vouches for the others.
    """

    def __init__(self, journal: Journal, data: dict | None = None) -> None:
        """The cache of ``journal``; ``data``: documents.marshal as already loaded and checked (journal.sync_check)."""
        import sys

        self.folder = journal.state_dir
        self.root = journal.root
        self.version = (CACHE_VERSION, sys.version_info[:2])
        self.documents_dirty = False
        self.ledger_dirty = False
        self._save_pending = False
        self.documents: dict[str, tuple] = {}
        self.ledger_keys: dict[str, tuple] = {}
        self._ledger: dict[str, tuple] | None = None  # ledger file name -> (stat key, summary)
        self._shards: dict[int, dict[str, tuple]] = {}  # goal shards read: name -> (stat key, goals blob)
        self._written: set[str] = set()  # ledger files whose entry this process set (their shards are written)
        self.settings: str | None = None
        self.loaded_key: tuple | None = None  # documents.marshal's stat key when it was read (None: not read)
        data = data if data is not None else (self._load("documents.marshal") or {})
        self.loaded_key = data.get("read_key") or self.loaded_key
        self.config = data.get("config")  # journal.toml's stat key and the settings read from it (journal.config)
        documents, ledger_keys = data.get("documents"), data.get("ledger_keys")
        if isinstance(documents, dict) and isinstance(ledger_keys, dict):
            self.documents, self.ledger_keys = documents, ledger_keys
            settings = data.get("settings")
            self.settings = settings if isinstance(settings, str) else None

    def unchanged_since_loaded(self) -> bool:
        """Whether documents.marshal is still the file read (so no other command saved the cache since)."""
        if self.loaded_key is None:
            return False
        try:
            return stat_key(os.stat(self.folder / "documents.marshal")) == self.loaded_key
        except OSError:
            return False

    @property
    def dirty(self) -> bool:
        return self.documents_dirty or self.ledger_dirty or self._config_changed()

    def _config_changed(self) -> bool:
        """Whether this process read journal.toml other than the cache's record of it (then the record is saved)."""
        record = settings_record(self.root)
        return record is not None and record != self.config

    def _load(self, name: str) -> dict | None:
        import marshal

        try:
            with open(self.folder / name, "rb") as handle:
                read_key = stat_key(os.fstat(handle.fileno()))
                data = marshal.loads(handle.read())
            if isinstance(data, dict) and data.get("version") == self.version:
                if name == "documents.marshal":
                    self.loaded_key = read_key
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
                        key = self.ledger_keys.get(name)
                        if key is not None and entry[0] == key:
                            self._ledger[name] = entry
                    except Exception:  # noqa: BLE001 - an entry of the wrong shape is a miss
                        continue
        return self._ledger

    def _shard(self, shard: int) -> dict[str, tuple]:
        """The entries of goal shard ``shard``, read on first use."""
        entries = self._shards.get(shard)
        if entries is None:
            from journal.ledger.goal_shards import read_shard, shard_path

            entries = self._shards[shard] = read_shard(shard_path(self.folder, shard), self.version)
        return entries

    def ledger_entry(self, name: str, stat: os.stat_result) -> tuple[list[Goal], dict[str, str]] | None:
        """The goals and document hashes of ledger file ``name`` if the cache holds them for this stat."""
        key = stat_key(stat)
        if self.ledger_keys.get(name) != key:
            return None
        entry = self.ledger.get(name)
        try:
            if entry is not None and entry[0] == key:
                import marshal

                from journal.ledger.goal_shards import entry_blob, shard_of

                blob = entry_blob(self._shard(shard_of(name)), name, key)
                if blob is not None:
                    return [Goal(*row) for row in marshal.loads(blob)], dict(entry[1][2])
        except Exception:  # noqa: BLE001 - an entry of the wrong shape is a miss
            self.ledger.pop(name, None)
        return None

    def ledger_summary(self, name: str, stat: os.stat_result, key: tuple | None = None) -> Summary | None:
        """The link rows, sources and document hashes of ledger file ``name`` if cached for this stat (goals not
        decoded); ``key``: ``stat_key(stat)`` when the caller has it."""
        key = key if key is not None else stat_key(stat)
        if self.ledger_keys.get(name) != key:
            return None
        ledger = self._ledger if self._ledger is not None else self.ledger
        entry = ledger.get(name)
        try:
            if entry is not None and entry[0] == key:
                summary = entry[1]
                rows, sources, hashes, words = summary
                shaped = type(sources) is tuple and type(hashes) is dict and (words is None or type(words) is str)
                if shaped and well_formed(rows):
                    return summary
        except Exception:  # noqa: BLE001 - an entry of the wrong shape is a miss
            pass
        ledger.pop(name, None)
        return None

    def forget_ledger_files_gone(self, present: set[str] | dict[str, object]) -> None:
        """Forget the ledger files not in ``present`` (the folder as just listed): a file deleted by hand, or put
        back by a restore, would otherwise stay in ``ledger_keys`` for good, and every command would take the
        journal for changed (``reading.ledger_cached``) and make the status summary's open goals again."""
        gone = [name for name in self.ledger_keys if name not in present]
        for name in gone:
            del self.ledger_keys[name]
            if self._ledger is not None:
                self._ledger.pop(name, None)
        if gone:
            self.ledger_dirty = self.documents_dirty = True

    def ledger_current(self, name: str, stat: os.stat_result) -> bool:
        """Whether ledger file ``name`` is cached as it is (without loading the parsed goals)."""
        return self.ledger_keys.get(name) == stat_key(stat)

    def set_ledger_entry(self, name: str, stat: os.stat_result, goals: list[Goal], hashes: dict[str, str]) -> None:
        import marshal
        import operator

        from journal.ledger.goal_shards import shard_of

        key = stat_key(stat)
        fields = operator.attrgetter(*GOAL_FIELDS)  # a tuple of the goal's fields, in GOAL_FIELDS' order
        blob = marshal.dumps([fields(goal) for goal in goals])
        from journal.carry_links import identities

        rows = encode_rows(tuple(link_row(goal) for goal in goals))
        summary = (rows, tuple({goal.source: None for goal in goals}), dict(hashes), identities(goals))
        self.ledger[name] = (key, summary)
        self._shard(shard_of(name))[name] = (key, blob)
        self._written.add(name)
        self.ledger_keys[name] = key
        self.ledger_dirty = self.documents_dirty = True

    def document_sha(self, name: str, stat: os.stat_result) -> str | None:
        """The content hash recorded for document ``name`` if its stat is unchanged."""
        entry = self.documents.get(name)
        try:
            if entry is not None and entry[0] == stat_key(stat):
                return str(entry[1])
        except Exception:  # noqa: BLE001 - an entry of the wrong shape is a miss
            self.documents.pop(name, None)
        return None

    def stale_documents(
        self, documents: dict[str, os.stat_result], recorded: dict[str, str] | None = None
    ) -> list[str]:
        """The documents whose stat is not the one cached (``document_sha`` None), in order; with ``recorded``
        (document -> the hash the ledger records), also those whose cached hash is not the recorded one.

        One pass, as ``document_sha`` name by name would answer (an entry of the wrong shape goes), without a
        call per document: a sync of one changed document asks this of all 2,000.
        """
        entries = self.documents
        stale = []
        for name, stat in documents.items():
            entry = entries.get(name)
            if entry is not None:
                try:
                    if entry[0] == (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino):  # stat_key
                        sha = str(entry[1])
                        if recorded is None or recorded.get(name) == sha:
                            continue
                except Exception:  # noqa: BLE001 - an entry of the wrong shape is a miss
                    entries.pop(name, None)
            stale.append(name)
        return stale

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
                self._write_shards()
                data = {"version": self.version, "ledger": self._ledger}
                write_atomic(self.folder / "ledger.marshal", marshal.dumps(data), durable=False)
            if self.documents_dirty or self.ledger_dirty or self._config_changed():
                self.config = settings_record(self.root) or self.config
                data = {
                    "version": self.version,
                    "documents": self.documents,
                    "ledger_keys": self.ledger_keys,
                    "settings": self.settings,
                    "config": self.config,
                }
                write_atomic(self.folder / "documents.marshal", marshal.dumps(data), durable=False)
            self.documents_dirty = self.ledger_dirty = False
        except Exception:  # noqa: BLE001 - the cache is derived; failing to keep it loses nothing
            pass

    def _write_shards(self) -> None:
        """Write the goal shards of the ledger files whose entries this process set, each keeping only the entries
        the documents file will vouch for (the others are stale: their files changed or went)."""
        from journal.atomic import make_private_dir
        from journal.ledger.goal_shards import FOLDER, shard_of, shard_path, write_shard

        if not self._written:
            return
        make_private_dir(self.folder / FOLDER)
        keys = self.ledger_keys
        for shard in sorted({shard_of(name) for name in self._written}):
            entries = self._shard(shard)
            kept = {name: entry for name, entry in entries.items() if _current(entry, keys.get(name))}
            write_shard(shard_path(self.folder, shard), self.version, kept)
            self._shards[shard] = kept
        self._written.clear()


def _current(entry: object, key: tuple | None) -> bool:
    """Whether a shard's entry is for stat key ``key`` (an entry of the wrong shape is not)."""
    try:
        return key is not None and entry[0] == key  # type: ignore[index]
    except Exception:  # noqa: BLE001 - an entry of the wrong shape is dropped
        return False
