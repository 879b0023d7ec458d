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
is swallowed by a fence or comment left open), which holds no goal.
tests/test_prose_edit.py holds the rule to ``extract_items`` on generated
documents.
"""

from __future__ import annotations

import re
from bisect import bisect_right

TYPE_CHECKING = False  # typing itself is not imported: a sync of one document edited in its prose imports this
if TYPE_CHECKING:
    from typing import Any

    from journal.extract_many import Extracted
    from journal.goal_item import Item

# A run of lines that start with a letter, in a text with LF line ends and an LF put before it (a literal first and
# `.` for the rest of a line: the quickest search); the lines among them that hold a `|` are then set apart.
LETTER_RUN = re.compile(r"\n([A-Za-z].*(?:\n[A-Za-z].*)*)")
BLANK = re.compile(r"[ \t]*")  # what markdown-it calls an empty line
MAY_BE_REFERENCE = re.compile(r" {0,3}\[")
HOLE = "\r"  # no line holds one: lines end at every CR
# A last block that prose appended after a blank line could change: a list (an empty item's end moves, and with it
# whether a marker can be written there) or a block quote. After any other, such prose starts a paragraph of its own
# or is swallowed by the block left open (a fence, a comment, front matter), and holds no goal either way.
OPEN_TO_APPENDS = ("bullet_list_open", "ordered_list_open", "blockquote_open")

# What is kept of a parse: period key, skeleton digest, skeleton length, whether prose may be appended, the runs
# as (first line, length, digest or None when free), the items as tuples, unchangeable and not-taken lines.
Record = tuple[str, str, int, bool, tuple, tuple, tuple, tuple]


def with_lf(text: str) -> str:
    """``text`` with every line end (CRLF, CR, LF: as journal.extract and markdown-it read them) an LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def skeleton(text: str) -> tuple[str, list[tuple[int, int, str]]]:
    """The skeleton of ``text`` (a text with LF line ends): its lines joined by LF, each run of prose lines one
    ``HOLE``; and the runs as (first 0-based row, number of rows, their lines joined by LF)."""
    pieces: list[str] = []
    runs: list[tuple[int, int, str]] = []
    row = position = 0
    for match in LETTER_RUN.finditer("\n" + text):
        start = match.start(1) - 1
        row += text.count("\n", position, start)
        pieces.append(text[position:start])
        lines = match.group(1)
        if "|" in lines:
            pieces.append(_runs_between_pipes(lines, row, runs))
        else:
            pieces.append(HOLE)
            runs.append((row, lines.count("\n") + 1, lines))
        row += lines.count("\n")
        position = match.end() - 1
    pieces.append(text[position:])
    return "".join(pieces), runs


def _runs_between_pipes(lines: str, row: int, runs: list[tuple[int, int, str]]) -> str:
    """The skeleton of ``lines`` (each starting with a letter, the first at ``row``): those holding a ``|`` are
    not prose; the runs between them are added to ``runs``."""
    elements: list[str] = []
    prose: list[str] = []
    for line in [*lines.split("\n"), "|"]:  # a last pipe closes the last run
        if "|" not in line:
            prose.append(line)
            continue
        if prose:
            runs.append((row, len(prose), "\n".join(prose)))
            elements.append(HOLE)
            row += len(prose)
            prose = []
        elements.append(line)
        row += 1
    return "\n".join(elements[:-1])


def _digest(text: str) -> str:
    from journal.digests import blake2b_hex

    return blake2b_hex(text.encode("utf-8", "surrogatepass"), 16)


def record(tokens: list, text: str, period_key: str, found: Extracted) -> Record:
    """What ``known_result`` needs of a full parse of ``text`` (its markdown-it ``tokens``) and its result."""
    text = with_lf(text)
    shape, runs = skeleton(text)
    top = [token for token in tokens if token.level == 0 and token.nesting >= 0]
    starts, ends = _free_paragraphs(top, text.split("\n"))
    kept_runs = []
    for start, rows, run in runs:
        inside = bisect_right(starts, start) - 1  # the last free paragraph starting at or above the run
        free = inside >= 0 and start + rows <= ends[inside]
        kept_runs.append((start, rows, None if free else _digest(run)))
    items, unchangeable, not_taken = found
    return (
        period_key,
        _digest(shape),
        shape.count("\n") + 1,
        not top or top[-1].type not in OPEN_TO_APPENDS,
        tuple(kept_runs),
        tuple((i.line, i.text, i.kind, i.status, i.section, i.target, i.marker) for i in items),
        tuple(unchangeable),
        tuple(not_taken),
    )


def _free_paragraphs(top: list, lines: list[str]) -> tuple[list[int], list[int]]:
    """The first rows and ends of the document-level paragraphs (``top``: the document-level blocks) whose prose
    may change freely, in document order."""
    starts: list[int] = []
    ends: list[int] = []
    for token in top:
        if token.type != "paragraph_open" or not token.map:
            continue
        first, end = token.map
        if MAY_BE_REFERENCE.match(lines[first]):
            continue  # a reference definition's title could be closed by a later line
        above = first - 1
        if above >= 0 and not BLANK.fullmatch(lines[above]) and not any(_holds(block, above) for block in top):
            continue  # right below a reference definition (a line no block holds): its title could go on
        starts.append(first)
        ends.append(end)
    return starts, ends


def _holds(block: Any, row: int) -> bool:
    return block.map is not None and block.map[0] <= row < block.map[1]


def known_result(kept: Any, text: str, period_key: str) -> Extracted | None:
    """The items, unchangeable and not-taken lines of ``text`` from the ``kept`` record of an earlier parse, or
    None when ``text`` differs from it in more than free prose (or prose appended after a closed last block)."""
    try:
        key, shape_digest, count, appendable, runs, items, unchangeable, not_taken = kept
    except (TypeError, ValueError):
        return None
    if key != period_key:
        return None
    shape, new_runs = skeleton(with_lf(text))
    if not _same_start(shape, count, shape_digest, appendable):
        return None
    ends: list[int] = []
    shifts: list[int] = []
    total = 0
    for (start, rows, digest), (_new_start, new_rows, run) in zip(runs, new_runs, strict=False):
        if digest is not None and (new_rows != rows or _digest(run) != digest):
            return None
        total += new_rows - rows
        ends.append(start + rows)
        shifts.append(total)

    def moved(line: int) -> int:
        passed = bisect_right(ends, line - 1)  # runs that end at or before this (1-based) line's row
        return line + (shifts[passed - 1] if passed else 0)

    return (
        [_item(moved(entry[0]), entry) for entry in items],
        [(moved(line), why) for line, why in unchangeable],
        [(moved(line), why) for line, why in not_taken],
    )


def _same_start(shape: str, count: int, shape_digest: str, appendable: bool) -> bool:
    """Whether the first ``count`` elements of the skeleton ``shape`` are the kept ones, and any after them blank
    lines and prose runs appended where they may be, the first run below a blank line."""
    elements = shape.count("\n") + 1
    if elements == count:
        return _digest(shape) == shape_digest
    if elements < count or not appendable:
        return False
    parts = shape.split("\n", count)
    if _digest(shape[: len(shape) - len(parts[count]) - 1]) != shape_digest:
        return False
    before = parts[count - 1]
    for element in parts[count].split("\n"):
        if element == HOLE:
            if not BLANK.fullmatch(before):
                return False
        elif not BLANK.fullmatch(element):
            return False
        before = element
    return True


def _item(line: int, entry: tuple) -> Item:
    from journal.goal_item import Item

    _line, text, kind, status, section, target, marker = entry
    return Item(line=line, text=text, kind=kind, status=status, section=section, target=target, marker=marker)
