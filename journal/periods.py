"""The Period type: a year, half, quarter, month or ISO week, with a canonical, sortable key.

Canonical keys (also the stems of entry and ledger files)::

    2025        year            2025-q1     quarter         2025-w03    ISO week
    2025-h1     half            2025-03     month

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

Standard library only: this module is imported on the CLI's fast path.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from journal.errors import PeriodError

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

PERIOD_KINDS = ("year", "half", "quarter", "month", "week")  # the one list of period kinds, longest first
KINDS = PERIOD_KINDS  # the old name

MIN_YEAR = 1000
MAX_YEAR = 9999

FORMS_HINT = (
    "expected a year (2025), half (2025-h1), quarter (2025-q1, Q1 2025), month (2025-03, March 2025), "
    "ISO week (2025-w12) or this/next/last (optionally with a kind: next quarter)"
)
KEY_HINT = "canonical keys look like 2025, 2025-h1, 2025-q1, 2025-03, 2025-w03"
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
_STEPS = {"this": 0, "next": 1, "last": -1, "previous": -1}
_DAY = timedelta(days=1)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _weeks_in(iso_year: int) -> int:
    # 28 December is always in the last ISO week of its year.
    return date(iso_year, 12, 28).isocalendar()[1]


def _count(kind: str, year: int) -> int:
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
    if kind == "week":
        return date.fromisocalendar(year, index, 1)
    if kind == "month":
        return date(year, index, 1)
    return _first_of_month(year, fiscal_year_start - 1 + (index - 1) * _MONTHS_IN[kind])


def _end(kind: str, year: int, index: int, fiscal_year_start: int) -> date:
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


@dataclass(frozen=True, slots=True)
class Period:
    """One year, half, quarter, month or ISO week; immutable, hashable and ordered chronologically.

    ``year`` is the fiscal year for years, halves and quarters, the calendar year for
    months and the ISO year for weeks. ``index`` is 1 for a year, 1-2 for a half, 1-4
    for a quarter, 1-12 for a month and 1-53 for a week. Invalid values raise PeriodError.
    """

    kind: str
    year: int
    index: int
    fiscal_year_start: int = 1

    def __post_init__(self) -> None:
        reason = _problem(self.kind, self.year, self.index, self.fiscal_year_start)
        if reason is not None:
            raise PeriodError(
                f"invalid period: kind={self.kind!r} year={self.year!r} index={self.index!r}", hint=reason
            )

    @property
    def key(self) -> str:
        """The canonical key: ``2025``, ``2025-h1``, ``2025-q1``, ``2025-03`` or ``2025-w03``."""
        kind = self.kind
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
        """A human label: ``2025``, ``H1 2025``, ``Q1 2025``, ``March 2025`` or ``W03 2025``."""
        kind = self.kind
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
        quarters, months and weeks; a month contains its weeks.
        """
        if other.kind == "week":
            thursday = other.start + 3 * _DAY
            return self.start <= thursday <= self.end
        return self.start <= other.start and other.end <= self.end

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

_KEY_RE = re.compile(r"([0-9]{4})(?:-(?:h([0-9])|q([0-9])|w([0-9]{2})|([0-9]{2})))?")

# A stem is a canonical key, optionally followed by "-" and a template name that starts with a letter.
# The lookahead keeps "2025-h1x" or "2025-Q1" from reading as the year 2025 with a template "h1x"/"Q1".
_FILENAME_RE = re.compile(
    r"([0-9]{4})(?:-(h[0-9]+|q[0-9]+|w[0-9]+|[0-9]+))?(?:-(?![hqwHQW][0-9])([^\W\d_][^/\\\x00]*))?"
)


def _key_parts(match: re.Match[str]) -> tuple[str, int, int]:
    year = int(match[1])
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
    """The period of a canonical key (``2025``, ``2025-h1``, ``2025-q1``, ``2025-03``, ``2025-w03``).

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


def period_from_filename(stem: str, fiscal_year_start: int = 1) -> tuple[Period, str] | None:
    """Split a file stem into its period and template name: ``2025-q4-report`` -> (Q4 2025, "report").

    The template name is "" when the stem is just a key. None when the stem does not
    start with a valid canonical key, or what follows is not "-" and a name starting
    with a letter (so a daily note such as ``2025-03-15`` is None).
    """
    match = _FILENAME_RE.fullmatch(stem) if isinstance(stem, str) else None
    if match is None:
        return None
    key = f"{match[1]}-{match[2]}" if match[2] else match[1]
    try:
        period = from_key(key, fiscal_year_start)
    except PeriodError:
        return None
    return period, match[3] or ""


# --- what people type ----------------------------------------------------------------------------

_FY = r"(?:fy\s*)?"
_SEP = r"\s*(?:[-/_,]\s*)?"
# Kept as strings and compiled on first use through re's cache: parsing is off the fast path of importing.
_PARSE_FORMS: tuple[tuple[str, str], ...] = (
    (rf"{_FY}(?P<y>[0-9]{{4}})", "year"),
    (rf"{_FY}(?P<y>[0-9]{{4}}){_SEP}q(?P<i>[0-9]{{1,2}})", "quarter"),
    (rf"q(?P<i>[0-9]{{1,2}}){_SEP}{_FY}(?P<y>[0-9]{{4}})", "quarter"),
    (r"(?P<y>[0-9]{4})-(?P<i>[0-9]{2})", "month"),
    (rf"(?P<m>[a-z]+)\.?{_SEP}(?P<y>[0-9]{{4}})", "month"),
    (rf"(?P<y>[0-9]{{4}}){_SEP}(?P<m>[a-z]+)", "month"),
    (rf"{_FY}(?P<y>[0-9]{{4}}){_SEP}h(?P<i>[0-9]{{1,2}})", "half"),
    (rf"h(?P<i>[0-9]{{1,2}}){_SEP}{_FY}(?P<y>[0-9]{{4}})", "half"),
    (rf"(?P<y>[0-9]{{4}}){_SEP}w(?P<i>[0-9]{{1,2}})", "week"),
    (rf"(?:w|week\s*)(?P<i>[0-9]{{1,2}}){_SEP}(?P<y>[0-9]{{4}})", "week"),
)
_RELATIVE_PATTERN = r"(this|next|last|previous)(?:[\s_-]+(year|half|quarter|month|week))?"


def _shown(text: str) -> str:
    return repr(text if len(text) <= 60 else text[:57] + "...")


def parse_period(
    text: str,
    *,
    today: date | None = None,
    fiscal_year_start: int = 1,
    default_kind: str = "quarter",
) -> Period:
    """Parse a period as people type it; case-insensitive, surrounding whitespace ignored.

    Accepts the canonical keys and ``q1-2025``, ``Q1 2025``, ``2025Q1``, ``Q1/2025``,
    ``H1 2025``, ``March 2025``, ``mar 2025``, ``2025W12``, ``W12 2025``, ``Week 12, 2025``,
    an ``FY`` prefix on the year of years, halves and quarters (``FY2025``, ``Q1 FY2025``),
    and ``this``/``next``/``last``/``previous``, alone (a period of ``default_kind``) or
    with a kind (``next quarter``, ``last-month``, ``this_week``), relative to ``today``
    (default: the current date). Years have four digits and months two. Raises
    PeriodError naming the input, with a hint listing the accepted forms.
    """
    _check_kind(default_kind)
    _check_fiscal(fiscal_year_start)
    shown = text if isinstance(text, str) else str(text)
    normal = shown.strip().lower()

    relative = re.fullmatch(_RELATIVE_PATTERN, normal)
    if relative:
        kind = relative[2] or default_kind
        current = period_of(today or date.today(), kind, fiscal_year_start)
        step = _STEPS[relative[1]]
        return current if step == 0 else current._shift(step)

    for pattern, kind in _PARSE_FORMS:
        match = re.fullmatch(pattern, normal)
        if match is None:
            continue
        month_name = match.groupdict().get("m")
        if month_name is not None:
            index = _MONTH_NUMBERS.get(month_name)
            if index is None:
                continue
        else:
            index = int(match["i"]) if kind != "year" else 1
        year = int(match["y"])
        reason = _problem(kind, year, index, fiscal_year_start)
        if reason is not None:
            raise PeriodError(f"not a period: {_shown(shown)}", hint=f"{reason}; {FORMS_HINT}")
        return Period(kind, year, index, fiscal_year_start)

    if re.fullmatch(r"[0-9]{4}-[0-9]", normal):
        raise PeriodError(f"not a period: {_shown(shown)}", hint=f"months have two digits; {FORMS_HINT}")
    raise PeriodError(f"not a period: {_shown(shown)}", hint=FORMS_HINT)


# --- periods named in headings ----------------------------------------------------------------

_TEXT_YEAR = r"(?:fy\s?)?(?:19|20)[0-9]{2}"
_TEXT_SEP = r"\s*(?:[-/,]\s*)?"
_MONTH_ALTERNATION = "|".join(sorted(_MONTH_NUMBERS, key=len, reverse=True))
# Each alternative names its groups <kind letter><n>_y and _i (or _m for a month name).
_TEXT_ALTERNATIVES = (
    rf"q(?P<q1_i>[0-9]{{1,2}}){_TEXT_SEP}(?P<q1_y>{_TEXT_YEAR})",
    rf"(?P<q2_y>{_TEXT_YEAR}){_TEXT_SEP}q(?P<q2_i>[0-9]{{1,2}})",
    rf"h(?P<h1_i>[0-9]{{1,2}}){_TEXT_SEP}(?P<h1_y>{_TEXT_YEAR})",
    rf"(?P<h2_y>{_TEXT_YEAR}){_TEXT_SEP}h(?P<h2_i>[0-9]{{1,2}})",
    rf"(?:w|week\s*)(?P<w1_i>[0-9]{{1,2}}){_TEXT_SEP}(?P<w1_y>(?:19|20)[0-9]{{2}})",
    r"(?P<w2_y>(?:19|20)[0-9]{2})\s*-?\s*w(?P<w2_i>[0-9]{1,2})",
    r"(?P<m1_y>(?:19|20)[0-9]{2})-(?P<m1_i>[0-9]{2})(?![-/]?[0-9])",
    rf"(?P<m2_m>{_MONTH_ALTERNATION})\.?,?\s+(?P<m2_y>(?:19|20)[0-9]{{2}})",
    # A lone year, unless it is one end of a range such as 2020-2021 or 2024/25.
    rf"(?P<y1_y>{_TEXT_YEAR})(?!\s*[-\u2013\u2014/]\s*[0-9])",
)
_TEXT_KINDS = {"q": "quarter", "h": "half", "w": "week", "m": "month", "y": "year"}
_TEXT_PATTERN = r"(?<![\w.#$])(?:" + "|".join(_TEXT_ALTERNATIVES) + r")(?![\w%]|[.,][0-9])"
_RANGE_BEFORE_PATTERN = r"[0-9]\s*[-\u2013\u2014/]\s*$"
_BARE_MARKER_PATTERN = r"(?<![\w.#$])[qh][0-9]{1,2}(?!\w)"
_TEXT_RELATIVE_PATTERN = r"(?<!\w)(this|next|last|previous)[\s_-]+(year|half|quarter|month|week|period)(?!\w)"
_INVALID = object()


def _text_token(match: re.Match[str], text: str, fiscal_year_start: int) -> Period | object | None:
    """The period a _TEXT_PATTERN match names; None for the end of a range, _INVALID when out of range."""
    groups = {name: value for name, value in match.groupdict().items() if value is not None}
    name = next(iter(groups))
    kind = _TEXT_KINDS[name[0]]
    prefix = name[:3]
    year = int(groups[prefix + "y"].lower().removeprefix("fy").strip())
    if kind == "year":
        if re.search(_RANGE_BEFORE_PATTERN, text[: match.start()]):
            return None
        index = 1
    elif prefix + "m" in groups:
        index = _MONTH_NUMBERS[groups[prefix + "m"].lower()]
    else:
        index = int(groups[prefix + "i"])
    if _problem(kind, year, index, fiscal_year_start) is not None:
        return _INVALID
    return Period(kind, year, index, fiscal_year_start)


def _relative(relative_to: Period, kind: str, step: int, fiscal_year_start: int) -> Period | None:
    if kind == "period":
        return relative_to if step == 0 else relative_to._shift(step)
    if _RANK[relative_to.kind] >= _RANK[kind]:
        # Same kind or finer target: shift the period of that kind holding relative_to
        # (for a week, the one holding its Thursday).
        anchor = relative_to.start + 3 * _DAY if relative_to.kind == "week" else relative_to.start
        base = period_of(anchor, kind, fiscal_year_start)
        return base if step == 0 else base._shift(step)
    # Coarser relative_to (a year's "next quarter"): the first period of that kind after it
    # (or the last one before it); "this quarter" of a year names no single quarter.
    if step == 0:
        return None
    if step > 0:
        candidate = period_of(relative_to.end + _DAY, kind, fiscal_year_start)
        return candidate.next() if relative_to.contains(candidate) else candidate
    candidate = period_of(relative_to.start - _DAY, kind, fiscal_year_start)
    return candidate.previous() if relative_to.contains(candidate) else candidate


def find_period_in_text(
    text: str, *, relative_to: Period | None = None, fiscal_year_start: int | None = None
) -> Period | None:
    """The one period a heading names ("Q1 2026 Priorities" -> 2026-q1), or None.

    Explicit periods are quarters (``Q1 2026``, ``2026-Q1``), halves (``H2 2025``),
    ISO weeks (``2025-W12``, ``W12 2025``, ``Week 12, 2025``), months (``2025-03``,
    ``March 2025``) and years (``2027``, ``FY2027``); years must be word-bounded
    19xx or 20xx. An explicit period wins over relative words. None when the text
    names no period or several different ones (``Q4 2024 - Q1 2025``), a year range
    (``2020-2021``), an out-of-range value (``Q5 2025``), or a year next to a bare
    quarter or half (``Q1 Priorities 2026``).

    Without an explicit period, ``next``/``this``/``last``/``previous`` followed by
    ``year``, ``half``, ``quarter``, ``month``, ``week`` or ``period`` is resolved
    against ``relative_to`` (None without it): ``next period`` is relative_to.next();
    when relative_to is the same kind or finer, ``next quarter`` is the quarter after
    the one holding relative_to (for a week, its Thursday); when relative_to is coarser
    (a year's ``next quarter``), it is the first quarter after relative_to ends
    (``last quarter``: the last one before it starts; ``this quarter``: None).

    ``fiscal_year_start`` defaults to relative_to's (1 without relative_to).
    """
    if fiscal_year_start is None:
        fiscal_year_start = relative_to.fiscal_year_start if relative_to is not None else 1
    _check_fiscal(fiscal_year_start)
    if not isinstance(text, str):
        return None
    explicit: list[Period] = []
    spans: list[tuple[int, int]] = []
    for match in re.finditer(_TEXT_PATTERN, text, re.IGNORECASE):
        spans.append(match.span())
        token = _text_token(match, text, fiscal_year_start)
        if token is _INVALID:
            return None
        if isinstance(token, Period) and token not in explicit:
            explicit.append(token)
    if explicit:
        if len(explicit) > 1:
            return None
        for bare in re.finditer(_BARE_MARKER_PATTERN, text, re.IGNORECASE):
            if not any(start <= bare.start() < end for start, end in spans):
                return None
        return explicit[0]

    phrases = {(_STEPS[m[1].lower()], m[2].lower()) for m in re.finditer(_TEXT_RELATIVE_PATTERN, text, re.IGNORECASE)}
    if len(phrases) != 1 or relative_to is None:
        return None
    step, kind = phrases.pop()
    try:
        return _relative(relative_to, kind, step, fiscal_year_start)
    except PeriodError:
        return None
