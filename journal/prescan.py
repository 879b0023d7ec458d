"""What the console script's first look at a bare ``journal sync`` found, handed on to the command it then runs.

``journal.entry`` looks whether a bare ``journal sync`` has anything to do
before click is imported: it loads the cache and scans the documents. When
something must be synced, the full command runs in the same process and would
load the same cache and scan the same 2,000 documents again, a few
milliseconds later, only to decide again whether to take the lock. It takes
this look instead (once: ``take`` hands it out a single time). Nothing is lost
by it being a few milliseconds old: under the lock the sync scans the
documents again (``sync.resync``), and every cache entry is keyed on its
file's stat, so an entry that went stale meanwhile is a miss.

Only the console script keeps a look (one process, one command); code that
calls ``sync_journal`` in a long-lived process never finds one.
"""

from __future__ import annotations

import os

TYPE_CHECKING = False  # typing itself is not imported: a bare sync's fast path imports this module

if TYPE_CHECKING:
    from journal.config import Journal
    from journal.ledger import Cache

_kept: tuple[str, str, Cache | dict, dict[str, os.stat_result], list[str]] | None = None
_kept_journal: Journal | None = None


def keep(journal: Journal, cache: Cache | dict, documents: dict[str, os.stat_result], links: list[str]) -> None:
    """Keep this look at ``journal`` (its cache as loaded, or documents.marshal's data as loaded and checked
    (``journal.sync_check``), its documents' stats, its symbolic links)."""
    global _kept, _kept_journal
    _kept = (str(journal.root), str(journal.entries_dir), cache, documents, links)
    _kept_journal = journal


def kept_journal() -> Journal | None:
    """The journal of the look kept, if any (not taking it): a bare sync runs on it (``journal.bare_sync``)."""
    return _kept_journal if _kept is not None else None


def take(journal: Journal) -> tuple[Cache, dict[str, os.stat_result], list[str]] | None:
    """The look kept at this same journal and entries folder, once; None when there is none."""
    global _kept
    kept, _kept = _kept, None
    if kept is None or kept[:2] != (str(journal.root), str(journal.entries_dir)):
        return None
    cache = kept[2]
    if isinstance(cache, dict):
        from journal.ledger import Cache

        cache = Cache(journal, data=cache)
    elif cache.dirty:
        return None
    return cache, kept[3], kept[4]
