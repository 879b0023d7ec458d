"""Full-text search: the lines of every document that match, and the goals whose words match.

Pure reading: documents are read as bytes and only those with a match are
split into lines, so 2,000 documents cost little more than reading them.
"""

from __future__ import annotations

import os
import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from itertools import accumulate
from typing import TYPE_CHECKING, Any, NamedTuple

from journal.errors import DocumentError, UsageError

if TYPE_CHECKING:
    from journal.config import Journal
    from journal.ledger import Goal, Ledger
    from journal.periods import Period


class LineMatch(NamedTuple):
    """One matching line of a document."""

    period: str | None
    file: str
    line: int
    text: str

    def as_dict(self) -> dict[str, Any]:
        """The `search --json` form of a line."""
        return {"period": self.period, "file": self.file, "line": self.line, "text": self.text}


class SearchResult:
    """What a search found: lines in period order, then goals; documents that could not be read."""

    __slots__ = ("lines", "goals", "skipped")  # a plain class: a dataclass costs more to create at import

    def __init__(self) -> None:
        self.lines: list[LineMatch] = []
        self.goals: list[Goal] = []
        self.skipped: list[tuple[str, str]] = []


class Matcher(NamedTuple):
    """What a search looks for: a case-insensitive regular expression, and the words when typed plainly."""

    regex: re.Pattern[str]
    words: str | None = None


def compile_pattern(pattern: str, *, regex: bool = False) -> Matcher:
    """PATTERN as a case-insensitive Matcher: its words as typed, or (``regex``) a Python regular expression."""
    if not pattern.strip():
        raise UsageError("the search pattern is empty")
    if not regex:
        return Matcher(re.compile(re.escape(pattern), re.IGNORECASE), pattern)
    try:
        return Matcher(re.compile(pattern, re.IGNORECASE | re.MULTILINE))
    except re.error as exc:
        raise UsageError(
            f"not a regular expression: {pattern!r} ({exc})", hint="leave out --regex to search the words as typed"
        ) from None


def matching_lines(
    text: str, matcher: re.Pattern[str], quick: str | None = None, lowered: str | None = None
) -> list[tuple[int, str]]:
    """Each line of ``text`` holding a match, once: (1-based line, the line's text).

    Lines end at LF, CRLF or a lone CR, as in the documents' line numbers;
    ``^`` and ``$`` match at each line's start and end. ``quick``: the
    lower-case ASCII words of a plain pattern, found by plain string search
    in the lower-cased text where that gives the same matches (faster);
    ``lowered``: ``text.lower()`` if the caller has it already.
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        lowered = None
    found: list[tuple[int, str]] = []
    number, counted_to, line_end = 1, 0, -1
    for at in _match_starts(text, matcher, quick, lowered):
        if at == len(text) and text.endswith("\n"):
            break  # an empty match after the final line ending is no line
        if at <= line_end:
            continue  # this line is listed already
        number += text.count("\n", counted_to, at)
        counted_to = at
        start = text.rfind("\n", 0, at) + 1
        line_end = text.find("\n", at)
        if line_end == -1:
            line_end = len(text)
        found.append((number, text[start:line_end]))
    return found


# Letters a case-insensitive pattern matches to an ASCII letter though lower() keeps them apart (İ ı to i,
# ſ to s), or that lower() makes longer (İ). Without them, lower() keeps each character where it was and an
# ASCII pattern's case-insensitive matches are exactly where its lower-case words are in the lower-cased text.
_FOLDED_APART = ("\u0130", "\u0131", "\u017f")


def plainly_lowered(text: str) -> str | None:
    """``text.lower()`` when a plain search of it finds what a case-insensitive ASCII pattern matches; else None."""
    if text.isascii() or not any(letter in text for letter in _FOLDED_APART):
        return text.lower()
    return None


def _match_starts(text: str, matcher: re.Pattern[str], quick: str | None, lowered: str | None) -> Iterator[int]:
    """Where each match in ``text`` starts, in order."""
    if quick and (lowered is not None or (lowered := plainly_lowered(text)) is not None):
        at = lowered.find(quick)
        while at != -1:
            yield at
            at = lowered.find(quick, at + 1)
        return
    for match in matcher.finditer(text):
        yield match.start()


def scan_for_search(journal: Journal) -> dict[str, os.stat_result]:
    """The documents' stats for a search, scanned once: the sync before the search takes this look too
    (``journal.prescan``) instead of scanning the documents again."""
    from journal import prescan
    from journal.ledger.cache import Cache
    from journal.sync import scan_documents

    links: list[str] = []
    documents = scan_documents(journal, links)
    prescan.keep(journal, Cache(journal), documents, links)
    return documents


def search_journal(
    journal: Journal,
    ledger: Ledger,
    matcher: Matcher,
    *,
    within: Period | None = None,
    lines: bool = True,
    documents: dict[str, os.stat_result] | None = None,
) -> SearchResult:
    """Lines of every document matching ``matcher`` (with ``lines``), and the goals whose text matches.

    ``within``: only documents whose period lies in it, and goals for a period in it. ``documents``: their
    stats as scanned (``scan_for_search``; by default they are scanned now).
    """
    result = SearchResult()
    if lines:
        if documents is None:
            from journal.sync import scan_documents

            documents = scan_documents(journal)
        _search_documents(journal, matcher, within, result, documents)
    result.goals = matching_goals(journal, ledger, matcher, within)
    return result


def _search_documents(
    journal: Journal, matcher: Matcher, within: Period | None, result: SearchResult, documents: dict[str, Any]
) -> None:
    from journal.search_index import WordIndex
    from journal.sync import document_period

    found: list[tuple[tuple, LineMatch]] = []
    quick = matcher.words.lower() if matcher.words is not None and matcher.words.isascii() else None
    quick_bytes = quick.encode("ascii") if quick is not None else None
    index = WordIndex(journal) if quick is not None else None
    wanted = index.candidates(documents, quick) if index is not None and quick is not None else documents
    root = str(journal.root)
    for name, info in documents.items():
        if name not in wanted:
            continue  # its indexed words cannot hold the pattern's
        data = _document_bytes(os.path.join(root, name), info.st_size, name, result)
        if data is None:
            continue
        lowered = data.lower() if quick_bytes is not None and data.isascii() else None
        if index is not None:
            index.record(name, info, lowered)
        if lowered is not None and quick_bytes not in lowered:
            continue  # ASCII: lower() moves no letter, so a plain pattern's match would be there
        text = _document_text(data, name, result)
        if text is None:
            continue
        hits = matching_lines(text, matcher.regex, quick, lowered.decode("ascii") if lowered is not None else None)
        if not hits:
            continue
        path = journal.root / name
        try:
            period = document_period(journal, path, text)
        except DocumentError:
            period = None
        if within is not None and (period is None or not within.contains(period)):
            continue
        order = (0, period.sort_key) if period is not None else (1, ())
        for number, line in hits:
            found.append(((order, name, number), LineMatch(period.key if period else None, name, number, line)))
    if index is not None:
        index.save(documents)
    found.sort(key=lambda pair: pair[0])
    result.lines = [match for _order, match in found]


def _document_bytes(path: str, size: int, name: str, result: SearchResult) -> bytes | None:
    """A document's bytes (the scan saw a regular file), or None with the reason added to ``result.skipped``."""
    from journal.documents import MAX_DOCUMENT_BYTES

    if size > MAX_DOCUMENT_BYTES:
        result.skipped.append((name, f"larger than {MAX_DOCUMENT_BYTES >> 20} MB"))
        return None
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))  # os.read: no buffered file object per document
        try:
            data = os.read(fd, size + 1)  # its size, not MAX_DOCUMENT_BYTES: that would allocate it every time
            while len(data) > size and len(data) <= MAX_DOCUMENT_BYTES:  # it grew since the scan: read on
                more = os.read(fd, 1 << 20)
                if not more:
                    break
                data += more
        finally:
            os.close(fd)
    except OSError as exc:
        result.skipped.append((name, f"cannot read: {exc.strerror or exc}"))
        return None
    if len(data) > MAX_DOCUMENT_BYTES:
        result.skipped.append((name, f"larger than {MAX_DOCUMENT_BYTES >> 20} MB"))
        return None
    return data


def _document_text(data: bytes, name: str, result: SearchResult) -> str | None:
    """A document's text, or None when it is not UTF-8 or holds git conflict markers (noted in ``result``)."""
    from journal.documents import conflict_line

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        result.skipped.append((name, "not UTF-8 text"))
        return None
    conflict = conflict_line(data)
    if conflict is not None:
        result.skipped.append((name, f"line {conflict} holds git conflict markers"))
        return None
    return text.removeprefix("\ufeff")


def matching_goals(journal: Journal, ledger: Ledger, matcher: Matcher, within: Period | None) -> list[Goal]:
    """Goals whose text matches, at their latest link, in period order (removed ones too).

    Texts, links and periods come from the cached summaries (``ledger/texts.py``, ``ledger/links.py``): a
    lazy ledger decodes only the ledger files of the goals found.
    """
    from journal.ledger.links import row_lives_on
    from journal.ledger.texts import goal_texts
    from journal.periods import PeriodError, from_key

    by_id = getattr(ledger, "rows_by_id", None)  # a lazy ledger's: only the found goals' files' rows decoded
    rows = by_id() if by_id is not None else {row[0]: row for row in ledger.link_rows()}
    periods: dict[str, Period | None] = {}
    found: list[tuple[tuple, Goal]] = []
    ids, texts = goal_texts(journal, ledger)
    for at in matching_texts(texts, matcher):
        goal_id = ids[at]
        if row_lives_on(rows, goal_id):
            continue
        key = rows[goal_id][2]  # the period it is for
        if key not in periods:
            try:
                periods[key] = from_key(key, journal.settings.fiscal_year_start)
            except PeriodError:
                periods[key] = None
        period = periods[key]
        if within is not None and (period is None or not within.contains(period)):
            continue
        goal = ledger.goals[goal_id]
        found.append(((period.sort_key if period else (), goal.source, goal.line), goal))
    found.sort(key=lambda pair: pair[0])
    return [goal for _order, goal in found]


def matching_texts(texts: list[str], matcher: Matcher) -> list[int]:
    """The positions of the texts holding a match, in order.

    A plain ASCII pattern is looked for once in all the texts joined and lower-cased, where that finds what
    the case-insensitive regular expression does in each (``plainly_lowered``); else text by text.
    """
    quick = matcher.words.lower() if matcher.words is not None and matcher.words.isascii() else None
    lowered = plainly_lowered("\n".join(texts)) if quick else None
    if quick is None or lowered is None:
        matches = _text_matcher(matcher)
        return [at for at, text in enumerate(texts) if matches(text)]
    starts = list(accumulate((len(text) + 1 for text in texts), initial=0))  # where each text starts
    found: list[int] = []
    at = lowered.find(quick)
    while at != -1:
        index = bisect_right(starts, at) - 1
        if at + len(quick) <= starts[index] + len(texts[index]):  # within this text
            found.append(index)
            at = lowered.find(quick, starts[index + 1])
        else:  # across the line between two texts (PATTERN held a line break)
            at = lowered.find(quick, at + 1)
    return found


def _text_matcher(matcher: Matcher) -> Callable[[str], bool]:
    """Whether a goal's text holds a match: for a plain ASCII pattern, a plain search of the lower-cased text
    where it gives the same answer as the case-insensitive regular expression (``plainly_lowered``: faster)."""
    search = matcher.regex.search
    if matcher.words is None or not matcher.words.isascii():
        return lambda text: search(text) is not None
    quick = matcher.words.lower()

    def matches(text: str) -> bool:
        lowered = plainly_lowered(text)
        return quick in lowered if lowered is not None else search(text) is not None

    return matches
