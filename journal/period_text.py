"""Periods in text: what people type (``parse_period``) and the period a heading names (``find_period_in_text``).

Both return ``journal.periods.Period`` values; see that module for keys,
fiscal years and weeks. Standard library only.
"""

from __future__ import annotations

import re
from datetime import date

from journal.clock import today as clock_today
from journal.errors import PeriodError
from journal.periods import (
    _DAY,
    _MONTH_NUMBERS,
    _RANK,
    WEEKDAY_NAMES,
    Period,
    _check_fiscal,
    _check_kind,
    _problem,
    period_of,
)

__all__ = ["FORMS_HINT", "find_period_in_text", "parse_period"]

FORMS_HINT = (
    "expected a year (2025), half (2025-h1), quarter (2025-q1, Q1 2025), month (2025-03, March 2025), "
    "ISO week (2025-w12), day (2025-03-14, today, yesterday, tomorrow, last friday) "
    "or this/next/last (optionally with a kind: next quarter)"
)

_STEPS = {"this": 0, "next": 1, "last": -1, "previous": -1}
_DAY_WORDS = {"today": 0, "tomorrow": 1, "yesterday": -1}


# --- what people type ----------------------------------------------------------------------------

_FY = r"(?:fy\s*)?"
_SEP = r"\s*(?:[-/_,]\s*)?"
# Kept as strings and compiled on first use through re's cache: parsing is off the fast path of importing.
_PARSE_FORMS: tuple[tuple[str, str], ...] = (
    (rf"{_FY}(?P<y>[0-9]{{4}})", "year"),
    (rf"{_FY}(?P<y>[0-9]{{4}}){_SEP}q(?P<i>[0-9]{{1,2}})", "quarter"),
    (rf"q(?P<i>[0-9]{{1,2}}){_SEP}{_FY}(?P<y>[0-9]{{4}})", "quarter"),
    (r"(?P<y>[0-9]{4})-(?P<i>[0-9]{2})", "month"),
    (r"(?P<y>[0-9]{4})-(?P<i>[0-9]{2})-(?P<d>[0-9]{2})", "day"),
    (r"(?:[a-z]+,?\s+)?(?P<d>[0-9]{1,2})\s+(?P<m>[a-z]+)\.?,?\s+(?P<y>[0-9]{4})", "day"),
    (rf"(?P<m>[a-z]+)\.?{_SEP}(?P<y>[0-9]{{4}})", "month"),
    (rf"(?P<y>[0-9]{{4}}){_SEP}(?P<m>[a-z]+)", "month"),
    (rf"{_FY}(?P<y>[0-9]{{4}}){_SEP}h(?P<i>[0-9]{{1,2}})", "half"),
    (rf"h(?P<i>[0-9]{{1,2}}){_SEP}{_FY}(?P<y>[0-9]{{4}})", "half"),
    (rf"(?P<y>[0-9]{{4}}){_SEP}w(?P<i>[0-9]{{1,2}})", "week"),
    (rf"(?:w|week\s*)(?P<i>[0-9]{{1,2}}){_SEP}(?P<y>[0-9]{{4}})", "week"),
)
_RELATIVE_PATTERN = r"(this|next|last|previous)(?:[\s_-]+(year|half|quarter|month|week|day))?"
_WEEKDAY_PATTERN = r"(?:(this|next|last|previous)[\s_-]+)?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)"


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
    (default: the current date). Days: ``2025-03-14``, ``today``, ``yesterday``,
    ``tomorrow``, ``friday`` or ``this friday`` (this ISO week's), ``last friday`` (the
    latest Friday before today), ``next friday`` (the first one after). Years have four
    digits, months and days two. Raises PeriodError naming the input, with a hint
    listing the accepted forms.
    """
    _check_kind(default_kind)
    _check_fiscal(fiscal_year_start)
    shown = text if isinstance(text, str) else str(text)
    normal = shown.strip().lower()

    day = _relative_day(normal, today)
    if day is not None:
        return period_of(day, "day", fiscal_year_start)
    relative = re.fullmatch(_RELATIVE_PATTERN, normal)
    if relative:
        kind = relative[2] or default_kind
        current = period_of(today or clock_today(), kind, fiscal_year_start)
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
            if kind == "day":
                index = _day_of_year(int(match["y"]), index, int(match["d"]))
        elif kind == "day":
            index = _day_of_year(int(match["y"]), int(match["i"]), int(match["d"]))
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


def _relative_day(normal: str, today: date | None) -> date | None:
    """The day ``today``, ``yesterday``, ``tomorrow``, ``[this|next|last] friday`` name; None for other text."""
    if normal in _DAY_WORDS:
        return (today or clock_today()) + _DAY_WORDS[normal] * _DAY
    named = re.fullmatch(_WEEKDAY_PATTERN, normal)
    if named is None:
        return None
    base = today or clock_today()
    weekday = WEEKDAY_NAMES.index(named[2].capitalize())
    step = _STEPS[named[1]] if named[1] else 0
    if step == 0:
        return base + (weekday - base.weekday()) * _DAY
    if step > 0:
        return base + ((weekday - base.weekday() - 1) % 7 + 1) * _DAY
    return base - ((base.weekday() - weekday - 1) % 7 + 1) * _DAY


def _day_of_year(year: int, month: int, day: int) -> int:
    """The day of the year of a date; 0 (refused by the period check) when it is not a date."""
    try:
        return date(year, month, day).timetuple().tm_yday
    except ValueError:
        return 0


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
_WRITTEN_DATE_PATTERN = (
    rf"(?<!\w)[0-9]{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTH_ALTERNATION})\.?,?\s+(?:19|20)[0-9]{{2}}(?!\w)"
)
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
    # A date written out ("Tue 15 April 2025", a daily note's title) says when, and names no month or year.
    text = re.sub(_WRITTEN_DATE_PATTERN, lambda m: " " * len(m[0]), text, flags=re.IGNORECASE)
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
