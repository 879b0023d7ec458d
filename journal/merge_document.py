"""Git's three-way merge of a document, with marker-only conflicts resolved by meaning
(``journal merge-driver document``).

``git merge-file`` merges the text; each conflict it leaves is then looked at line by line, with each
list item's checkbox marker set aside: when the two sides differ only in markers (or one side changed
markers only and the other added, moved or reworded lines around them), every line is kept and each
marker is chosen by meaning (a line one side reworded and the other checked gets both). A side that
changed a marker wins over one that did not; done or dropped win over "carried", and "carried" over
open or in progress (on a carried line those are no decision: the
ledger merge keeps them and sync passes them on to the goal's latest line); of two different
decisions the incoming side's ("theirs", the later one when pulling) is kept, as the ledger merge
does, and the ledger's history holds both. Lines both sides only added to a list are all kept. Any
other conflict is left with git's markers: nothing either side wrote is dropped.

No printing here; ``merge_document_bytes`` runs ``git merge-file`` and returns the bytes and the
number of conflicts left.
"""

from __future__ import annotations

import difflib
import os
import re
import subprocess
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from journal.ledger.model import Status
from journal.lineage import DECISIONS

# A list item's start, its optional "[c] " checkbox, and the rest (a block quote's "> " allowed in front).
_ITEM = re.compile(r"^([ \t>]*(?:[-*+]|\d{1,9}[.)])[ \t]+)(?:\[([^\[\]\r\n])\][ \t]+)?(.*)$", re.DOTALL)
_PARSE_MARKER_SIZE = 41  # long markers while parsing merge-file's output: a document's own lines never match
_NO_BASE = object()


@dataclass(frozen=True)
class Line:
    """One line of a side: its bytes as text (end of line included), its marker set aside."""

    text: str
    shape: str  # the line with its checkbox taken out: two lines of one shape differ in their marker only
    marker: str | None  # the character between the brackets; None: no checkbox (a plain line or bullet)


def split_line(text: str) -> Line:
    """A line and its checkbox marker."""
    found = _ITEM.match(text)
    if found is None:
        return Line(text, text, None)
    return Line(text, f"{found.group(1)}\x00{found.group(3)}", found.group(2))


def _meaning(marker: str | None, table: Mapping[str, str]) -> str:
    return Status.OPEN.value if marker is None else table.get(marker, Status.OPEN.value)


def choose_line(base: Line | object, ours: Line, theirs: Line, table: Mapping[str, str]) -> Line:
    """Of two lines of one shape, the one whose marker the merge keeps."""
    if ours.marker == theirs.marker:
        return ours
    if isinstance(base, Line):
        if ours.marker == base.marker:
            return theirs
        if theirs.marker == base.marker:
            return ours
    mine, other = _meaning(ours.marker, table), _meaning(theirs.marker, table)
    if Status.CARRIED in (mine, other) and mine != other:
        carried, decided = (ours, theirs) if mine == Status.CARRIED else (theirs, ours)
        # Done or dropped beat "carried"; open or in progress on a carried line is no decision there (the
        # ledger merge keeps it, and sync passes it on to the goal's latest line).
        return decided if _meaning(decided.marker, table) in DECISIONS else carried
    if not isinstance(base, Line) and Status.OPEN in (mine, other):
        return theirs if mine == Status.OPEN else ours  # no ancestor line: open is where a goal starts
    return theirs  # two decisions: the incoming one is the later (the ledger merge keeps it too)


def _shapes(lines: list[Line]) -> list[str]:
    return [line.shape for line in lines]


@dataclass
class _Change:
    """What one side made of the base lines ``start``..``end`` (an insertion when they are equal)."""

    start: int
    end: int
    lines: list[Line]
    ours: bool


def _changes_of(base: list[Line], side: list[Line], ours: bool) -> tuple[list[_Change], dict[int, int]]:
    """A side's changes to the base, by shape, and where each base line it kept is in it."""
    matcher = difflib.SequenceMatcher(None, _shapes(base), _shapes(side), autojunk=False)
    changes, kept = [], {}
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            kept.update({i1 + k: j1 + k for k in range(i2 - i1)})
        else:
            changes.append(_Change(i1, i2, side[j1:j2], ours))
    return changes, kept


def _clusters(changes: list[_Change]) -> list[list[_Change]]:
    """Changes grouped where they overlap in the base (two insertions at one place overlap too)."""
    clusters: list[list[_Change]] = []
    for change in sorted(changes, key=lambda c: (c.start, c.end, not c.ours)):
        if clusters:
            last = clusters[-1]
            start, end = last[0].start, max(c.end for c in last)
            if change.start < end or (change.start == change.end == start == end):
                last.append(change)
                continue
        clusters.append([change])
    return clusters


def _with_marker(line: Line, marker: str | None) -> Line | None:
    """The list item ``line`` with ``marker`` between its brackets (added to a plain bullet); None when it
    is not a list item or the marker would be taken away."""
    found = _ITEM.match(line.text)
    if found is None or marker is None:
        return None
    if found.group(2) is None:
        return split_line(f"{found.group(1)}[{marker}] {found.group(3)}")
    return split_line(line.text[: found.start(2)] + marker + line.text[found.end(2) :])


def _all_items(lines: list[Line]) -> bool:
    return all(line.shape != line.text or _ITEM.match(line.text) for line in lines if line.text.strip())


def _one_side(
    change: _Change, base: list[Line], other: list[Line], kept: dict[int, int], table: Mapping[str, str]
) -> list[Line] | None:
    """A change only one side made, with the marker changes the other made to those lines (a reworded
    line keeps them); None when the other side changed the marker of a line this one rewrote otherwise."""
    lines = list(change.lines)
    taken: set[int] = set()
    for index in range(change.start, change.end):
        was, now = base[index], other[kept[index]]
        if now.marker == was.marker:
            continue
        offset = _reworded_as(was, lines, taken)
        if offset is None:
            return None
        mine = Line(lines[offset].text, was.shape, lines[offset].marker)  # its words set aside: markers only
        chosen = choose_line(was, mine, now, table) if change.ours else choose_line(was, now, mine, table)
        same = chosen.marker == lines[offset].marker
        reworded = lines[offset] if same else _with_marker(lines[offset], chosen.marker)
        if reworded is None:
            return None
        taken.add(offset)
        lines[offset] = reworded
    return lines


def _reworded_as(was: Line, lines: list[Line], taken: set[int]) -> int | None:
    """Which of ``lines`` is the line ``was`` reworded: its words holding the old ones (or held in them),
    else the most alike at 60% or more."""
    words = _words(was)
    scores = [
        (1.0 if words and (words in _words(line) or _words(line) in words) else
         difflib.SequenceMatcher(None, was.shape, line.shape, autojunk=False).ratio(), offset)
        for offset, line in enumerate(lines)
        if offset not in taken and _ITEM.match(line.text)
    ]  # fmt: skip
    best = max(scores, default=(0.0, None))
    return best[1] if best[0] >= 0.6 else None


def _words(line: Line) -> str:
    """A list item's words, without its list marker, checkbox or line ending."""
    found = _ITEM.match(line.text)
    return found.group(3).strip() if found else line.text.strip()


def _both_sides(cluster: list[_Change], table: Mapping[str, str]) -> list[Line] | None:
    """Changes both sides made to the same lines: the same lines (markers chosen), or lines both only
    added to a list (all kept); None otherwise."""
    mine = [line for change in cluster if change.ours for line in change.lines]
    theirs = [line for change in cluster if not change.ours for line in change.lines]
    if len({(c.start, c.end) for c in cluster}) == 1 and (both := _superset(mine, theirs, table)) is not None:
        return both
    if all(c.start == c.end for c in cluster) and _all_items(mine) and _all_items(theirs):
        # Both lists, in an order that does not depend on who merges (every clone writes the same file).
        first, second = sorted((mine, theirs), key=_shapes)
        kept = list(first)
        known = {line.shape: index for index, line in enumerate(kept)}
        for line in second:
            if line.shape in known:
                one, other = (kept[known[line.shape]], line) if first is mine else (line, kept[known[line.shape]])
                kept[known[line.shape]] = choose_line(_NO_BASE, one, other, table)
            else:
                kept.append(line)
        return kept
    return None


def _superset(mine: list[Line], theirs: list[Line], table: Mapping[str, str]) -> list[Line] | None:
    """When one side's lines are all among the other's, in order (both have what an ancestor added, one
    has more): the longer, markers chosen on the lines both have; else None."""
    matcher = difflib.SequenceMatcher(None, _shapes(mine), _shapes(theirs), autojunk=False)
    pairs = {block.a + k: block.b + k for block in matcher.get_matching_blocks() for k in range(block.size)}
    if len(pairs) not in (len(mine), len(theirs)):
        return None
    longer = list(theirs) if len(pairs) == len(mine) else list(mine)
    for at_mine, at_theirs in pairs.items():
        chosen = choose_line(_NO_BASE, mine[at_mine], theirs[at_theirs], table)
        longer[at_theirs if len(pairs) == len(mine) else at_mine] = chosen
    return longer


Piece = list[str] | tuple[list[str], list[str]]  # lines resolved, or a conflict: (ours' lines, theirs')


def resolve_hunk(base: list[str], ours: list[str], theirs: list[str], table: Mapping[str, str]) -> list[str] | None:
    """The lines a conflict hunk resolves to by meaning, or None when some of it is a real conflict."""
    pieces = merge_hunk(base, ours, theirs, table)
    if any(isinstance(piece, tuple) for piece in pieces):
        return None
    return [text for piece in pieces for text in piece]


def merge_hunk(base: list[str], ours: list[str], theirs: list[str], table: Mapping[str, str]) -> list[Piece]:
    """A conflict hunk merged again line by line with the markers set aside (each line's shape): changes
    the two sides made to different lines both apply, lines both kept get the marker ``choose_line``
    gives; what is left is a conflict of those lines only (the rest of the hunk resolved around it)."""
    b, o, t = ([split_line(text) for text in side] for side in (base, ours, theirs))
    mine, in_ours = _changes_of(b, o, True)
    other, in_theirs = _changes_of(b, t, False)
    by_start: dict[int, list[list[Line] | tuple[list[Line], list[Line]]]] = {}
    covered: set[int] = set()
    for cluster in _clusters(mine + other):
        if len({change.ours for change in cluster}) == 2:
            start, end = cluster[0].start, max(c.end for c in cluster)
            lines: list[Line] | tuple | None = _both_sides(cluster, table)
            if lines is None:
                lines = (
                    [ln for c in cluster if c.ours for ln in c.lines],
                    [ln for c in cluster if not c.ours for ln in c.lines],
                )
            by_start.setdefault(start, []).append(lines)
            covered.update(range(start, end))
            continue
        side, kept = (t, in_theirs) if cluster[0].ours else (o, in_ours)
        for change in cluster:
            lines = _one_side(change, b, side, kept, table)
            if lines is None:
                untouched = [side[kept[index]] for index in range(change.start, change.end)]
                lines = (change.lines, untouched) if change.ours else (untouched, change.lines)
            by_start.setdefault(change.start, []).append(lines)
            covered.update(range(change.start, change.end))
    pieces: list[Piece] = []
    for index in range(len(b) + 1):
        for lines in by_start.get(index, ()):
            if isinstance(lines, tuple):
                pieces.append(([line.text for line in lines[0]], [line.text for line in lines[1]]))
            else:
                _extend(pieces, [line.text for line in lines])
        if index < len(b) and index not in covered:
            _extend(pieces, [choose_line(b[index], o[in_ours[index]], t[in_theirs[index]], table).text])
    return _moved_lines_settled(pieces, table)


def _moved_lines_settled(pieces: list[Piece], table: Mapping[str, str]) -> list[Piece]:
    """A conflict of lines on one side against nothing on the other, where each of those lines is in the
    merged hunk already (one side moved it, the other changed it where it was): the line is kept once,
    where it is, with the marker chosen by meaning; nothing is lost but the move."""
    settled: list[Piece] = []
    for piece in pieces:
        if isinstance(piece, tuple) and not (piece[0] and piece[1]):
            moved = [split_line(text) for text in piece[0] or piece[1]]
            placed = _find_once(pieces, moved)
            if placed is not None:
                for line, (part, offset) in zip(moved, placed, strict=True):
                    there = split_line(part[offset])
                    pair = (line, there) if piece[0] else (there, line)
                    part[offset] = choose_line(_NO_BASE, *pair, table).text
                continue
        settled.append(piece)
    return [piece for piece in settled if piece != []]


def _find_once(pieces: list[Piece], lines: list[Line]) -> list[tuple[list[str], int]] | None:
    """Where each of ``lines`` is, by shape, in the hunk's merged pieces: exactly once each, else None."""
    found = []
    for line in lines:
        places = [
            (piece, offset)
            for piece in pieces
            if isinstance(piece, list)
            for offset, text in enumerate(piece)
            if split_line(text).shape == line.shape
        ]
        if len(places) != 1 or not _ITEM.match(line.text):
            return None
        found.append(places[0])
    return found


def _extend(pieces: list[Piece], texts: list[str]) -> None:
    if pieces and isinstance(pieces[-1], list):
        pieces[-1].extend(texts)
    else:
        pieces.append(list(texts))


def _newline(text: str) -> str:
    return "\r\n" if text.count("\r\n") * 2 > text.count("\n") else "\n"


def resolve_conflicts(
    merged: str, table: Mapping[str, str], labels: tuple[str, str] = ("ours", "theirs")
) -> tuple[str, int]:
    """``git merge-file --diff3`` output (long markers) with each hunk resolved by meaning where it can be;
    the others written back with git's usual markers. Returns the text and the number of hunks left."""
    size = _PARSE_MARKER_SIZE
    lines = merged.splitlines(keepends=True)
    newline = _newline(merged)
    out: list[str] = []
    left = 0
    index = 0
    while index < len(lines):
        if not lines[index].startswith("<" * size):
            out.append(lines[index])
            index += 1
            continue
        sides: list[list[str]] = [[], [], []]  # ours, base, theirs
        part = 0
        index += 1
        while index < len(lines) and not lines[index].startswith(">" * size):
            line = lines[index]
            if line.startswith("|" * size):
                part = 1
            elif line.startswith("=" * size) and not line.startswith("=" * (size + 1)):
                part = 2
            else:
                sides[part].append(line)
            index += 1
        index += 1
        ours, base, theirs = sides
        for piece in merge_hunk(base, ours, theirs, table):
            if isinstance(piece, list):
                out += piece
                continue
            left += 1
            out.append(f"<<<<<<< {labels[0]}{newline}")
            out += _ended(piece[0], newline)
            out.append(f"======={newline}")
            out += _ended(piece[1], newline)
            out.append(f">>>>>>> {labels[1]}{newline}")
    return "".join(out), left


def _ended(lines: list[str], newline: str) -> list[str]:
    """The lines, the last one ended (a side without a final newline would run into git's marker)."""
    if lines and not lines[-1].endswith(("\n", "\r")):
        return [*lines[:-1], lines[-1] + newline]
    return lines


def without_conflicts(data: bytes) -> bytes:
    """A base with each conflict left in it (git's ancestor of a criss-cross merge, merged with conflicts)
    taken out whole: what neither side had settled counts as nothing, so each side's lines there are kept
    as that side's (reading both versions as the base would let each side delete the other's)."""
    from journal.documents import conflict_line

    if conflict_line(data) is None:
        return data
    kept: list[bytes] = []
    block: list[bytes] | None = None
    for line in data.splitlines(keepends=True):
        if block is None and line.startswith(b"<<<<<<<"):
            block = [line]
        elif block is not None:
            block.append(line)
            if line.startswith(b">>>>>>>") and any(part.startswith(b"=======") for part in block):
                block = None
        else:
            kept.append(line)
    return b"".join(kept + (block or []))


def git_merge_file(base: bytes, ours: bytes, theirs: bytes, *options: str) -> subprocess.CompletedProcess[bytes]:
    """``git merge-file -p OPTIONS ours base theirs`` on three versions; its result (an OSError when git
    failed rather than found conflicts: its exit code is then not a count of them)."""
    with tempfile.TemporaryDirectory(prefix="journal-merge-") as folder:
        paths = []
        for name, data in (("ours", ours), ("base", base), ("theirs", theirs)):
            path = Path(folder) / name
            path.write_bytes(data)
            paths.append(os.fspath(path))
        done = subprocess.run(["git", "merge-file", "-p", *options, *paths], capture_output=True, check=False)
    if done.returncode < 0 or done.returncode > 127:
        raise OSError(f"git merge-file failed: {done.stderr.decode(errors='replace').strip()}")
    return done


def merge_document_bytes(
    base: bytes, ours: bytes, theirs: bytes, table: Mapping[str, str], labels: tuple[str, str] = ("ours", "theirs")
) -> tuple[bytes, int]:
    """The three-way merge of a document's bytes: (the merged bytes, the conflicts left in them)."""
    base = without_conflicts(base)
    done = git_merge_file(base, ours, theirs, "--diff3", f"--marker-size={_PARSE_MARKER_SIZE}")
    text = done.stdout.decode("utf-8", errors="surrogateescape")
    if done.returncode == 0:
        return done.stdout, 0
    merged, left = resolve_conflicts(text, table, labels)
    return merged.encode("utf-8", errors="surrogateescape"), left
