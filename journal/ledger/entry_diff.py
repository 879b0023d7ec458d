"""A touched table's new reading from its old one, reading only the entries the edit changed.

``segment_check`` reads a plain ledger file's touched tables as they were and
as they are (tomllib, twice). A goal's table as journal writes it is a run of
``key = value`` lines and one ``history = [`` ... ``]`` block, and an edit of
it sets a few lines and adds one history entry before the ``]``. Here the new
table is read from the old one's reading, where the text says it is the same:

- a table (plain, so every line is what it looks like on its own) is a header
  line, then blank and comment lines, one-line ``key = value`` entries and
  ``key = [`` ... ``]`` blocks, each key a bare one (no dots, no quotes: else
  None, and the caller reads the table whole);
- an entry of the new table whose lines are exactly those of the old entry of
  its key has that entry's old value (a value is read from its own text alone);
- a block whose new lines are its old ones with lines added before its ``]``
  line has the old items, then the items tomllib reads from the added lines
  following the old block's last item line and the lines after it (that
  reading fails when no comma separates them, as the whole one would);
- every other entry is read, all of them together, by tomllib (a key set twice
  there fails as it would in the table); and no key may be set twice in the
  new table.

So the answer is tomllib's reading of the new table, or None (read it whole),
or False: the new table cannot be read. A hypothesis test holds it to
tomllib's reading of the whole new table.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

_SKIPPED = re.compile(r"[ \t]*(?:#[^\n]*)?\r?")  # a blank line or a comment, on its own line (fullmatch)
_KEY = re.compile(r"[ \t]*([A-Za-z0-9_-]+)[ \t]*=")  # an entry's bare key (match)
_BLOCK_REST = re.compile(r"[ \t]*\[[ \t]*(?:#[^\n]*)?\r?")  # after the key's "=": a block starts (fullmatch)
_BLOCK_END = re.compile(r"[ \t]*\][ \t]*(?:#[^\n]*)?\r?")  # fullmatch

Entries = dict[str, list[str]]


def entries(table: str) -> Entries | None:
    """The table's entries, each key's lines in order (a block from ``key = [`` to ``]``); None when a key is
    not a bare one, is set twice, or a block does not end."""
    lines = table.split("\n")
    found: Entries = {}
    index, count = 1, len(lines)  # lines[0]: the header line
    while index < count:
        line = lines[index]
        match = _KEY.match(line)
        if match is None:
            if _SKIPPED.fullmatch(line) is None:
                return None
            index += 1
            continue
        key = match[1]
        if _BLOCK_REST.fullmatch(line, match.end()) is not None:
            end = index + 1
            while end < count and _BLOCK_END.fullmatch(lines[end]) is None:
                end += 1
            if end == count:
                return None
            taken = lines[index : end + 1]
            index = end + 1
        else:
            taken = [line]
            index += 1
        if key in found:
            return None
        found[key] = taken
    return found


def _appended(old: list[str], new: list[str]) -> tuple[list[str], str] | None:
    """When block ``new`` is block ``old`` with lines added before its ``]`` line: the lines that hold the items
    it gained, ``]`` line included, and where they start: "item" (with the old block's last item line),
    "comma" (after it) or "empty" (the old block had no item). None otherwise.

    They are the lines after the old block's last item line when that line ends in a comma outside any
    comment (no ``#`` on it: in a plain line, a final comma is then the array's), and the array read from
    them as ``x = [`` + lines reads as it does after that comma; else they start with that item line.
    """
    if len(old) < 2 or len(new) <= len(old) or new[-1] != old[-1] or new[: len(old) - 1] != old[:-1]:
        return None
    last_item = next((i for i in range(len(old) - 2, 0, -1) if not _SKIPPED.fullmatch(old[i])), None)
    if last_item is None:
        return new[1:], "empty"
    line = old[last_item]
    if "#" not in line and line.rstrip(" \t\r").endswith(","):
        return new[last_item + 1 :], "comma"
    return new[last_item:], "item"


def new_reading(
    old_table: str, new_table: str, old_values: dict[str, Any], reading: Callable[[str], dict | None]
) -> dict[str, Any] | None | bool:
    """tomllib's reading of the table ``new_table`` (its keys and values), from ``old_values``, the reading of
    ``old_table``; None when the layout does not allow it (read the table whole), False when it does not read."""
    old, new = entries(old_table), entries(new_table)
    if old is None or new is None or set(old) != set(old_values):
        return None
    values: dict[str, Any] = {}
    changed: list[str] = []
    changed_keys: set[str] = set()
    blocks: list[tuple[str, str, str]] = []  # key, the lines to read as an array, where they start (_appended)
    for key, lines in new.items():
        before = old.get(key)
        if before == lines:
            value = old_values[key]
            values[key] = list(value) if isinstance(value, list) else value  # the caller changes the old ones
            continue
        added = _appended(before, lines) if before is not None and isinstance(old_values[key], list) else None
        if added is not None:
            tail, start = added
            blocks.append((key, "\n".join(["x = [", *tail]), start))
        else:
            changed.extend(lines)
            changed_keys.add(key)
    if changed:
        read = reading("\n".join(changed) + "\n")
        if read is None:
            return False
        if set(read) != changed_keys:
            return None
        values.update(read)
    return _read_blocks(blocks, old_values, values, reading)


def _read_blocks(
    blocks: list[tuple[str, str, str]],
    old_values: dict[str, Any],
    values: dict[str, Any],
    reading: Callable[[str], dict | None],
) -> dict[str, Any] | None | bool:
    """``values`` with each block that gained lines read: its old items, then those the added lines hold."""
    for key, text, start in blocks:
        read = reading(text + "\n")
        if read is None:
            return False
        items, kept = read["x"], old_values[key]
        if start == "item":
            if not kept or items[:1] != kept[-1:]:
                return None
            items = items[1:]
        elif (start == "empty") == bool(kept):
            return None  # the old reading does not agree with its lines
        values[key] = [*kept, *items]
    return values
