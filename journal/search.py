"""Full-text search: the lines of every document that match, and the goals whose words match.

Pure reading: documents are read as bytes and only those with a match are
split into lines, so 2,000 documents cost little more than reading them.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from journal.errors import DocumentError, UsageError

if TYPE_CHECKING:
    from journal.config import Journal
    from journal.ledger import Goal, Ledger
    from journal.periods import Period
_NEWLINE = re.compile("\n")


@dataclass(frozen=True)
class LineMatch:
    """One matching line of a document."""

    period: str | None
    file: str
    line: int
    text: str

    def as_dict(self) -> dict[str, Any]:
        """The `search --json` form of a line."""
        return {"period": self.period, "file": self.file, "line": self.line, "text": self.text}


@dataclass
class SearchResult:
    """What a search found: lines in period order, then goals; documents that could not be read."""

    lines: list[LineMatch] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)


def compile_pattern(pattern: str, *, regex: bool = False) -> re.Pattern[str]:
    """PATTERN as a case-insensitive matcher: its words as typed, or (``regex``) a Python regular expression."""
    if not pattern.strip():
        raise UsageError("the search pattern is empty")
    if not regex:
        return re.compile(re.escape(pattern), re.IGNORECASE)
    try:
        return re.compile(pattern, re.IGNORECASE | re.MULTILINE)
    except re.error as exc:
        raise UsageError(
            f"not a regular expression: {pattern!r} ({exc})", hint="leave out --regex to search the words as typed"
        ) from None


def matching_lines(text: str, matcher: re.Pattern[str]) -> list[tuple[int, str]]:
    """Each line of ``text`` holding a match, once: (1-based line, the line's text).

    Lines end at LF, CRLF or a lone CR, as in the documents' line numbers;
    ``^`` and ``$`` match at each line's start and end.
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    found: list[tuple[int, str]] = []
    starts: list[int] | None = None
    last = 0
    for match in matcher.finditer(text):
        if match.start() == len(text) and text.endswith("\n"):
            break  # an empty match after the final line ending is no line
        if starts is None:
            starts = [0, *(newline.end() for newline in _NEWLINE.finditer(text))]
        number = bisect_right(starts, match.start())
        if number == last:
            continue
        last = number
        start = starts[number - 1]
        end = text.find("\n", start)
        found.append((number, text[start : end if end != -1 else len(text)]))
    return found


def search_journal(
    journal: Journal, ledger: Ledger, matcher: re.Pattern[str], *, within: Period | None = None, lines: bool = True
) -> SearchResult:
    """Lines of every document matching ``matcher`` (with ``lines``), and the goals whose text matches.

    ``within``: only documents whose period lies in it, and goals for a period in it.
    """
    result = SearchResult()
    if lines:
        _search_documents(journal, matcher, within, result)
    result.goals = matching_goals(journal, ledger, matcher, within)
    return result


def _search_documents(journal: Journal, matcher: re.Pattern[str], within: Period | None, result: SearchResult) -> None:
    from journal.documents import read_document
    from journal.sync import document_period, scan_documents

    found: list[tuple[tuple, LineMatch]] = []
    for name in scan_documents(journal):
        path = journal.root / name
        try:
            text = read_document(path).text
        except DocumentError as exc:
            result.skipped.append((name, str(exc)))
            continue
        hits = matching_lines(text, matcher)
        if not hits:
            continue
        try:
            period = document_period(journal, path, text)
        except DocumentError:
            period = None
        if within is not None and (period is None or not within.contains(period)):
            continue
        order = (0, period.sort_key) if period is not None else (1, ())
        for number, line in hits:
            found.append(((order, name, number), LineMatch(period.key if period else None, name, number, line)))
    found.sort(key=lambda pair: pair[0])
    result.lines = [match for _order, match in found]


def matching_goals(journal: Journal, ledger: Ledger, matcher: re.Pattern[str], within: Period | None) -> list[Goal]:
    """Goals whose text matches, at their latest link, in period order (removed ones too)."""
    from journal.ledger.model import STATUSES
    from journal.queries import select_goals

    candidates = select_goals(ledger, STATUSES, within, None, fiscal=journal.settings.fiscal_year_start)
    return [goal for goal in candidates if matcher.search(goal.text)]
