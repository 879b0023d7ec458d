"""The status summary's open goals kept from the last summary when a command changed no goal's links.

Every writing command leaves the summary ``journal status`` answers from
(``journal.status``); its open goals come from every goal's link row, which a
ledger of 10,000 goals takes a while to walk. A sync that changed one
document's text but no goal's status, period or links leaves them as they
were: then they are taken from the last summary. Only when it was made from
exactly the ledger files this command read (their stat keys, fingerprinted,
are kept in the summary) and this command changed no link row; in every other
case they are made again from the rows.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from journal.config import Journal
    from journal.ledger import Ledger


def fingerprint(keys: dict[str, tuple]) -> str:
    """One string standing for the ledger files' stat keys (name -> key)."""
    import marshal

    from journal.digests import blake2b_hex

    # marshal's version 0: later versions' bytes depend on which equal objects are shared, not only on values.
    return blake2b_hex(marshal.dumps(sorted(keys.items()), 0), 16)


def ledger_files_after(ledger: Ledger | None, cache_keys: dict[str, tuple]) -> dict[str, tuple] | None:
    """Each ledger file's stat key once this command's writes are saved: as read, then as the cache has them
    (the files it wrote, and made). A key that is not the file's makes the next command's fingerprint differ,
    so its open goals are made again: never wrongly kept."""
    file_keys = getattr(ledger, "file_keys", None)
    return {**file_keys, **cache_keys} if file_keys is not None else None


def last_summary(journal: Journal) -> dict | None:
    """The summary the last writing command left, without its ``sources``, if it is of this version (else None)."""
    from journal.status import SUMMARY_NAME, unpack_summary

    try:
        # Without its stat keys: only `journal status` compares them (journal.status_fast).
        return unpack_summary((journal.state_dir / SUMMARY_NAME).read_bytes(), with_sources=False)
    except Exception:  # noqa: BLE001 - none, or damaged: made again
        return None


def kept_open_facts(ledger: Ledger | None, last: dict | None) -> list[tuple[str, int]] | None:
    """The last summary's open goals' facts if they still hold for ``ledger`` as this command leaves it (or hold
    once the goals it added or changed, none of them linked, are counted), else None."""
    file_keys = getattr(ledger, "file_keys", None)
    changes = ledger.row_changes() if file_keys is not None and last is not None else None  # type: ignore[union-attr]
    if changes is None:
        return None
    try:
        if last["ledger"] != fingerprint(file_keys):  # type: ignore[index]
            return None
        facts = last["open"]  # type: ignore[index]
        if not isinstance(facts, list):
            return None
    except Exception:  # noqa: BLE001 - no summary, or one of another shape: made again
        return None
    return _counted(ledger, list(facts), changes) if changes else facts


def _counted(ledger: Ledger, facts: list[tuple[str, int]], changes: list) -> list[tuple[str, int]] | None:
    """``facts`` with each changed goal counted as it is now, if none is linked (a lineage of its own: carried
    0 times); None when one is, or is named by another's link (its lineage changed: made again)."""
    from journal.ledger.links import OPEN_ROW_STATUSES

    for old, new in changes:
        if any(row is not None and (row[3] or row[4]) for row in (old, new)) or ledger.names_anywhere(new[0]):
            return None
        if old is not None and old[1] in OPEN_ROW_STATUSES:
            if (old[2], 0) not in facts:
                return None
            facts.remove((old[2], 0))
        if new[1] in OPEN_ROW_STATUSES:
            facts.append((new[2], 0))
    return facts
