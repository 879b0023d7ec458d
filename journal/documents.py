"""Documents: reading them safely, and byte-exact edits of one item's marker; front matter is journal.front_matter."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from journal.errors import DocumentError
from journal.lazy_pattern import LazyPattern
from journal.words import one_line, same_words_key

if TYPE_CHECKING:
    from journal.config import Journal

LINE_END = LazyPattern(rb"\r\n|\r|\n")
# One or more list markers at the start of a line, then an optional task marker (any status character).
_LIST_MARKERS = r"[ \t]*(?:(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$))+"
_TASK_MARKER = r"(\[([^\s\[\]\x00-\x1f\x7f]| )\](?=[ \t]|$))?"
ITEM_PREFIX = LazyPattern(rf"^({_LIST_MARKERS}){_TASK_MARKER}")
# The same inside block quotes (an Obsidian callout's tasks): the ``>`` prefixes are part of group 1.
QUOTED_ITEM_PREFIX = LazyPattern(rf"^((?:[ \t]*>)*{_LIST_MARKERS}){_TASK_MARKER}")
MAX_DOCUMENT_BYTES = 64 * 1024 * 1024  # a 50 MB document still works; /dev/zero and 1 GB logs do not
MAX_QUOTED = 200  # user text quoted in an error line is cut to this many characters
CONFLICT_OPEN = LazyPattern(rb"<<<<<<<(?:[ \t]|$)")
CONFLICT_MIDDLE = LazyPattern(rb"=======[ \t]*$")
CONFLICT_CLOSE = LazyPattern(rb">>>>>>>(?:[ \t]|$)")


class ConflictMarkers(DocumentError):
    """A document holding git conflict markers: refused by every command, never synced."""


#: how to finish a git conflict in a document, said alike by every refusal and by `journal pull`
HOW_TO_RESOLVE = (
    "resolve the conflict (keep the lines you want, delete the <<<<<<<, ======= and >>>>>>> lines), "
    "then run 'journal sync'"
)


def shorten(text: object, limit: int = MAX_QUOTED) -> str:
    """``text`` (its str) cut to ``limit`` characters, for quoting user text in an error line."""
    value = str(text)
    return value if len(value) <= limit else value[: limit - 1] + "…"


class Document(NamedTuple):
    """A document's bytes as read, and its text for parsing."""

    path: Path
    data: bytes
    text: str


def _read_regular_file(path: Path) -> bytes:
    """The bytes of ``path``; a DocumentError if it is missing, not a regular file, or too big."""
    too_big = f"{path}: larger than {MAX_DOCUMENT_BYTES >> 20} MB; journal does not read documents this big"
    try:
        # Non-blocking, so that opening a FIFO returns at once and is refused below.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError as exc:
        raise DocumentError(f"{path}: no such document") from exc
    except OSError as exc:
        raise DocumentError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    with open(fd, "rb", closefd=True) as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise DocumentError(f"{path}: not a regular file; journal reads only regular files")
        if info.st_size > MAX_DOCUMENT_BYTES:
            raise DocumentError(too_big)
        try:
            data = handle.read(info.st_size + 1)  # not MAX_DOCUMENT_BYTES: that would allocate it for every read
            if len(data) > info.st_size:  # it grew since fstat (or is a /proc file): read on, up to the bound
                data += handle.read(MAX_DOCUMENT_BYTES + 1 - len(data))
        except OSError as exc:
            raise DocumentError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    if len(data) > MAX_DOCUMENT_BYTES:  # it grew while being read
        raise DocumentError(too_big)
    return data


def conflict_line(data: bytes) -> int | None:
    """The 1-based line of the first git conflict (``<<<<<<<``, ``=======``, ``>>>>>>>`` lines), or None.

    All three lines are needed, in order: a ``=======`` line alone is a
    Markdown heading underline, not a conflict.
    """
    if b"<<<<<<<" not in data:
        return None
    opened = middle = None
    for number, line in enumerate(LINE_END.split(data), start=1):
        if CONFLICT_OPEN.match(line):
            opened, middle = number, None
        elif opened is None:
            continue
        elif middle is None and CONFLICT_MIDDLE.match(line):
            middle = number
        elif middle is not None and CONFLICT_CLOSE.match(line):
            return opened
        elif middle is None and CONFLICT_CLOSE.match(line):
            opened = None  # a '>>>>>>>' line before any '=======': not a conflict
    return None


def read_document(path: Path) -> Document:
    """Read a document; a DocumentError names the file (and line) when it cannot be read as one.

    Refused: a path that is not a regular file, a file above MAX_DOCUMENT_BYTES,
    text that is not UTF-8, and git conflict markers (ConflictMarkers).
    """
    data = _read_regular_file(path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = len(LINE_END.findall(data[: exc.start])) + 1
        raise DocumentError(f"{path}:{line}: not UTF-8 text (byte {exc.start})") from exc
    conflict = conflict_line(data)
    if conflict is not None:
        raise ConflictMarkers(f"{path} line {conflict} holds git conflict markers; {HOW_TO_RESOLVE}")
    # A byte order mark is kept in the file but is not text.
    return Document(path=path, data=data, text=text.removeprefix("\ufeff"))


def line_span(data: bytes, line: int) -> tuple[int, int]:
    """Byte offsets (start, end without its line ending) of 1-based CommonMark ``line``."""
    if b"\r" not in data and line >= 1:
        # Lines end with "\n" alone: the line's start is found by bytes.split, not a match per earlier line.
        before = data.split(b"\n", line - 1)
        if len(before) < line:
            raise IndexError(line)
        start = len(data) - len(before[-1])
        end = data.find(b"\n", start)
        return start, end if end >= 0 else len(data)
    start = 0
    current = 1
    for match in LINE_END.finditer(data):
        if current == line:
            return start, match.start()
        start = match.end()
        current += 1
    if current == line and start <= len(data):
        return start, len(data)
    raise IndexError(line)


def item_marker(line_text: str, expected_text: str, later_lines: Iterable[str] = ()) -> re.Match[str] | None:
    """The list (and task) markers that start ``line_text``, if that line starts the item ``expected_text``.

    Words are compared as the parser reads them (a NUL byte as U+FFFD, any
    run of blanks as one space); when the line holds no words, they must
    start on the next line that holds some.
    """
    match = QUOTED_ITEM_PREFIX.match(line_text)
    if not match:
        return None
    first_line = one_line(line_text[match.end() :].replace("\x00", "\ufffd"))
    expected = one_line(expected_text)
    if not first_line and expected:
        first_line = next(
            (words for words in (one_line(later.replace("\x00", "\ufffd")) for later in later_lines) if words), ""
        )
        if not first_line:
            return None
    return match if (expected.startswith(first_line) if first_line else not expected) else None


def _lines_after(data: bytes, end: int) -> Iterator[str]:
    """The lines that follow the line ending at byte ``end``, decoded; none past one that is not UTF-8."""
    ending = LINE_END.match(data, end)
    while ending:
        start = ending.end()
        ending = LINE_END.search(data, start)
        try:
            yield data[start : ending.start() if ending else len(data)].decode("utf-8")
        except UnicodeDecodeError:
            return


def set_item_status(data: bytes, line: int, marker: str, expected_text: str, *, where: str = "") -> bytes:
    """Set the task marker of the item at ``line`` to ``marker`` (one character), changing no other byte.

    A plain bullet gains a marker (``- Ship v2`` -> ``- [x] Ship v2``).
    ``expected_text`` is the item's text as last read; if the line no longer
    starts that item, DocumentError is raised and nothing changes.
    """
    try:
        start, end = line_span(data, line)
    except IndexError:
        raise DocumentError(f"{where}: line {line} is gone", hint="run 'journal sync'") from None
    if start == 0 and data.startswith(b"\xef\xbb\xbf"):
        start = 3  # a byte order mark is not part of the first line's text
    try:
        text = data[start:end].decode("utf-8")
    except UnicodeDecodeError:
        raise DocumentError(f"{where}:{line}: not UTF-8 text") from None
    match = item_marker(text, expected_text, _lines_after(data, end))
    if match is None:
        raise DocumentError(
            f"{where}:{line}: the goal is no longer on this line",
            hint="the document changed; run 'journal sync' and try again",
        )
    rest = text[match.end() :]
    prefix = match.group(1)
    if match.group(2):
        marker_at = start + len(prefix.encode("utf-8")) + 1
        return data[:marker_at] + marker.encode("utf-8") + data[marker_at + len(match.group(3).encode("utf-8")) :]
    insert_at = start + len(prefix.encode("utf-8"))
    separator = b"" if prefix.endswith((" ", "\t")) else b" "
    suffix = b" " if rest else b""
    return data[:insert_at] + separator + f"[{marker}]".encode() + suffix + data[insert_at:]


def newline_of(data: bytes) -> bytes:
    """The document's line ending (its first one), LF when it has none."""
    match = LINE_END.search(data)
    return match.group(0) if match else b"\n"


@lru_cache(maxsize=4)
def document_headings(text: str) -> tuple[tuple[int, int, str], ...]:
    """The document-level headings of a text: (0-based line, level, title folded for comparison)."""
    from journal.extract import _parser

    tokens = _parser().parse(text)
    return tuple(
        (token.map[0], int(token.tag[1:]), same_words_key(tokens[index + 1].content))
        for index, token in enumerate(tokens)
        if token.type == "heading_open" and token.level == 0 and token.map is not None
    )


def find_section(
    text: str, heading: str, headings: tuple[tuple[int, int, str], ...] | None = None
) -> tuple[int, int, int] | None:
    """The document-level heading whose text is ``heading`` (any case): (heading line, level, end line).

    Lines are 0-based; the section runs from the line after the heading to
    ``end`` (exclusive): the next heading of the same or a higher level, or the
    end of the document. ``headings``: ``document_headings(text)``, when known (heading_cache).
    """
    wanted = same_words_key(heading)
    found: tuple[int, int] | None = None
    for line, level, title in document_headings(text) if headings is None else headings:
        if found is not None and level <= found[1]:
            return found[0], found[1], line
        if found is None and title == wanted:
            found = (line, level)
    if found is None:
        return None
    return found[0], found[1], len(LINE_END.split(text.encode("utf-8"))) if text else 0


def section_text(text: str, heading: str, headings: tuple[tuple[int, int, str], ...] | None = None) -> str | None:
    """What a section holds under its heading (up to the next heading of its level), or None if absent.

    ``headings``: ``document_headings(text)``, when known (heading_cache).
    """
    span = find_section(text, heading, headings)
    if span is None:
        return None
    start, _level, end = span
    lines = re.split(r"\r\n|\r|\n", text)
    return "\n".join(lines[start + 1 : end])


def is_answered(body: str) -> bool:
    """Whether a section holds words of the writer's: anything but blank lines, HTML comments and empty items."""
    without_comments = re.sub(r"<!--.*?-->", "", body, flags=re.DOTALL)
    for line in without_comments.splitlines():
        stripped = line.strip()
        if stripped and stripped not in ("-", "*", "+", "- [ ]", "-  [ ]") and not re.fullmatch(r"#+.*", stripped):
            return True
    return False


def insert_in_section(data: bytes, heading: str, block: str, *, level: int = 2) -> bytes:
    """Insert ``block`` (lines of Markdown) at the end of the section ``heading``; create the section if missing.

    Only bytes are added: nothing already in the document changes. The
    block takes the document's line ending.
    """
    newline = newline_of(data)
    block_bytes = newline.join(line.encode("utf-8") for line in block.splitlines())
    text = data.decode("utf-8").removeprefix("\ufeff")
    span = find_section(text, heading)
    if span is None:
        ending = b"" if not data or data.endswith((b"\n", b"\r")) else newline
        lead = b"" if not data else newline
        title = ("#" * level + " " + heading).encode("utf-8")
        return data + ending + lead + title + newline + newline + block_bytes + newline
    start, _level, end = span
    pieces = re.split(rb"(\r\n|\r|\n)", data)  # text, ending, text, ending, ..., text
    lines = [pieces[i] + (pieces[i + 1] if i + 1 < len(pieces) else b"") for i in range(0, len(pieces), 2)]
    last = start
    for number in range(start + 1, min(end, len(lines))):
        if lines[number].strip():
            last = number
    offset = sum(len(line) for line in lines[: last + 1])
    prefix = b"" if lines[last].endswith((b"\n", b"\r")) else newline
    after_blank = last + 1 < len(lines) and lines[last + 1].strip() == b"" and last + 1 < end
    follows_heading = last + 1 < len(lines) and not after_blank and offset < len(data)
    # A list continues a list: no blank line between the last item and the new ones.
    joins_list = (
        bool(ITEM_PREFIX.match(lines[last].decode("utf-8"))) and bool(ITEM_PREFIX.match(block)) and last > start
    )
    separator = b"" if joins_list else newline
    insertion = prefix + separator + block_bytes + newline + (newline if follows_heading else b"")
    return data[:offset] + insertion + data[offset:]


def content_hash(journal: Journal, data: bytes) -> str:
    """What the ledger records of a synced document: its bytes and the settings that shape extraction.

    Changing goal_words or fiscal_year_start changes every hash, so every
    document is read again.
    """
    from journal.config import settings_key
    from journal.digests import sha256_hex

    return sha256_hex(f"{settings_key(journal)}\0".encode() + data)


def insert_lines(data: bytes, after_line: int, lines: Iterable[str]) -> bytes:
    """Insert whole ``lines`` after 1-based line ``after_line`` (0: before the first), changing no other byte.

    The new lines take the document's line ending; a last line without one
    gets one first, so the document's own lines never merge with the new
    ones. A byte order mark stays first.
    """
    newline = newline_of(data)
    block = b"".join(line.encode("utf-8") + newline for line in lines)
    if after_line == 0:
        start = 3 if data.startswith(b"\xef\xbb\xbf") else 0
        return data[:start] + block + data[start:]
    try:
        _start, end = line_span(data, after_line)
    except IndexError:
        raise DocumentError(f"line {after_line} is past the end of the document") from None
    ending = LINE_END.match(data, end)
    if ending is None:  # the last line, with no line ending
        return data + newline + block.removesuffix(newline)
    return data[: ending.end()] + block + data[ending.end() :]
