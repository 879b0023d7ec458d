"""Each document's headings, cached in ``.journal/headings.marshal`` by the digest of its text.

The review looks up the sections its prompts answer into (``documents.section_text``), which needs
the document's headings as markdown-it reads them. Parsing is cheap; importing markdown-it is not
(about a tenth of a ``review --print``). With the headings kept by the text's digest, a review of a
document it has seen before imports no parser. Derived and safe to delete, like every cache in
``.journal/``: an entry is used only for the very text it was made from; anything wrong with the
file makes it empty, never an error.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from journal.state_file import read_state, write_state

if TYPE_CHECKING:
    from pathlib import Path

    from journal.config import Journal

CACHE_NAME = "headings.marshal"
VERSION = 1  # of what document_headings gives: a change to it (the parser's settings) makes every entry stale
KEEP = 64  # documents kept (the periods reviewed lately); the rest are dropped, oldest first

Headings = tuple[tuple[int, int, str], ...]


class HeadingCache:
    """Documents' headings by document name and text digest; read once, saved when a text was parsed anew."""

    def __init__(self, journal: Journal) -> None:
        import sys

        self.path: Path = journal.state_dir / CACHE_NAME
        self.stamp = (VERSION, sys.version_info[:2])
        self.entries: dict[str, tuple[bytes, Headings]] = read_state(self.path, self.stamp, "entries")
        self.dirty = False

    def headings(self, name: str, text: str) -> Headings:
        """``documents.document_headings(text)``, from the cache when document ``name`` last had this text."""
        digest = _digest(text)
        entry = self.entries.get(name)
        try:
            if entry is not None and entry[0] == digest and _well_formed(entry[1]):
                return entry[1]
        except Exception:  # noqa: BLE001 - an entry of the wrong shape is a miss
            pass
        from journal.documents import document_headings

        found = document_headings(text)
        self.entries.pop(name, None)
        self.entries[name] = (digest, found)
        while len(self.entries) > KEEP:
            del self.entries[next(iter(self.entries))]
        self.dirty = True
        return found

    def save(self) -> None:
        """Write the cache when a text was parsed anew (quietly not, where .journal/ cannot be written)."""
        if self.dirty:
            write_state(self.path, self.stamp, "entries", self.entries)
        self.dirty = False


def _digest(text: str) -> bytes:
    """A digest of the text (BLAKE2b, without loading OpenSSL: ``journal.digests``)."""
    from journal.digests import blake2b_digest

    return blake2b_digest(text.encode("utf-8", "surrogatepass"), 16)


def _well_formed(headings: object) -> bool:
    """Whether a cached value has the shape ``document_headings`` gives (a damaged file gives anything)."""
    return isinstance(headings, tuple) and all(
        type(item) is tuple
        and len(item) == 3
        and type(item[0]) is int
        and type(item[1]) is int
        and type(item[2]) is str
        for item in headings
    )
