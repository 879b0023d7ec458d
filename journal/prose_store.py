"""What sync keeps of each document's last full parse (``.journal/prose/``), and the extraction that uses it.

A document whose edit since that parse is confined to free prose
(``journal.prose_edit``) gets its goals from the record, with line numbers
shifted, without importing markdown-it. The records live apart from the main
cache (which every command loads), in ``SHARDS`` files by a hash of the
document's name, so that one document's record is found reading about
1/64th of them. A record is checked against the document's text itself,
never against a version or a date, so a record left from any earlier text
is either still right or not used; losing the folder only costs a parse.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing itself is not imported: a sync of one document edited in its prose imports this
if TYPE_CHECKING:
    from pathlib import Path

    from journal.config import Journal
    from journal.errors import DocumentError
    from journal.extract_many import Extracted
    from journal.periods import Period
    from journal.prose_edit import Record

SHARDS = 64
FORMAT = 1  # bump when journal.extract or journal.prose_edit reads a document differently


def _shard(name: str) -> int:
    from zlib import crc32

    return crc32(name.encode("utf-8", "surrogatepass")) % SHARDS


def records_folder(journal: Journal) -> Path:
    """Where the records are kept (a folder journal writes in: a killed sync's temporary files are swept there)."""
    return journal.state_dir / "prose"


def _path(journal: Journal, shard: int) -> Path:
    return records_folder(journal) / f"{shard:02d}.marshal"


def _stamp(journal: Journal) -> tuple:
    """What every record depends on besides the text: the format, the Python, the settings that shape extraction
    (goal words, fiscal year, the status table: the goals' original order is kept in the words)."""
    import sys

    from journal.config import settings_key

    settings = journal.settings
    return (FORMAT, sys.version_info[:2], settings_key(journal), tuple(settings.goal_words))


def extract_documents(
    journal: Journal, to_parse: list[tuple[str, str, Period, str]], *, full: bool = False, keep: bool = True
) -> list[Extracted | DocumentError]:
    """The goals of each (name, text, period, digest) of ``to_parse``: from its record when only its free prose
    changed since (unless ``full``), else from a full parse, whose record is then kept (unless not ``keep``: a
    dry run writes nothing, not even a cache)."""
    from journal.state_file import read_state

    stamp = _stamp(journal)
    found: list[Extracted | DocumentError | None] = [None] * len(to_parse)
    shards: dict[int, dict] = {}
    if not full:
        from journal.prose_edit import known_result

        for index, (name, text, period, _digest) in enumerate(to_parse):
            shard = _shard(name)
            if shard not in shards:
                shards[shard] = read_state(_path(journal, shard), stamp, "records")
            kept = shards[shard].get(name)
            if kept is not None:
                found[index] = known_result(kept, text, period.key)
    pending = [index for index, result in enumerate(found) if result is None]
    if not pending:
        return found  # type: ignore[return-value] - all answered from their records
    from journal.extract_many import extract_many

    records: list[Record | None] = []
    parsed = extract_many(
        [(to_parse[index][1], to_parse[index][2]) for index in pending],
        journal.settings.goal_words,
        journal.settings.statuses,
        records=records if keep else None,
    )
    fresh: dict[str, Record] = {}
    for index, result, kept in zip(pending, parsed, records or [None] * len(parsed), strict=True):
        found[index] = result
        if kept is not None:
            fresh[to_parse[index][0]] = kept
    _keep(journal, stamp, shards, fresh)
    return found  # type: ignore[return-value] - every None was filled


def _keep(journal: Journal, stamp: tuple, shards: dict[int, dict], fresh: dict[str, Record]) -> None:
    """Write the records of the documents just parsed into their shards (quietly nothing when that fails)."""
    if not fresh or not journal.state_dir.is_dir():
        return
    from journal.state_file import read_state, write_state

    by_shard: dict[int, dict[str, Record]] = {}
    for name, kept in fresh.items():
        by_shard.setdefault(_shard(name), {})[name] = kept
    folder_made = (journal.state_dir / "prose").is_dir()
    for shard, records in by_shard.items():
        path = _path(journal, shard)
        current = shards[shard] if shard in shards else read_state(path, stamp, "records")
        current.update(records)
        if not folder_made:
            from journal.atomic import make_private_dir
            from journal.errors import StorageError

            try:
                make_private_dir(path.parent)
            except StorageError:
                return  # the records are derived: without them the next sync parses
            folder_made = True
        write_state(path, stamp, "records", current)
