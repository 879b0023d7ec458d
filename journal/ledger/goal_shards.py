"""Where the cache keeps each ledger file's goals: ``.journal/goals/NN.marshal``, by a hash of the file's name.

The cache's index (``ledger.marshal``: each ledger file's stat key and
summary) is read by every command that needs goals; the goals themselves,
the bulk of the bytes, are read only for the files a command touches. So
they live apart, in ``SHARDS`` files by a CRC of the ledger file's name
(one ledger file's goals are found reading about 1/64th of them, and a
sync of one document rewrites one shard, not every goal of the journal).

A shard maps a ledger file's name to (its stat key, its goals marshalled
as rows of ``GOAL_FIELDS``). An entry is used only when its key is the one
the cache's documents file holds for that ledger file (``Cache.ledger_keys``,
written last, after the shards): a shard that is missing, damaged, of
another version or left by a command killed half-way is a miss, and the
ledger file is read from its TOML.
"""

from __future__ import annotations

import os

TYPE_CHECKING = False  # typing itself is not imported: a sync of one changed document imports this
if TYPE_CHECKING:
    from pathlib import Path

SHARDS = 64
FOLDER = "goals"  # inside .journal/


def shard_of(name: str) -> int:
    """The shard that holds ledger file ``name``'s goals (the same in every process: not Python's hash)."""
    from zlib import crc32

    return crc32(name.encode("utf-8", "surrogatepass")) % SHARDS


def shard_path(state_dir: Path | str, shard: int) -> str:
    """The path of goal shard ``shard`` (a string: a review reads some thirty of them)."""
    return f"{state_dir}{os.sep}{FOLDER}{os.sep}{shard:02d}.marshal"


def read_shard(path: Path | str, version: tuple) -> dict[str, tuple]:
    """The entries of one shard (ledger file name -> (stat key, goals blob)); empty when the file is missing,
    damaged, of another version or of the wrong shape. Entries are checked when used (``entry_blob``)."""
    import marshal

    try:
        with open(path, "rb", buffering=0) as handle:  # read whole: no buffer object needed
            data = marshal.loads(handle.readall())
        if isinstance(data, dict) and data.get("version") == version:
            goals = data.get("goals")
            if isinstance(goals, dict):
                return goals
    except Exception:  # noqa: BLE001 - a missing or damaged shard is an empty one
        pass
    return {}


def entry_blob(entries: dict[str, tuple], name: str, key: tuple) -> bytes | None:
    """Ledger file ``name``'s goals blob from a shard's entries if it is there for stat key ``key``."""
    entry = entries.get(name)
    try:
        if entry is not None and entry[0] == key and isinstance(entry[1], bytes):
            return entry[1]
    except Exception:  # noqa: BLE001 - an entry of the wrong shape is a miss
        pass
    return None


def write_shard(path: Path | str, version: tuple, entries: dict[str, tuple]) -> None:
    """Replace one shard (atomically, not synced to disk: it is derived; the caller makes the folder)."""
    import marshal
    from pathlib import Path

    from journal.atomic import write_atomic

    write_atomic(Path(path), marshal.dumps({"version": version, "goals": entries}), durable=False)
