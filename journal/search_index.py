"""Which documents can hold a plain pattern: the words of each document indexed, so a search reads only those.

`journal search pipeline` must find the lines of every document holding
"pipeline" in any case. Reading and lower-casing 2,000 documents (11 MB) is
most of its time, though four in five cannot match. The index in
``.journal/search-words.marshal`` keeps, for each word (a run of ASCII
letters and digits, lower-cased) of the ASCII documents, the set of
documents holding it (a bit per document). A match of a plain ASCII pattern
in an ASCII document puts each of the pattern's words inside one of the
document's words, so only documents with, for each of the pattern's words, a
word containing it can match: only those are read. A document not indexed as
it is now (new, changed, not ASCII, unreadable) is always read, and indexed
then. Keyed on each document's stat like the rest of the cache; derived and
safe to delete.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import os

    from journal.config import Journal

INDEX_FILE = "search-words.marshal"
INDEX_VERSION = 1
# Every byte but an ASCII letter or digit becomes a space: the words are what split() then gives.
_WORD_BYTES = b"0123456789abcdefghijklmnopqrstuvwxyz"
_SPACED = bytes(byte if byte in _WORD_BYTES else 32 for byte in range(256))


def words_of(lowered: bytes) -> set[bytes]:
    """The words of lower-cased ASCII bytes: each run of letters and digits, once."""
    return set(lowered.translate(_SPACED).split())


class WordIndex:
    """The words of the journal's ASCII documents, each with the documents holding it (bits by position)."""

    def __init__(self, journal: Journal) -> None:
        import marshal

        self.path = journal.state_dir / INDEX_FILE
        self.version = (INDEX_VERSION, sys.version_info[:2])
        self.names: list[str] = []  # a document's position is its bit in ``words``
        self.keys: list[tuple | None] = []  # the stat key each was indexed for (None: not indexed)
        self.words: dict[bytes, int] = {}
        self.dirty = False
        self._cleared = 0  # positions whose bits go when saved (indexed again, or gone)
        self._added: dict[bytes, list[int]] = {}  # word -> positions of the documents indexed now (merged when saved)
        try:
            data = marshal.loads(self.path.read_bytes())
            if isinstance(data, dict) and data.get("version") == self.version:
                names, keys, words = data["names"], data["keys"], data["words"]
                if type(names) is list and type(keys) is list and len(names) == len(keys) and type(words) is dict:
                    self.names, self.keys, self.words = names, keys, words
        except Exception:  # noqa: BLE001 - a missing or damaged index is an empty one
            pass
        self.position = {name: at for at, name in enumerate(self.names)}

    def candidates(self, documents: dict[str, os.stat_result], quick: str) -> set[str]:
        """The documents that can hold the lower-case ASCII words ``quick``: those whose indexed words allow
        it, and every document not indexed as it is now."""
        from journal.ledger.cache import stat_key

        possible = -1  # every position
        for part in words_of(quick.encode("ascii")):
            holding = 0
            for word, bits in self.words.items():
                if part in word:
                    holding |= bits
            possible &= holding
        found = set()
        for name, stat in documents.items():
            at = self.position.get(name)
            if at is None or self.keys[at] is None or self.keys[at] != stat_key(stat) or possible >> at & 1:
                found.add(name)
        return found

    def record(self, name: str, stat: os.stat_result, lowered: bytes | None) -> None:
        """Index document ``name`` as read for ``stat``: its lower-cased bytes if ASCII, else None (not indexed)."""
        from journal.ledger.cache import stat_key

        key = stat_key(stat) if lowered is not None else None
        at = self.position.get(name)
        if at is not None and self.keys[at] == key:
            return  # indexed as it is, or not indexed and still not to be
        if at is None:
            at = self.position[name] = len(self.names)
            self.names.append(name)
            self.keys.append(None)
        elif self.keys[at] is not None:
            self._cleared |= 1 << at
        self.keys[at] = key
        self.dirty = True
        if lowered is not None:
            added = self._added
            for word in words_of(lowered):
                if word in added:
                    added[word].append(at)
                else:
                    added[word] = [at]

    def save(self, documents: dict[str, os.stat_result]) -> None:
        """Write the index if it changed (documents gone are forgotten); a failure to write loses nothing."""
        for name, at in self.position.items():
            if name not in documents and self.keys[at] is not None:
                self.keys[at] = None
                self._cleared |= 1 << at
                self.dirty = True
        if not self.dirty:
            return
        import marshal

        from journal.atomic import make_state_dir, write_atomic

        if len(self.names) > 2 * len(documents) + 100:  # mostly documents gone: start again (read them all once)
            self.names, self.keys, self.words, self._cleared, self._added = [], [], {}, 0, {}
        words = self.words
        if self._cleared:
            keep = ~self._cleared
            words = {word: left for word, bits in words.items() if (left := bits & keep)}
        size = (len(self.names) + 7) // 8
        for word, positions in self._added.items():
            bits = bytearray(size)
            for at in positions:
                bits[at >> 3] |= 1 << (at & 7)
            words[word] = words.get(word, 0) | int.from_bytes(bits, "little")
        data = {"version": self.version, "names": self.names, "keys": self.keys, "words": words}
        try:
            make_state_dir(self.path.parent)
            write_atomic(self.path, marshal.dumps(data), durable=False)
        except Exception:  # noqa: BLE001 - the index is derived; failing to keep it loses nothing
            pass
