"""Documents: reading them safely, their period, and byte-exact edits of one item's marker."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from journal.errors import DocumentError

LINE_END = re.compile(rb"\r\n|\r|\n")
# One or more list markers at the start of a line, then an optional task marker.
ITEM_PREFIX = re.compile(r"^([ \t]*(?:(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$))+)(\[([ xX/>\-])\](?=[ \t]|$))?")
FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)?---[ \t]*(?:\r?\n|\Z)", re.DOTALL)


@dataclass(frozen=True)
class Document:
    """A document's bytes as read, and its text for parsing."""

    path: Path
    data: bytes
    text: str


def read_document(path: Path) -> Document:
    """Read a document; not UTF-8 is a DocumentError naming the file and line."""
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise DocumentError(f"{path}: no such document") from exc
    except OSError as exc:
        raise DocumentError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = len(LINE_END.findall(data[: exc.start])) + 1
        raise DocumentError(f"{path}:{line}: not UTF-8 text (byte {exc.start})") from exc
    # A byte order mark is kept in the file but is not text.
    return Document(path=path, data=data, text=text.removeprefix("\ufeff"))


def front_matter(document: Document) -> dict:
    """The document's YAML front matter as a dict ({} when it has none); broken YAML is a DocumentError."""
    match = FRONT_MATTER.match(document.text)
    if not match:
        return {}
    import yaml

    try:
        data = yaml.safe_load(match.group(1) or "")
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 2}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise DocumentError(f"{document.path}{where}: broken front matter: {problem}") from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise DocumentError(f"{document.path}:2: broken front matter: expected key: value lines")
    return data


def line_span(data: bytes, line: int) -> tuple[int, int]:
    """Byte offsets (start, end without its line ending) of 1-based CommonMark ``line``."""
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


def _normalise(text: str) -> str:
    return " ".join(text.split())


def item_marker(line_text: str, expected_text: str, later_lines: Iterable[str] = ()) -> re.Match[str] | None:
    """The list (and task) markers that start ``line_text``, if that line starts the item ``expected_text``.

    Words are compared as the parser reads them (a NUL byte as U+FFFD, any
    run of blanks as one space); when the line holds no words, they must
    start on the next line that holds some.
    """
    match = ITEM_PREFIX.match(line_text)
    if not match:
        return None
    first_line = _normalise(line_text[match.end() :].replace("\x00", "\ufffd"))
    expected = _normalise(expected_text)
    if not first_line and expected:
        first_line = next(
            (words for words in (_normalise(later.replace("\x00", "\ufffd")) for later in later_lines) if words), ""
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
        return data[:marker_at] + marker.encode("ascii") + data[marker_at + 1 :]
    insert_at = start + len(prefix.encode("utf-8"))
    separator = b"" if prefix.endswith((" ", "\t")) else b" "
    suffix = b" " if rest else b""
    return data[:insert_at] + separator + f"[{marker}]".encode("ascii") + suffix + data[insert_at:]


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
        (token.map[0], int(token.tag[1:]), " ".join(tokens[index + 1].content.split()).casefold())
        for index, token in enumerate(tokens)
        if token.type == "heading_open" and token.level == 0 and token.map is not None
    )


def find_section(text: str, heading: str) -> tuple[int, int, int] | None:
    """The document-level heading whose text is ``heading`` (any case): (heading line, level, end line).

    Lines are 0-based; the section runs from the line after the heading to
    ``end`` (exclusive): the next heading of the same or a higher level, or the
    end of the document.
    """
    wanted = " ".join(heading.split()).casefold()
    found: tuple[int, int] | None = None
    for line, level, title in document_headings(text):
        if found is not None and level <= found[1]:
            return found[0], found[1], line
        if found is None and title == wanted:
            found = (line, level)
    if found is None:
        return None
    return found[0], found[1], len(LINE_END.split(text.encode("utf-8"))) if text else 0


def section_text(text: str, heading: str) -> str | None:
    """What a section holds under its heading (up to the next heading of its level), or None if absent."""
    span = find_section(text, heading)
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
