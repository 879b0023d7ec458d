"""Period keys to dates and labels, with nothing but ``datetime``: what `journal status` needs on its fast path.

``journal.periods`` is the Period type every other command uses; importing it
costs a shell prompt too much (dataclasses, re). These functions agree with it
for every canonical key (tests/test_status.py checks them against it).
"""

from __future__ import annotations

from datetime import date, timedelta

MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS_IN = {"year": 12, "half": 6, "quarter": 3}


def _month_end(year: int, offset: int) -> date:
    """The last day of the month ``offset`` months after January of ``year``."""
    y, m = year + offset // 12, offset % 12 + 1
    return date(y, 12, 31) if m == 12 else date(y, m + 1, 1) - timedelta(days=1)


def split_key(key: str) -> tuple[str, int, int] | None:
    """``2025-q1`` -> ("quarter", 2025, 1), ``2025-03-14`` -> ("day", 2025, 73); None for anything else."""
    head, _, tail = key.partition("-")
    if len(head) != 4 or not (head.isascii() and head.isdigit()):
        return None
    year = int(head)
    if year < 1000:
        return None
    if not tail:
        return "year", year, 1
    if len(tail) == 5 and tail[2] == "-":  # a day: 2025-03-14, its index the day of the year
        month, day = tail[:2], tail[3:]
        if not (month.isascii() and month.isdigit() and day.isascii() and day.isdigit()):
            return None
        try:
            return "day", year, date(year, int(month), int(day)).timetuple().tm_yday
        except ValueError:
            return None
    letter = tail[0]
    kind = {"h": "half", "q": "quarter", "w": "week"}.get(letter)
    digits = tail[1:] if kind else tail
    if not digits.isdigit() or not digits.isascii():
        return None
    kind = kind or "month"
    if len(digits) != (2 if kind in ("month", "week") else 1):
        return None  # canonical keys only: 2025-03, 2025-w03, 2025-q1, 2025-h1
    index = int(digits)
    limits = {"half": 2, "quarter": 4, "month": 12, "week": 53}
    if not 1 <= index <= limits[kind]:
        return None
    return kind, year, index


def key_end(key: str, fiscal_year_start: int = 1) -> date | None:
    """The last day of the period ``key`` (None when it is not a canonical key)."""
    found = kind_and_end(key, fiscal_year_start)
    return found[1] if found is not None else None


def kind_and_end(key: str, fiscal_year_start: int = 1) -> tuple[str, date] | None:
    """The kind of the period ``key`` and its last day (None when it is not a canonical key): one parse."""
    parts = split_key(key)
    if parts is None:
        return None
    kind, year, index = parts
    try:
        if kind == "day":
            return kind, date(year, 1, 1) + timedelta(days=index - 1)
        if kind == "week":
            return kind, date.fromisocalendar(year, index, 7)
        if kind == "month":
            return kind, _month_end(year, index - 1)
        return kind, _month_end(year, fiscal_year_start - 2 + index * _MONTHS_IN[kind])
    except ValueError:
        return None


def key_of(day: date, kind: str, fiscal_year_start: int = 1) -> str:
    """The key of the period of ``kind`` that holds ``day``."""
    if kind == "day":
        return day.isoformat()
    if kind == "week":
        iso = day.isocalendar()
        return f"{iso[0]}-w{iso[1]:02d}"
    if kind == "month":
        return f"{day.year}-{day.month:02d}"
    offset = day.month - fiscal_year_start
    year = day.year if offset >= 0 else day.year - 1
    if kind == "year":
        return str(year)
    index = (offset % 12) // _MONTHS_IN[kind] + 1
    return f"{year}-{kind[0]}{index}"


def previous_key(key: str, fiscal_year_start: int = 1) -> str:
    """The key of the period of the same kind just before ``key`` (a canonical key)."""
    parts = split_key(key)
    if parts is None:
        raise ValueError(key)
    kind, year, index = parts
    start = date(year, 1, 1)
    if kind == "day":
        start = date(year, 1, 1) + timedelta(days=index - 1)
    elif kind == "week":
        start = date.fromisocalendar(year, index, 1)
    elif kind == "month":
        start = date(year, index, 1)
    else:
        offset = fiscal_year_start - 1 + (index - 1) * _MONTHS_IN[kind]
        start = date(year + offset // 12, offset % 12 + 1, 1)
    return key_of(start - timedelta(days=1), kind, fiscal_year_start)


def key_label(key: str) -> str:
    """``Q1 2025``, ``H1 2025``, ``March 2025``, ``W03 2025``, ``2025``, ``Fri 14 March 2025``; else the key itself."""
    parts = split_key(key)
    if parts is None:
        return key
    kind, year, index = parts
    if kind == "year":
        return str(year)
    if kind == "month":
        return f"{MONTH_NAMES[index - 1]} {year}"
    if kind == "week":
        return f"W{index:02d} {year}"
    if kind == "day":
        day = date(year, 1, 1) + timedelta(days=index - 1)
        return f"{WEEKDAY_NAMES[day.weekday()][:3]} {day.day} {MONTH_NAMES[day.month - 1]} {year}"
    return f"{kind[0].upper()}{index} {year}"
