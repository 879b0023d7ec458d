"""The period each document's file name names, kept in ``.journal/names.marshal``.

``places.period_documents`` asks every document's name which period it names
(``periods.period_from_filename``: a pattern, then a Period made and checked), which is most of
what finding a period's documents costs in a journal of hundreds. What a name names depends on the
name and the fiscal year's start only, so the answers are kept by name and never go stale; a
name not kept yet is asked and kept. Derived and safe to delete: anything wrong with the file
makes it empty, never an error.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from journal.state_file import read_state, write_state

if TYPE_CHECKING:
    from journal.config import Journal

CACHE_NAME = "names.marshal"
VERSION = 1  # of what period_from_filename reads in a name: a change to it makes every answer stale


class NamePeriods:
    """Document name -> the key of the period its file name names ("" when it names none)."""

    def __init__(self, journal: Journal) -> None:
        import sys

        self.path = journal.state_dir / CACHE_NAME
        self.fiscal = journal.settings.fiscal_year_start
        self.stamp = (VERSION, sys.version_info[:2], self.fiscal)
        self.keys: dict[str, str] = read_state(self.path, self.stamp, "keys")
        self.dirty = False

    def key_of(self, name: str, stem: str) -> str | None:
        """The key of the period ``stem`` (``name``'s file name without ``.md``) names, None when it names none."""
        key = self.keys.get(name)
        if type(key) is not str:
            from journal.periods import period_from_filename

            named = period_from_filename(stem, self.fiscal)
            key = self.keys[name] = named[0].key if named is not None else ""
            self.dirty = True
        return key or None

    def save(self, names: object) -> None:
        """Write the answers when one was asked anew, keeping only those of ``names`` (the documents now)."""
        if self.dirty:
            kept = {name: key for name, key in self.keys.items() if name in names}  # type: ignore[operator]
            write_state(self.path, self.stamp, "keys", kept)
        self.dirty = False
