"""Metric tables in one document: the Markdown tables whose columns are periods (or a period's value).

A table is a metric table when its header names periods (``| Metric | Q3 2024 | Q4 2024 | Change |``,
``| | 2024 | 2025 |``, ``| | Jan | Feb | Mar |`` in a dated document: that document's months) or, in a
document that has a period, has a ``Value`` / ``Current`` column (the value for the document's period).
Its first column names the metric; a ``Change`` column is checked against the values beside it. Tables
are found by markdown-it-py (GFM tables); as with goals, a table in code or in a block quote (a quoted
report) is not read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from journal.metric_values import ChangeCheck, Reading, check_change, plain_cell, read_value

if TYPE_CHECKING:
    from journal.periods import Period

VALUE_HEADERS = frozenset({"value", "current", "actual", "now", "this quarter", "this period", "result"})
CHANGE_HEADERS = frozenset({"change", "delta", "δ", "diff", "difference", "trend", "qoq", "yoy", "mom", "vs"})
_MONTH_NAMES = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
MONTH_WORDS = frozenset({*_MONTH_NAMES, *(name[:3] for name in _MONTH_NAMES), "sept"})
_SHORT_PERIOD_PATTERN = r"^(?:(?P<quarter>q[1-4])|(?P<half>h[12])|(?P<month>[a-z]{3,9})\.?)$"
# A GFM delimiter row somewhere in the bytes: a document without one has no table (no parse needed).
DELIMITER_ROW = re.compile(rb"^[ \t]{0,3}\|?[ \t]*:?-+:?[ \t]*\|", re.MULTILINE)


@lru_cache(maxsize=1)
def _short_period() -> re.Pattern[str]:
    """A column header naming a period short (``Q3``, ``H1``, ``Mar``): compiled at the first table read."""
    return re.compile(_SHORT_PERIOD_PATTERN, re.IGNORECASE)


@dataclass(frozen=True)
class MetricRow:
    """One row of a metric table: the metric's name, its values by period, the row as written.

    ``line``: the row's 1-based line in its document; ``values``: (period key, the cell read), in
    column order; ``change``: the Change cell checked, when the row has one that can be.
    """

    name: str
    line: int
    text: str
    values: tuple[tuple[str, Reading], ...]
    change: ChangeCheck | None = None


@lru_cache(maxsize=1)
def _parser() -> Any:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.front_matter import front_matter_plugin

    parser = MarkdownIt("commonmark").enable("table").use(front_matter_plugin)
    parser.core.ruler.disable("inline")  # the cells' raw text is all that is read
    return parser


def may_hold_tables(data: bytes) -> bool:
    """Whether a document's bytes hold a table delimiter row (``|---|---|``): only those are parsed."""
    return b"|" in data and DELIMITER_ROW.search(data) is not None


def metric_rows(text: str, document_period: Period | None, fiscal_year_start: int = 1) -> list[MetricRow]:
    """Every metric row of every metric table in a document's text, in document order."""
    tokens = _parser().parse(text)
    lines = re.split(r"\r\n|\r|\n", text)
    found: list[MetricRow] = []
    index, quotes = 0, 0
    while index < len(tokens):
        kind = tokens[index].type
        quotes += (kind == "blockquote_open") - (kind == "blockquote_close")
        if kind == "table_open":
            header, rows, index = _table(tokens, index)
            columns = _columns(header, document_period, fiscal_year_start) if not quotes else None
            if columns is not None:
                found += [row for row in (_row(cells, line, lines, columns) for cells, line in rows) if row]
        index += 1
    return found


def _table(tokens: list, index: int) -> tuple[list[str], list[tuple[list[str], int]], int]:
    """The header cells and the body rows (cells, 0-based line) of the table opening at ``index``."""
    header: list[str] = []
    rows: list[tuple[list[str], int]] = []
    cells: list[str] | None = None
    in_head = False
    while tokens[index].type != "table_close":
        token = tokens[index]
        if token.type == "thead_open":
            in_head = True
        elif token.type == "thead_close":
            in_head = False
        elif token.type == "tr_open" and not in_head:
            cells = []
            rows.append((cells, token.map[0] if token.map else 0))
        elif token.type == "inline":
            (header if in_head else cells if cells is not None else header).append(token.content)
        index += 1
    return header, rows, index


@dataclass(frozen=True)
class _Columns:
    periods: tuple[tuple[int, str], ...]  # (column, period key)
    change: int | None


def _columns(header: list[str], document_period: Period | None, fiscal: int) -> _Columns | None:
    """Which columns of a table hold values by period (and which its change); None: not a metric table."""
    if not header or header_period(header[0], document_period, fiscal) is not None:
        return None
    periods: list[tuple[int, str]] = []
    change, value_column = None, None
    for column, cell in enumerate(header[1:], start=1):
        words = plain_cell(cell).casefold()
        period = header_period(cell, document_period, fiscal)
        if period is not None:
            periods.append((column, period.key))
        elif words in VALUE_HEADERS and document_period is not None:
            value_column = (column, document_period.key)
        elif words in CHANGE_HEADERS or words.startswith(("change", "% change", "δ")):
            change = column
    if value_column is not None and value_column[1] not in {key for _column, key in periods}:
        periods = sorted([*periods, value_column])  # a Value column beside the period's own column is that column
    if not periods or len({key for _column, key in periods}) != len(periods):
        return None
    return _Columns(tuple(periods), change)


def header_period(cell: str, document_period: Period | None, fiscal: int = 1) -> Period | None:
    """The period a header cell names: ``Q3 2024``, ``2025``, ``2025-03``; ``Jan``/``Q3``/``H1`` in a dated document."""
    from journal.periods import PeriodError, parse_period

    text = plain_cell(cell)
    if not text or len(text) > 40:
        return None
    if any(ch.isdigit() for ch in text) and not _short_period().match(text):
        try:  # only with a digit: "this", "next", "last" or "today" are words, not a column's period
            return parse_period(text, fiscal_year_start=fiscal)
        except PeriodError:
            return None
    match = _short_period().match(text)
    if match is None or document_period is None:
        return None
    if match["month"] and match["month"].casefold() not in MONTH_WORDS:
        return None
    return _latest_named(text.rstrip("."), document_period, fiscal)


def _latest_named(text: str, document_period: Period, fiscal: int) -> Period | None:
    """``Jan`` or ``Q3`` in a document: the latest such period that starts before the document's period ends."""
    from journal.periods import PeriodError, parse_period

    for year in range(document_period.end.year, document_period.start.year - 2, -1):
        try:
            period = parse_period(f"{text} {year}", fiscal_year_start=fiscal)
        except PeriodError:
            return None
        if period.start <= document_period.end:
            return period
    return None


def _row(cells: list[str], line: int, lines: list[str], columns: _Columns) -> MetricRow | None:
    """A body row as a metric row; None for a row with no name, or no digit in any period's cell (a roadmap's
    ``| Search | ✅ | planned |`` is no metric)."""
    if not cells:
        return None
    name = plain_cell(cells[0])
    values = tuple((key, read_value(cells[column])) for column, key in columns.periods if column < len(cells))
    if not name or not any(any(ch.isdigit() for ch in reading.text) for _key, reading in values):
        return None
    check = None
    if columns.change is not None and columns.change < len(cells) and len(values) >= 2:
        check = _checked_change(read_value(cells[columns.change]), columns, values)
    return MetricRow(name=name, line=line + 1, text=lines[line] if line < len(lines) else "", values=values,
                     change=check)  # fmt: skip


def _checked_change(change: Reading, columns: _Columns, values: tuple) -> ChangeCheck | None:
    """The Change cell against the two period columns left of it, or (that failing) the first and the last."""
    before_change = [pair for (column, _key), pair in zip(columns.periods, values, strict=False)
                     if column < columns.change] or list(values)  # fmt: skip
    pairs = []
    if len(before_change) >= 2:
        pairs.append((before_change[-2], before_change[-1]))
    if (values[0], values[-1]) not in pairs:
        pairs.append((values[0], values[-1]))
    first_check = None
    for (first, before), (last, after) in pairs:
        check = check_change(change, before, after, first, last)
        if check is not None and check.matches:
            return check
        first_check = first_check or check
    return first_check
