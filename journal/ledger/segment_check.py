"""Reading back an edit of a plain ledger file table by table, instead of the whole file.

``LedgerFileEdit`` checks that a ledger file as edited reads (tomllib) as the
old file plus exactly the change. Reading the whole file costs one full parse
per file; ``journal new`` edits dozens of files of hundreds of goals each to
mark a few goals carried. In a plain file (``toml_text._is_plain``: every line
is what it looks like on its own) the file is a run of tables, each from its
header line to the next one, and a table's keys are defined only by its own
lines, unless another table's header or dotted keys reach into it. So when

- the old text and the new one's changed tables are plain, with the same header lines in the
  same order (the new one may add a ``[documents]`` table at its end),
- every table the edit does not touch is byte for byte what it was, and so is
  whatever comes before the first header,
- no other header names a touched table, a table inside it or one around it,
  and nothing before the first header defines a key in the touched tables' top
  table (``goals``, ``documents``),

the new file reads as the old one with only the touched tables replaced, and
the check reads just those: the old tables (with the change made in memory)
must equal the new ones. Any condition not met answers None, and the caller
reads the whole file as before.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from journal.ledger.model import DOCUMENTS_TABLE

# A header line of a plain file, from the line ending before it: its brackets and its name (bare keys only,
# which the layout check ensures). Searched for "\n" first, where a pattern anchored at each line start would be
# tried at every character.
_HEADER = re.compile(r"\n[ \t]*\[(\[?)([A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*)\]")

Table = tuple[str, str]  # (name, "[" for a table or "[[" for an array of tables)


def _tables(text: str) -> tuple[str, list[Table], list[str]]:
    """What comes before the first header, each table's header (name, brackets), and each table's text."""
    found = list(_HEADER.finditer("\n" + text))  # the first line too (positions then one further on)
    starts = [match.start() for match in found] + [len(text)]
    headers = [(match[2], "[" + match[1]) for match in found]
    texts = [text[starts[i] : starts[i + 1]] for i in range(len(found))]
    return text[: starts[0]], headers, texts


def _prefixes(name: str) -> list[str]:
    """``a``, ``a.b`` for ``a.b.c``: the tables around table ``name``."""
    parts = name.split(".")
    return [".".join(parts[:end]) for end in range(1, len(parts))]


def _reaches(name: str, touched: set[str], around: set[str]) -> bool:
    """Whether table ``name`` is a touched one, inside one, or around one (``around``: their prefixes)."""
    return name in touched or name in around or any(prefix in touched for prefix in _prefixes(name))


def _joined(texts: list[str]) -> str:
    """Tables' texts as one document (each on lines of its own)."""
    return "".join(text if text.endswith("\n") else text + "\n" for text in texts)


def _touched_texts(old: str, new: str, touched: set[str]) -> tuple[str, list[str], list[str], list[str]] | None:
    """What comes before the first header, and the names and the old and new texts of the touched tables, in
    file order; None when the edit changed anything else, or another header reaches into a touched table."""
    old_head, old_headers, old_texts = _tables(old)
    new_head, new_headers, new_texts = _tables(new)
    if old_head != new_head:
        return None
    if new_headers != old_headers:
        # The one table an edit adds to the end: the documents table, when the file had none.
        added = new_headers[len(old_headers) :] == [(DOCUMENTS_TABLE, "[")] and new_headers[:-1] == old_headers
        if not added or DOCUMENTS_TABLE not in touched:
            return None
        old_texts = [*old_texts, ""]
    around = {prefix for table in touched for prefix in _prefixes(table)}
    # A name is inside a touched table when one is a prefix of it (_reaches): when it starts with one and a dot.
    inside = tuple(f"{table}." for table in touched)
    names, old_tables, new_tables = [], [], []
    for (name, brackets), old_text, new_text in zip(new_headers, old_texts, new_texts, strict=True):
        if name in touched and brackets == "[":
            names.append(name)
            old_tables.append(old_text)
            new_tables.append(new_text)
        elif old_text != new_text or name in touched or name in around or name.startswith(inside):
            return None  # another header names a touched table (or one inside or around it), or it changed
    if len(new_tables) != len(touched):
        return None  # a touched table is missing, or named twice
    return new_head, names, old_tables, new_tables


def read_back_by_table(
    old: str,
    new: str,
    touched: set[str],
    intended: Callable[[dict], dict],
    reading: Callable[[str], dict | None],
    is_plain: Callable[[str], bool],
) -> bool | None:
    """Whether ``new`` reads as ``old`` with ``intended``'s change, checked on the ``touched`` tables alone.

    ``touched``: the names of the tables the edit changes (``goals.ID``, ``documents``); ``intended``
    makes the change to tomllib's reading of the old tables; ``reading`` is tomllib's reading of a
    text (None when it cannot be read); ``is_plain`` the layout check. The caller has checked that
    ``old`` is plain; ``new`` then is when the tables it changes are (the others are what they were,
    and plain pieces, each ending a line, make a plain text). None when the file's layout does not
    allow a check by table (the caller reads the file whole).
    """
    found = _touched_texts(old, new, touched) if touched else None
    if found is None:
        return None
    head, names, old_tables, new_tables = found
    new_text = _joined(new_tables)
    if not is_plain(new_text):
        return None  # then its header lines may not be what they look like
    if any(line.strip() and not line.lstrip().startswith("#") for line in head.splitlines()):  # not comments only
        top = reading(head)
        if top is None or any(table.split(".")[0] in top for table in touched):
            return None
    before = reading(_joined(old_tables))
    if before is None:
        return None
    after = _new_reading(names, old_tables, new_tables, before, reading)  # before intended changes ``before``
    if after is None:
        return False
    return after == intended(before)


def _new_reading(
    names: list[str], old_tables: list[str], new_tables: list[str], before: dict, reading: Callable[[str], dict | None]
) -> dict | None:
    """``reading(_joined(new_tables))``: a goal's table from ``before``'s reading of it and its changed entries
    (``entry_diff``) where its layout allows, the others read as they are now; None when they do not read."""
    from journal.ledger.entry_diff import new_reading

    after: dict = {}
    whole = []
    old_goals = before.get("goals")
    for name, old_table, new_table in zip(names, old_tables, new_tables, strict=True):
        scope, _dot, goal_id = name.partition(".")
        old_values = old_goals.get(goal_id) if scope == "goals" and isinstance(old_goals, dict) else None
        found = new_reading(old_table, new_table, old_values, reading) if isinstance(old_values, dict) else None
        if found is False:
            return None
        if found is None:
            whole.append(new_table)
        else:
            after.setdefault("goals", {})[goal_id] = found
    if whole:
        read = reading(_joined(whole))
        if read is None:
            return None
        for key, value in read.items():
            if key == "goals" and isinstance(value, dict):
                after.setdefault("goals", {}).update(value)
            else:
                after[key] = value
    return after
