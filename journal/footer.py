"""A document's closing footer: a final ``---`` rule (and what follows it) or a final italic line.

Answers and notes written into a document go above it, never after it:
``*Confidential - internal use only*`` stays the last line. Standard library only.
"""

from __future__ import annotations

import re

__all__ = ["footer_start", "insert_above_footer"]

_RULE = re.compile(rb" {0,3}([-*_])[ \t]*(?:\1[ \t]*){2,}")
_ITALIC = re.compile(rb"[ \t]*(?:\*[^*\s][^*]*\*|_[^_\s][^_]*_)[ \t]*[.!]?[ \t]*")
_MOST_FOOTER_LINES = 6  # a footer is a few lines: a long italic passage is the document's own text


def _lines(data: bytes) -> list[bytes]:
    """The document's lines, each with its ending."""
    return data.splitlines(keepends=True)


def footer_start(data: bytes) -> int | None:
    """The byte offset where the document's closing footer starts, or None when it has none.

    A footer is a thematic break (``---``, ``***``, ``___`` after a blank line,
    so not a setext heading's underline) followed only by italic lines, or a
    final paragraph of italic lines, with at most a few lines in all.
    """
    lines = _lines(data)
    end = len(lines)
    while end and not lines[end - 1].strip():
        end -= 1
    position = end
    while position and (not lines[position - 1].strip() or _ITALIC.fullmatch(lines[position - 1].rstrip(b"\r\n"))):
        position -= 1
    rule = position - 1
    if rule >= 1 and _RULE.fullmatch(lines[rule].rstrip(b"\r\n")) and not lines[rule - 1].strip():
        start = rule
    elif position < end:
        start = position
        while start < end and not lines[start].strip():
            start += 1
        if any(not lines[n].strip() for n in range(start, end)):
            # Only the last italic paragraph: italic lines further up belong to the text.
            start = max(n for n in range(start, end) if not lines[n].strip()) + 1
    else:
        return None
    if end - start > _MOST_FOOTER_LINES or start == 0 or not any(line.strip() for line in lines[:start]):
        return None
    return sum(len(line) for line in lines[:start])


def insert_above_footer(data: bytes, heading: str, block: str) -> bytes:
    """``block`` at the end of section ``heading`` (created if missing), above the document's footer if it has one.

    Only bytes are added (``journal.documents.insert_in_section``); the footer's bytes follow unchanged.
    """
    from journal.documents import insert_in_section, newline_of

    offset = footer_start(data)
    if offset is None:
        return insert_in_section(data, heading, block)
    head, footer = data[:offset], data[offset:]
    body = head.rstrip(b"\r\n")
    trailing = head[len(body) :]
    written = insert_in_section(body, heading, block)
    newline = newline_of(data)
    if not written.endswith((b"\n", b"\r")):
        written += newline
    gap = trailing if trailing.count(b"\n") + trailing.count(b"\r") - trailing.count(b"\r\n") >= 2 else newline * 2
    return written.rstrip(b"\r\n") + gap + footer
