"""A document edited only in its prose: its goals without parsing it again.

A *prose line* starts with an ASCII letter in column 0 and holds no ``|``.
Inside a paragraph at document level such a line can never start, interrupt
or close a block: every block start (indented code, fences, headings, setext
underlines, thematic breaks, lists, block quotes, HTML, reference
definitions, front matter) begins with a space, a digit or punctuation, and
a table needs a ``|`` in its header line. The *skeleton* of a text is its
lines with each maximal run of prose lines replaced by one hole; two texts
with the same skeleton differ only in the contents and lengths of their
prose runs.

From the last full parse of a document (``record``) journal keeps, per prose
run, whether it is *free*: all its lines inside one paragraph at document
level (not in a list item, block quote, table, heading, HTML block, fence or
front matter), that paragraph not starting with ``[`` (a reference
definition whose title a later line could close) nor right below a
reference definition's line (whose title a later line could continue).
Every other run is kept as a digest of its lines. A changed text whose
skeleton equals the kept one, whose runs that were not free are unchanged
byte for byte, has the same block structure with the free runs' lines in
the same paragraphs; extraction reads only the block structure, list items'
lines and headings, so its items are the kept ones, their line numbers
shifted by the free runs' change in length before them (``known_result``).

A text may also grow at its end by blank lines and prose (a line appended to
a journal), the first prose below a blank line, when its last block was not
a list or a block quote: a prose line then starts a paragraph of its own (or
is swallowed by a fence or comment left open), which holds no goal. tests/test_prose_edit.py holds the rule to ``extract_items``
on generated documents.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from journal.extract import Item
    from journal.extract_many import Extracted

LINE_END = re.compile(r"\r\n|\r|\n")  # as journal.extract and markdown-it split lines
PROSE = re.compile(r"[A-Za-z][^|]*")
BLANK = re.compile(r"[ \t]*")  # what markdown-it calls an empty line
MAY_BE_REFERENCE = re.compile(r" {0,3}\[")
HOLE = "\r"  # no line holds one: lines are split at every CR
# A last block that prose appended after a blank line could change: a list (an empty item's end moves, and with it
# whether a marker can be written there) or a block quote. After any other, such prose starts a paragraph of its own
# or is swallowed by the block left open (a fence, a comment, front matter), and holds no goal either way.
OPEN_TO_APPENDS = ("bullet_list_open", "ordered_list_open", "blockquote_open")

# What is kept of a parse: period key, skeleton digest, skeleton length, whether prose may be appended, the runs
# as (first line, length, digest or None when free), the items as tuples, unchangeable and not-taken lines.
Record = tuple[str, str, int, bool, tuple, tuple, tuple, tuple]


def skeleton(lines: list[str]) -> tuple[list[str], list[tuple[int, int]]]:
    """The lines with each run of prose lines replaced by ``HOLE``, and the runs as (first, end) 0-based rows."""
    elements: list[str] = []
    runs: list[tuple[int, int]] = []
    start = -1
    prose = PROSE.fullmatch
    for row, line in enumerate(lines):
        if prose(line):
            if start < 0:
                start = row
                elements.append(HOLE)
        else:
            if start >= 0:
                runs.append((start, row))
                start = -1
            elements.append(line)
    if start >= 0:
        runs.append((start, len(lines)))
    return elements, runs


def _digest(parts: list[str]) -> str:
    from journal.digests import blake2b_hex

    return blake2b_hex("\n".join(parts).encode("utf-8", "surrogatepass"), 16)


def record(tokens: list, text: str, period_key: str, found: Extracted) -> Record:
    """What ``known_result`` needs of a full parse of ``text`` (its markdown-it ``tokens``) and its result."""
    lines = LINE_END.split(text)
    elements, runs = skeleton(lines)
    free_rows = _free_paragraph_rows(tokens, lines)
    kept_runs = tuple(
        (start, end - start, None if _in_one(free_rows, start, end) else _digest(lines[start:end]))
        for start, end in runs
    )
    blocks = [token.type for token in tokens if token.level == 0 and token.nesting >= 0]
    items, unchangeable, not_taken = found
    return (
        period_key,
        _digest(elements),
        len(elements),
        not blocks or blocks[-1] not in OPEN_TO_APPENDS,
        kept_runs,
        tuple((i.line, i.text, i.kind, i.status, i.section, i.target, i.marker) for i in items),
        tuple(unchangeable),
        tuple(not_taken),
    )


def _in_one(free_rows: dict[int, int], start: int, end: int) -> bool:
    """Whether rows ``start`` to ``end`` (exclusive) all lie in one free paragraph (paragraphs are contiguous)."""
    first = free_rows.get(start)
    return first is not None and free_rows.get(end - 1) == first


def _free_paragraph_rows(tokens: list, lines: list[str]) -> dict[int, int]:
    """Each row inside a document-level paragraph whose prose may change freely -> that paragraph's first row."""
    covered = [token.map for token in tokens if token.level == 0 and token.nesting >= 0 and token.map]
    rows: dict[int, int] = {}
    for token in tokens:
        if token.type != "paragraph_open" or token.level != 0 or not token.map:
            continue
        first, end = token.map
        if MAY_BE_REFERENCE.match(lines[first]):
            continue  # a reference definition's title could be closed by a later line
        above = first - 1
        if above >= 0 and not BLANK.fullmatch(lines[above]) and not any(a <= above < b for a, b in covered):
            continue  # right below a reference definition (a line no block holds): its title could go on
        rows.update(dict.fromkeys(range(first, end), first))
    return rows


def known_result(kept: Any, text: str, period_key: str) -> Extracted | None:
    """The items, unchangeable and not-taken lines of ``text`` from the ``kept`` record of an earlier parse, or
    None when ``text`` differs from it in more than free prose (or prose appended after a closed last block)."""
    try:
        key, skeleton_digest, count, appendable, runs, items, unchangeable, not_taken = kept
    except (TypeError, ValueError):
        return None
    if key != period_key:
        return None
    lines = LINE_END.split(text)
    elements, new_runs = skeleton(lines)
    if len(elements) < count or _digest(elements[:count]) != skeleton_digest:
        return None
    if len(elements) > count and not (appendable and _only_appended(elements, count)):
        return None
    ends: list[int] = []
    shifts: list[int] = []
    total = 0
    for (start, length, digest), (new_start, new_end) in zip(runs, new_runs, strict=False):
        if digest is not None and (new_end - new_start != length or _digest(lines[new_start:new_end]) != digest):
            return None
        total += (new_end - new_start) - length
        ends.append(start + length)
        shifts.append(total)

    def moved(line: int) -> int:
        passed = bisect_right(ends, line - 1)  # runs that end at or before this (1-based) line's row
        return line + (shifts[passed - 1] if passed else 0)

    return (
        [_item(moved(entry[0]), entry) for entry in items],
        [(moved(line), why) for line, why in unchangeable],
        [(moved(line), why) for line, why in not_taken],
    )


def _only_appended(elements: list[str], count: int) -> bool:
    """Whether the elements past ``count`` are blank lines and prose runs, the first run below a blank line."""
    before = elements[count - 1] if count else ""
    for element in elements[count:]:
        if element == HOLE:
            if before == HOLE or not BLANK.fullmatch(before):
                return False
        elif not BLANK.fullmatch(element):
            return False
        before = element
    return True


def _item(line: int, entry: tuple) -> Item:
    from journal.extract import Item

    _line, text, kind, status, section, target, marker = entry
    return Item(line=line, text=text, kind=kind, status=status, section=section, target=target, marker=marker)
