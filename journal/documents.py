"""Documents: reading them safely, their period, and byte-exact edits of one item's marker."""

from __future__ import annotations

import re
from dataclasses import dataclass
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
    try:
        text = data[start:end].decode("utf-8")
    except UnicodeDecodeError:
        raise DocumentError(f"{where}:{line}: not UTF-8 text") from None
    match = ITEM_PREFIX.match(text)
    rest = text[match.end() :] if match else ""
    first_line = _normalise(rest)
    expected = _normalise(expected_text)
    if not match or not (expected.startswith(first_line) if first_line else not expected):
        raise DocumentError(
            f"{where}:{line}: the goal is no longer on this line",
            hint="the document changed; run 'journal sync' and try again",
        )
    prefix = match.group(1)
    if match.group(2):
        marker_at = start + len(prefix.encode("utf-8")) + 1
        return data[:marker_at] + marker.encode("ascii") + data[marker_at + 1 :]
    insert_at = start + len(prefix.encode("utf-8"))
    separator = b"" if prefix.endswith((" ", "\t")) else b" "
    suffix = b" " if rest else b""
    return data[:insert_at] + separator + f"[{marker}]".encode("ascii") + suffix + data[insert_at:]
