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
    return theirs  # two decisions: the incoming one is the later (the ledger merge keeps it too)


def _shapes(lines: list[Line]) -> list[str]:
    return [line.shape for line in lines]


def _apply_marker_changes(changed: list[Line], base: list[Line], other: list[Line], table, changed_is_ours: bool):
    """``other``'s lines with the marker changes ``changed`` made to ``base`` (same shapes) applied; None if
    a changed line is not in ``other`` (the other side edited or deleted it: a real conflict)."""
    result = list(other)
    matcher = difflib.SequenceMatcher(None, _shapes(base), _shapes(other), autojunk=False)
    where = {}
    for block in matcher.get_matching_blocks():
        for offset in range(block.size):
            where[block.a + offset] = block.b + offset
    for index, (was, now) in enumerate(zip(base, changed, strict=True)):
        if was.marker == now.marker:
            continue
        if index not in where:
            # The other side reworded this very line (same place, same marker): its words, this marker.
            reworded = _with_marker(other[index], now.marker) if len(base) == len(other) else None
            if reworded is None or other[index].marker != was.marker:
                return None
            result[index] = reworded
            continue
        there = result[where[index]]
        pair = (now, there) if changed_is_ours else (there, now)
        result[where[index]] = choose_line(was, *pair, table)
    return result


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


def resolve_hunk(base: list[str], ours: list[str], theirs: list[str], table: Mapping[str, str]) -> list[str] | None:
    """The lines a conflict hunk resolves to by meaning, or None when it is a real conflict.

    The hunk is merged again with markers set aside (a line's shape): lines all three sides share are
    kept with the marker ``choose_line`` gives; between them, each stretch must resolve on its own.
    """
    b, o, t = ([split_line(text) for text in side] for side in (base, ours, theirs))
    in_ours, in_theirs = _matches(b, o), _matches(b, t)
    result: list[Line] = []
    start = (0, 0, 0)
    for index in range(len(b) + 1):
        if index < len(b) and (index not in in_ours or index not in in_theirs):
            continue
        end = (index, in_ours.get(index, len(o)), in_theirs.get(index, len(t)))
        if end[1] < start[1] or end[2] < start[2]:
            return None
        stretch = _resolve_stretch(b[start[0] : end[0]], o[start[1] : end[1]], t[start[2] : end[2]], table)
        if stretch is None:
            return None
        result += stretch
        if index < len(b):
            result.append(choose_line(b[index], o[end[1]], t[end[2]], table))
        start = (end[0] + 1, end[1] + 1, end[2] + 1)
    return [line.text for line in result]


def _matches(base: list[Line], side: list[Line]) -> dict[int, int]:
    """Base line -> the line of ``side`` of the same shape it corresponds to."""
    matcher = difflib.SequenceMatcher(None, _shapes(base), _shapes(side), autojunk=False)
    return {block.a + k: block.b + k for block in matcher.get_matching_blocks() for k in range(block.size)}


def _resolve_stretch(b: list[Line], o: list[Line], t: list[Line], table: Mapping[str, str]) -> list[Line] | None:
    """A stretch between lines all sides share: one side's lines with the other's marker changes, or the
    lines both sides added to a list; None when both changed it otherwise."""
    if _shapes(o) == _shapes(t):
        bases = b if _shapes(b) == _shapes(o) else [_NO_BASE] * len(o)
        return [choose_line(was, mine, other, table) for was, mine, other in zip(bases, o, t, strict=True)]
    if _shapes(o) == _shapes(b):
        return _apply_marker_changes(o, b, t, table, changed_is_ours=True)
    if _shapes(t) == _shapes(b):
        return _apply_marker_changes(t, b, o, table, changed_is_ours=False)
    if not b and _all_items(o) and _all_items(t):
        known = {line.shape: index for index, line in enumerate(o)}
        kept = list(o)
        for line in t:
            if line.shape in known:
                kept[known[line.shape]] = choose_line(_NO_BASE, kept[known[line.shape]], line, table)
            else:
                kept.append(line)
        return kept
    return None


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
        resolved = resolve_hunk(base, ours, theirs, table)
        if resolved is not None:
            out += resolved
            continue
        left += 1
        out.append(f"<<<<<<< {labels[0]}{newline}")
        out += _ended(ours, newline)
        out.append(f"======={newline}")
        out += _ended(theirs, newline)
        out.append(f">>>>>>> {labels[1]}{newline}")
    return "".join(out), left


def _ended(lines: list[str], newline: str) -> list[str]:
    """The lines, the last one ended (a side without a final newline would run into git's marker)."""
    if lines and not lines[-1].endswith(("\n", "\r")):
        return [*lines[:-1], lines[-1] + newline]
    return lines


def merge_document_bytes(
    base: bytes, ours: bytes, theirs: bytes, table: Mapping[str, str], labels: tuple[str, str] = ("ours", "theirs")
) -> tuple[bytes, int]:
    """The three-way merge of a document's bytes: (the merged bytes, the conflicts left in them)."""
    with tempfile.TemporaryDirectory(prefix="journal-merge-") as folder:
        paths = []
        for name, data in (("ours", ours), ("base", base), ("theirs", theirs)):
            path = Path(folder) / name
            path.write_bytes(data)
            paths.append(os.fspath(path))
        done = subprocess.run(
            ["git", "merge-file", "-p", "--diff3", f"--marker-size={_PARSE_MARKER_SIZE}", *paths],
            capture_output=True, check=False,
        )  # fmt: skip
    if done.returncode < 0 or done.returncode > 127:
        raise OSError(f"git merge-file failed: {done.stderr.decode(errors='replace').strip()}")
    text = done.stdout.decode("utf-8", errors="surrogateescape")
    if done.returncode == 0:
        return done.stdout, 0
    merged, left = resolve_conflicts(text, table, labels)
    return merged.encode("utf-8", errors="surrogateescape"), left
