"""Obsidian Tasks' done date: ``✅ 2025-04-15`` added to a Tasks line marked done, removed when it is not.

The plugin appends the date at the end of the line, before a block id
(``^abc``), and removes it when the task is un-done; journal does the same on
a line that holds one of the plugin's fields (``📅``, ``⏫``...), so a vault
reads the same to both tools. A line without them is left as it is. Only
the bytes of the date (and the space before it) change.
"""

from __future__ import annotations

from datetime import date

from journal.attributes import TASKS_EMOJI
from journal.lazy_pattern import LazyPattern
from journal.words import one_line

DONE_DATE_RE = LazyPattern(r"[ \t]*✅\ufe0f?[ \t]*\d{4}-\d{2}-\d{2}(?![\w-])")
BLOCK_ID_RE = LazyPattern(r"[ \t]+\^[A-Za-z0-9-]+[ \t]*$")


# A Tasks field: a dated one (📅 2025-05-01), a priority or a recurrence; a ✅ alone is a word ("✅ Shipped").
TASKS_FIELD_RE = LazyPattern(r"(?:📅|⏳|🛫|➕|✅|❌)\ufe0f?[ \t]*\d{4}-\d{2}-\d{2}|[🔺⏫🔼🔽⏬🔁]")


def is_tasks_line(text: str) -> bool:
    """Whether a task's words hold an Obsidian Tasks field (a date, a priority, a recurrence)."""
    return any(emoji in text for emoji in TASKS_EMOJI) and TASKS_FIELD_RE.search(text) is not None


def with_done_date(words: str, done: bool, today: date) -> str:
    """A Tasks line's words (after its marker) with its ``✅`` date as the status wants it: added when done
    and missing (before a block id), removed when not done; unchanged otherwise or on another line."""
    if not is_tasks_line(words):
        return words
    present = DONE_DATE_RE.search(words)
    if done and present is None:
        block = BLOCK_ID_RE.search(words)
        end = block.start() if block else len(words.rstrip(" \t"))
        separator = "" if end == 0 or words[end - 1] in " \t" else " "
        return f"{words[:end]}{separator}✅ {today.isoformat()}{words[end:]}"
    if not done and present is not None:
        return words[: present.start()] + words[present.end() :]
    return words


def set_done_date(data: bytes, line: int, expected_text: str, done: bool, today: date) -> tuple[bytes, str | None]:
    """The document with the Tasks item at ``line`` given (or rid of) its done date, and the item's new words.

    (data, None) when nothing changes: not a Tasks line, the date already as
    it should be, or an item whose words go on past its first line (the plugin
    reads one-line tasks only).
    """
    from journal.documents import item_marker, line_span

    start, end = line_span(data, line)
    if start == 0 and data.startswith(b"\xef\xbb\xbf"):
        start = 3
    try:
        text = data[start:end].decode("utf-8")
    except UnicodeDecodeError:
        return data, None
    match = item_marker(text, expected_text)
    if match is None:
        return data, None
    words = text[match.end() :]
    if one_line(words) != one_line(expected_text):
        return data, None
    changed = with_done_date(words, done, today)
    if changed == words:
        return data, None
    new_line = (text[: match.end()] + changed).encode("utf-8")
    return data[:start] + new_line + data[end:], one_line(changed)
