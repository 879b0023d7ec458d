"""The Period type: a year, half, quarter, month, ISO week or day, with a canonical, sortable key.

Canonical keys (also the stems of entry and ledger files)::

    2025        year            2025-q1     quarter         2025-w03    ISO week
    2025-h1     half            2025-03     month           2025-03-14  day

Fiscal years. ``fiscal_year_start`` is a month (1-12). Fiscal year N begins on the
first day of month ``fiscal_year_start`` of calendar year N: it is named after the
calendar year in which it *starts*. With ``fiscal_year_start=4``, 2025 runs from
2025-04-01 to 2026-03-31, Q1 2025 is 2025-04-01..2025-06-30, and 2025-02-01 falls in
Q4 2024. Years, halves and quarters follow the fiscal year; months are calendar
months and weeks are ISO 8601 weeks whatever ``fiscal_year_start`` is (a week's
``year`` is its ISO year, so 2025-w01 starts on Monday 2024-12-30).

A week belongs to the period that holds its Thursday (the ISO rule), so 2025-w01 is
in year 2025 and in Q1 2025 although its Monday is in 2024.

Years run from 1000 to 9999, and a period must end by 9999-12-31.

Reading periods out of text (what people type, what headings name) is journal.period_text.

Standard library only: this module is imported on the CLI's fast path.
"""

from __future__ import annotations

import functools
import re
from datetime import date, timedelta
from typing import TYPE_CHECKING

from journal.errors import PeriodError
from journal.lazy_pattern import LazyPattern

if TYPE_CHECKING:
    from journal.period_text import find_period_in_text, parse_period

__all__ = [
    "KINDS",
    "PERIOD_KINDS",
    "Period",
    "PeriodError",
    "find_period_in_text",
    "from_key",
    "parse_period",
    "period_from_filename",
    "period_of",
]

PERIOD_KINDS = ("year", "half", "quarter", "month", "week", "day")  # the one list of period kinds, longest first
KINDS = PERIOD_KINDS  # the old name

MIN_YEAR = 1000
MAX_YEAR = 9999

KEY_HINT = "canonical keys look like 2025, 2025-h1, 2025-q1, 2025-03, 2025-w03, 2025-03-14"
KIND_HINT = "kinds are " + ", ".join(KINDS)

MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTH_NUMBERS = {name.lower(): n for n, name in enumerate(MONTH_NAMES, 1)}
_MONTH_NUMBERS.update({name[:3].lower(): n for n, name in enumerate(MONTH_NAMES, 1)})
_MONTH_NUMBERS["sept"] = 9

_RANK = {kind: rank for rank, kind in enumerate(KINDS)}
_MONTHS_IN = {"year": 12, "half": 6, "quarter": 3}
_PER_YEAR = {"year": 1, "half": 2, "quarter": 4, "month": 12}
_INDEX_RANGE = {
    "year": "a year has index 1",
    "half": "halves are h1-h2",
    "quarter": "quarters are q1-q4",
    "month": "months are 01-12",
}
_DAY = timedelta(days=1)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _weeks_in(iso_year: int) -> int:
    # 28 December is always in the last ISO week of its year.
    return date(iso_year, 12, 28).isocalendar()[1]


def _days_in(year: int) -> int:
    return 366 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 365


def _count(kind: str, year: int) -> int:
    if kind == "day":
        return _days_in(year)
    return _weeks_in(year) if kind == "week" else _PER_YEAR[kind]


def _first_of_month(year: int, offset: int) -> date:
    """The first day of the month ``offset`` months after January of ``year``."""
    return date(year + offset // 12, offset % 12 + 1, 1)


def _last_of_month(year: int, offset: int) -> date:
    """The last day of the month ``offset`` months after January of ``year``."""
    y, m = year + offset // 12, offset % 12 + 1
    # Computed without the next month's first day, which does not exist after 9999-12.
    return date(y, 12, 31) if m == 12 else date(y, m + 1, 1) - _DAY


def _start(kind: str, year: int, index: int, fiscal_year_start: int) -> date:
    if kind == "day":
        return date(year, 1, 1) + (index - 1) * _DAY
    if kind == "week":
        return date.fromisocalendar(year, index, 1)
    if kind == "month":
        return date(year, index, 1)
    return _first_of_month(year, fiscal_year_start - 1 + (index - 1) * _MONTHS_IN[kind])


def _end(kind: str, year: int, index: int, fiscal_year_start: int) -> date:
    if kind == "day":
        return _start(kind, year, index, fiscal_year_start)
    if kind == "week":
        return date.fromisocalendar(year, index, 1) + 6 * _DAY
    if kind == "month":
        return _last_of_month(year, index - 1)
    return _last_of_month(year, fiscal_year_start - 2 + index * _MONTHS_IN[kind])


def _problem(kind: str, year: int, index: int, fiscal_year_start: int) -> str | None:
    """Why (kind, year, index, fiscal_year_start) is not a period, or None when it is one."""
    if kind not in _RANK:
        return f"unknown period kind {kind!r}; {KIND_HINT}"
    if not _is_int(year) or not MIN_YEAR <= year <= MAX_YEAR:
        return f"years run {MIN_YEAR}-{MAX_YEAR}"
    if not _is_int(fiscal_year_start) or not 1 <= fiscal_year_start <= 12:
        return "fiscal_year_start is a month, 1-12"
    if not _is_int(index):
        return "the index is an integer"
    if kind == "week":
        weeks = _weeks_in(year)
        if not 1 <= index <= weeks:
            return f"{year} has {weeks} ISO weeks" if index == 53 else "weeks are w01-w53"
    elif kind == "day":
        if not 1 <= index <= _days_in(year):
            return "not a date in the calendar"
    elif not 1 <= index <= _PER_YEAR[kind]:
        return _INDEX_RANGE[kind]
    if year == MAX_YEAR:
        try:
            _end(kind, year, index, fiscal_year_start)
        except (OverflowError, ValueError):
            return "it would end after 9999-12-31"
    return None


def _check_kind(kind: str) -> None:
    if kind not in _RANK:
        raise PeriodError(f"unknown period kind: {kind!r}", hint=KIND_HINT)


def _check_fiscal(fiscal_year_start: int) -> None:
    if not _is_int(fiscal_year_start) or not 1 <= fiscal_year_start <= 12:
        raise PeriodError(
            f"invalid fiscal_year_start: {fiscal_year_start!r}", hint="fiscal_year_start is a month, 1-12"
        )


class Period:
    """One year, half, quarter, month, ISO week or day; immutable, hashable and ordered chronologically.

    ``year`` is the fiscal year for years, halves and quarters, the calendar year for
    months and days and the ISO year for weeks. ``index`` is 1 for a year, 1-2 for a half,
    1-4 for a quarter, 1-12 for a month, 1-53 for a week and the day of the year (1-366)
    for a day. Invalid values raise PeriodError.

    A plain slotted class that behaves as the frozen dataclass it was (fields,
    equality, hash, repr, pickling; tests/test_goal_record.py holds it to one):
    every command imports this module, and dataclasses costs more than starting Python.
    """

    __slots__ = ("kind", "year", "index", "fiscal_year_start")
    __match_args__ = ("kind", "year", "index", "fiscal_year_start")

    kind: str
    year: int
    index: int
    fiscal_year_start: int

    def __init__(self, kind: str, year: int, index: int, fiscal_year_start: int = 1) -> None:
        setter = object.__setattr__
        setter(self, "kind", kind)
        setter(self, "year", year)
        setter(self, "index", index)
        setter(self, "fiscal_year_start", fiscal_year_start)
        reason = _problem(kind, year, index, fiscal_year_start)
        if reason is not None:
            raise PeriodError(f"invalid period: kind={kind!r} year={year!r} index={index!r}", hint=reason)

    def _fields(self) -> tuple[str, int, int, int]:
        return (self.kind, self.year, self.index, self.fiscal_year_start)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return (self.kind, self.year, self.index, self.fiscal_year_start) == (
                other.kind, other.year, other.index, other.fiscal_year_start  # type: ignore[attr-defined]
            )  # fmt: skip
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.kind, self.year, self.index, self.fiscal_year_start))

    def __repr__(self) -> str:
        kind, year, index, fiscal = self._fields()
        shown = f"kind={kind!r}, year={year!r}, index={index!r}, fiscal_year_start={fiscal!r}"
        return f"{self.__class__.__qualname__}({shown})"

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"cannot assign to field {name!r}")  # as dataclasses' FrozenInstanceError says

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}")

    def __reduce__(self) -> tuple:
        return (self.__class__, self._fields())  # to and from the worker processes that parse many documents

    @property
    def key(self) -> str:
        """The canonical key: ``2025``, ``2025-h1``, ``2025-q1``, ``2025-03``, ``2025-w03`` or ``2025-03-14``."""
        kind = self.kind
        if kind == "day":
            return self.start.isoformat()
        if kind == "year":
            return str(self.year)
        if kind == "half":
            return f"{self.year}-h{self.index}"
        if kind == "quarter":
            return f"{self.year}-q{self.index}"
        if kind == "month":
            return f"{self.year}-{self.index:02d}"
        return f"{self.year}-w{self.index:02d}"

    @property
    def label(self) -> str:
        """A human label: ``2025``, ``H1 2025``, ``Q1 2025``, ``March 2025``, ``W03 2025``, ``Fri 14 March 2025``."""
        kind = self.kind
        if kind == "day":
            day = self.start
            return f"{WEEKDAY_NAMES[day.weekday()][:3]} {day.day} {MONTH_NAMES[day.month - 1]} {day.year}"
        if kind == "year":
            return str(self.year)
        if kind == "half":
            return f"H{self.index} {self.year}"
        if kind == "quarter":
            return f"Q{self.index} {self.year}"
        if kind == "month":
            return f"{MONTH_NAMES[self.index - 1]} {self.year}"
        return f"W{self.index:02d} {self.year}"

    @property
    def start(self) -> date:
        """The first day of the period."""
        return _start(self.kind, self.year, self.index, self.fiscal_year_start)

    @property
    def end(self) -> date:
        """The last day of the period (inclusive)."""
        return _end(self.kind, self.year, self.index, self.fiscal_year_start)

    @property
    def sort_key(self) -> tuple[date, int, int, int]:
        """Chronological order: by start, longer first (a year before its Q1), then kind and fiscal start."""
        start = self.start
        # Kind and fiscal start only break ties between different periods covering the same days.
        return (start, (start - self.end).days, _RANK[self.kind], self.fiscal_year_start)

    def _shift(self, step: int) -> Period:
        if self.kind == "year":
            return Period("year", self.year + step, 1, self.fiscal_year_start)
        year, index = self.year, self.index + step
        if index < 1:
            year -= 1
            index = _count(self.kind, year) if year >= MIN_YEAR else 1
        elif index > _count(self.kind, year):
            year, index = year + 1, 1
        return Period(self.kind, year, index, self.fiscal_year_start)

    def previous(self) -> Period:
        """The period of the same kind just before this one (PeriodError before year 1000)."""
        return self._shift(-1)

    def next(self) -> Period:
        """The period of the same kind just after this one (PeriodError past 9999-12-31)."""
        return self._shift(1)

    def contains(self, other: Period) -> bool:
        """Whether ``other`` lies within this period; a week counts where its Thursday is.

        A period contains itself; a year, half or quarter contains its halves,
        quarters, months, weeks and days; a month and a week contain their days.
        """
        if other.kind == "week":
            thursday = other.start + 3 * _DAY
            return self.start <= thursday <= self.end
        return self.start <= other.start and other.end <= self.end

    def enclosing(self, kind: str) -> Period:
        """The period of ``kind`` that holds this one, as ``contains`` counts (a week where its Thursday is).

        For a ``kind`` shorter than this period's, the one holding its first day (or Thursday).
        """
        day = self.start + 3 * _DAY if self.kind == "week" else self.start
        return period_of(day, kind, self.fiscal_year_start)

    def children(self, kind: str) -> list[Period]:
        """The periods of ``kind`` this period contains, in order (``[self]`` for its own kind)."""
        _check_kind(kind)
        if _RANK[kind] < _RANK[self.kind]:
            return []
        start, end = self.start, self.end
        if kind == "week":
            # The first week whose Thursday is on or after our first day.
            child = period_of(start + ((3 - start.weekday()) % 7) * _DAY, "week", self.fiscal_year_start)
        else:
            child = period_of(start, kind, self.fiscal_year_start)
        found = []
        while child.start <= end:
            if self.contains(child):
                found.append(child)
            try:
                child = child.next()
            except PeriodError:
                break
        return found

    def __str__(self) -> str:
        return self.key

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self.sort_key < other.sort_key

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self.sort_key <= other.sort_key

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self.sort_key > other.sort_key

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self.sort_key >= other.sort_key


def period_of(day: date, kind: str, fiscal_year_start: int = 1) -> Period:
    """The period of ``kind`` that holds ``day``."""
    if kind == "day":
        return Period("day", day.year, day.timetuple().tm_yday, fiscal_year_start)
    if kind == "week":
        iso = day.isocalendar()
        return Period("week", iso[0], iso[1], fiscal_year_start)
    if kind == "month":
        return Period("month", day.year, day.month, fiscal_year_start)
    _check_kind(kind)
    _check_fiscal(fiscal_year_start)
    offset = day.month - fiscal_year_start
    year = day.year if offset >= 0 else day.year - 1
    return Period(kind, year, (offset % 12) // _MONTHS_IN[kind] + 1, fiscal_year_start)


# --- canonical keys and file names -------------------------------------------------------------

_KEY_RE = LazyPattern(r"([0-9]{4})(?:-(?:h([0-9])|q([0-9])|w([0-9]{2})|([0-9]{2})(?:-([0-9]{2}))?))?")

# A stem is a canonical key, optionally followed by "-" and a template name that starts with a letter.
# The lookahead keeps "2025-h1x" from reading as the year 2025 with a template "h1x". Any case:
# Obsidian's Periodic Notes names a quarter 2025-Q1 and a week 2025-W03.
_FILENAME_RE = LazyPattern(
    r"([0-9]{4})(?:-(h[0-9]+|q[0-9]+|w[0-9]+|[0-9]+(?:-[0-9]+)?))?(?:-(?![hqw][0-9])([^\W\d_][^/\\\x00]*))?",
    re.IGNORECASE,
)


def _key_parts(match: re.Match[str]) -> tuple[str, int, int]:
    year = int(match[1])
    if match[6]:
        try:
            return "day", year, date(year, int(match[5]), int(match[6])).timetuple().tm_yday
        except ValueError:
            return "day", year, 0  # not a date: _problem says so
    if match[2]:
        return "half", year, int(match[2])
    if match[3]:
        return "quarter", year, int(match[3])
    if match[4]:
        return "week", year, int(match[4])
    if match[5]:
        return "month", year, int(match[5])
    return "year", year, 1


def from_key(key: str, fiscal_year_start: int = 1) -> Period:
    """The period of a canonical key (``2025``, ``2025-h1``, ``2025-q1``, ``2025-03``, ``2025-w03``, ``2025-03-14``).

    Only canonical keys are accepted (lower case, weeks and months zero-padded); use
    parse_period for what people type. Raises PeriodError.
    """
    match = _KEY_RE.fullmatch(key) if isinstance(key, str) else None
    if match is None:
        raise PeriodError(f"not a period key: {key!r}", hint=KEY_HINT)
    kind, year, index = _key_parts(match)
    reason = _problem(kind, year, index, fiscal_year_start)
    if reason is not None:
        raise PeriodError(f"not a period key: {key!r}", hint=reason)
    return Period(kind, year, index, fiscal_year_start)


@functools.lru_cache(maxsize=8192)  # pure, and asked for every document by several commands
def period_from_filename(stem: str, fiscal_year_start: int = 1) -> tuple[Period, str] | None:
    """Split a file stem into its period and template name: ``2025-q4-report`` -> (Q4 2025, "report").

    Any case (``2025-Q4``, ``2025-W03``: Obsidian's Periodic Notes names). The template
    name is "" when the stem is just a key. None when the stem does not start with a
    valid key, or what follows is not "-" and a name starting with a letter.
    """
    match = _FILENAME_RE.fullmatch(stem) if isinstance(stem, str) else None
    if match is None:
        return None
    key = f"{match[1]}-{match[2]}".lower() if match[2] else match[1]
    try:
        period = from_key(key, fiscal_year_start)
    except PeriodError:
        return None
    return period, match[3] or ""


def __getattr__(name: str) -> object:
    # What people type and what headings name are read in journal.period_text (which imports this
    # module); they are still found here, where callers have always imported them.
    if name in ("parse_period", "find_period_in_text"):
        from journal import period_text

        return getattr(period_text, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
