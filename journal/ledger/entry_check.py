"""Checking an edited goal table entry by entry, reading only the lines the edit wrote.

``segment_check`` reads back an edit of a plain ledger file table by table:
the old touched tables and the new ones, each read with tomllib, must differ by
exactly the change. Reading the old tables whole is most of that cost: a
goal's table is mostly its history, which the edit leaves as it is. Here a
goal's new table is checked against its old one without reading the old one:

- both tables are runs of one-line ``key = value`` entries and ``key = [`` ...
  ``]`` blocks with bare keys, each key once (``entry_diff.entries``), and the
  new table has exactly the old keys, less those the edit removes, plus those
  it sets (and ``history`` when it appends to it);
- an entry the edit does not name has exactly its old lines, so it reads as it
  did (in a plain table a value is read from its own lines alone);
- the entries the edit sets, read together with tomllib, are exactly the
  values it set (as ``LedgerFileEdit._intended`` makes them);
- the history block is the old one with lines added before its ``]`` line,
  after an item line ending in a comma (or in a block with no item), and those
  lines read as exactly the entries appended; a history the table did not have
  is read like a set entry.

The old table read as it did when the ledger was loaded (a ledger file that
cannot be read is never one a ledger was loaded from), so the new one reads as
the old one with the change. Anything else answers None, and the caller reads
the tables whole, as before. A hypothesis test holds the answer to tomllib's
reading of the whole old and new files.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from journal.ledger.entry_diff import _appended, entries

HISTORY = "history"


def goal_table_as_intended(
    old_table: str,
    new_table: str,
    intended: dict[str, Any],
    named: set[str],
    reading: Callable[[str], dict | None],
) -> bool | None:
    """True when ``new_table`` (the edit of goal table ``old_table``) reads as the old one with the change.

    ``intended``: the values the edit sets, as read (its appended history entries under ``history``);
    ``named``: every field the edit sets or removes. None: cannot tell this way (read the tables whole).
    """
    old, new = entries(old_table), entries(new_table)
    if old is None or new is None or HISTORY in named:
        return None
    removed = named - set(intended)
    appended = intended.get(HISTORY) if HISTORY in old else None
    if set(new) != (set(old) - removed) | set(intended):
        return None
    expected: dict[str, Any] = {}
    lines: list[str] = []
    for key, new_lines in new.items():
        if appended is not None and key == HISTORY:
            continue
        if key in intended:
            expected[key] = intended[key]
            lines.extend(new_lines)
        elif old[key] != new_lines:
            return None  # changed, but not by the edit
    if lines:
        read = reading("\n".join(lines) + "\n")
        if read is None or read != expected:
            return None
    return True if appended is None else _history_as_intended(old[HISTORY], new[HISTORY], appended, reading)


def _history_as_intended(
    old: list[str], new: list[str], appended: list[Any], reading: Callable[[str], dict | None]
) -> bool | None:
    """Whether history block ``new`` is block ``old`` with lines added that read as ``appended`` exactly."""
    added = _appended(old, new)
    if added is None or added[1] == "item":
        return None  # not lines added after a comma (or into an empty block): read the tables whole
    read = reading("\n".join(["x = [", *added[0]]) + "\n")
    return True if read is not None and read.get("x") == appended else None
