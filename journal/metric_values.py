"""The numbers of metric tables: a cell read as a value with its unit and sign, and a "Change" cell checked.

Cells are read the way people write them in reports: ``99.2%``, ``245``,
``12,500``, ``$98,500``, ``-47.8%``, ``1.2k``, ``190 ms``, ``-3 pts``; ``n/a``,
``—``, ``-`` and an empty cell are missing values. A cell that reads as no
number (``0 / 3``) keeps its text and has no value.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass
from typing import Any

MISSING = frozenset({"", "-", "—", "–", "n/a", "na", "n.a.", "tbd", "?", "none", "unknown", "…", "..."})
_MULTIPLIERS = {"k": 1e3, "K": 1e3, "M": 1e6, "B": 1e9, "bn": 1e9}
_CURRENCIES = "$€£¥₹"
_VALUE_PATTERN = (
    r"^(?P<sign>[+\-−±])?\s*(?P<currency>[$€£¥₹])?\s*(?P<sign2>[+\-−])?"
    r"(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
    r"(?:\s*(?P<multiplier>k|K|M|B|bn)(?![A-Za-z]))?"
    r"\s*(?P<unit>%|[A-Za-z][A-Za-z./]{0,11}(?:\s[A-Za-z]{1,8})?)?$"
)
_MARKUP = re.compile(r"^(?:\*\*|__|\*|_|`|~~)+|(?:\*\*|__|\*|_|`|~~)+$")
_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.DOTALL)
_ARROWS = {"↑": 1, "▲": 1, "⬆": 1, "↗": 1, "↓": -1, "▼": -1, "⬇": -1, "↘": -1, "→": 0, "↔": 0, "=": 0}
POINT_UNITS = frozenset({"pts", "pt", "pp", "points", "point", "p.p.", "bps", "bp"})


def frozen_instance(cls: type, values: tuple) -> Any:
    """``cls(*values)`` for a frozen dataclass given every field in order, without the ``object.__setattr__`` per
    field its ``__init__`` pays: metric rows are rebuilt from the cache by the thousand, every review. Values of
    another shape go through ``cls(*values)`` (and its errors)."""
    names = cls.__dataclass_fields__  # type: ignore[attr-defined]
    if type(values) is not tuple or len(values) != len(names):
        return cls(*values)
    made = object.__new__(cls)
    made.__dict__.update(zip(names, values, strict=True))
    return made


@functools.cache
def _value() -> re.Pattern[str]:
    """A cell's number pattern, compiled at the first cell read (a review from cached rows reads none)."""
    return re.compile(_VALUE_PATTERN)


@dataclass(frozen=True)
class Reading:
    """One cell: its text as written, and the number it says (None: missing or not a number).

    ``decimals``: the digits shown after the point (the precision the writer gave);
    ``signed``: whether the writer wrote a sign; ``unit``: ``%``, ``$``, ``ms``, ``pts``... or None.
    """

    text: str
    value: float | None = None
    unit: str | None = None
    decimals: int = 0
    signed: bool = False
    direction: int | None = None  # an arrow's say: 1 up, -1 down, 0 flat

    @property
    def missing(self) -> bool:
        """Whether the cell says no value (``n/a``, ``—``, empty)."""
        return self.value is None and plain_cell(self.text).casefold() in MISSING

    def as_number(self) -> int | float | None:
        """The value as JSON gives it: an int when it is whole and written without decimals."""
        if self.value is None:
            return None
        return int(self.value) if self.decimals == 0 and self.value == int(self.value) else self.value


def plain_cell(text: str) -> str:
    """A cell's text without the emphasis around it (``**99.2%**``) or HTML comments (a template's
    ``<!-- X% -->``), blanks collapsed."""
    text = " ".join(_COMMENT.sub(" ", text).split()) if "<!--" in text else " ".join(text.split())
    previous = None
    while previous != text:
        previous, text = text, _MARKUP.sub("", text).strip()
    return text


def read_value(text: str) -> Reading:
    """What a table cell says: ``Reading(text, value, unit, decimals, signed)``."""
    plain = plain_cell(text).lstrip("~≈").strip()
    direction = None
    if plain[:1] in _ARROWS:
        direction, plain = _ARROWS[plain[0]], plain[1:].strip()
    elif plain[-1:] in _ARROWS and len(plain) > 1:
        direction, plain = _ARROWS[plain[-1]], plain[:-1].strip()
    match = _value().match(plain)
    if match is None:
        return Reading(text=plain_cell(text), direction=direction)
    number = match["number"].replace(",", "")
    value = float(number) * _MULTIPLIERS.get(match["multiplier"] or "", 1.0)
    if not math.isfinite(value) or len(number) > 30:  # a run of digits no report means as a number
        return Reading(text=plain_cell(text), direction=direction)
    sign = match["sign"] or match["sign2"]
    if sign in ("-", "−"):
        value = -value
    decimals = len(number.partition(".")[2])
    unit = match["currency"] or _unit(match["unit"])
    if match["currency"] and match["unit"]:  # "$98,500 USD": the currency symbol says it
        unit = match["currency"]
    return Reading(
        text=plain_cell(text), value=value, unit=unit, decimals=decimals, signed=sign is not None, direction=direction
    )


def _unit(unit: str | None) -> str | None:
    if unit is None:
        return None
    unit = unit.strip()
    return unit if unit != "x" else "x"


def shown(value: float, decimals: int, unit: str | None = None, *, signed: bool = False) -> str:
    """``value`` written with ``decimals`` digits after the point, its unit after it (``$`` before it)."""
    text = f"{abs(value):,.{decimals}f}" if abs(value) >= 10_000 else f"{abs(value):.{decimals}f}"
    sign = "-" if value < 0 and float(text.replace(",", "")) != 0 else ("+" if signed else "")
    if unit in tuple(_CURRENCIES):
        return f"{sign}{unit}{text}"
    if unit is None:
        return f"{sign}{text}"
    return f"{sign}{text}{unit}" if unit == "%" else f"{sign}{text} {unit}"


@dataclass(frozen=True)
class ChangeCheck:
    """A "Change" cell checked against the two values beside it.

    ``expected``: the change the values give, written as the cell writes it
    (a relative change in %, or a difference); ``matches``: whether the cell says it.
    """

    text: str
    first: str  # period key of the earlier value
    last: str  # period key of the later value
    expected: str
    matches: bool

    def as_dict(self) -> dict[str, object]:
        """The `metrics --json` form of a checked Change cell."""
        return {
            "text": self.text,
            "from": self.first,
            "to": self.last,
            "expected": self.expected,
            "matches": self.matches,
        }


def _candidates(change: Reading, before: Reading, after: Reading) -> list[tuple[float, str | None]]:
    """The changes ``change`` may be stating: (the number it should show, the unit it shows it in)."""
    assert before.value is not None and after.value is not None
    difference = after.value - before.value
    unit = change.unit
    if unit == "%":
        found = []
        if before.value != 0:
            found.append((difference / abs(before.value) * 100, "%"))
        if before.unit == "%" and after.unit == "%":  # percentage points written as %: "+0.6%" for 99.2% -> 99.8%
            found.append((difference, "%"))
        return found
    if unit is None or unit in POINT_UNITS or unit == before.unit or unit == after.unit:
        return [(difference, unit)]
    return []


def check_change(change: Reading, before: Reading, after: Reading, first: str, last: str) -> ChangeCheck | None:
    """Whether a Change cell states the change from ``before`` to ``after``; None when it cannot be checked.

    A stated number matches when it is within one unit of its last shown digit of the change the values
    give (a relative change or, for percentages, a difference in points); an unsigned number is read as a
    size, an arrow as a direction only.
    """
    if before.value is None or after.value is None:
        return None
    difference = after.value - before.value
    if change.value is None:
        if change.direction is None:
            return None
        matches = change.direction == (difference > 0) - (difference < 0)
        return ChangeCheck(change.text, first, last, _arrow(difference), matches)
    candidates = _candidates(change, before, after)
    if not candidates:
        return None
    tolerance = 10.0**-change.decimals + 1e-9
    stated = change.value
    for number, _unit_shown in candidates:
        said = number if change.signed else abs(number)
        if change.direction is not None and change.direction != (number > 0) - (number < 0):
            continue
        if abs(said - stated) <= tolerance:
            return ChangeCheck(change.text, first, last, shown(number, change.decimals, change.unit, signed=True), True)
    number = candidates[0][0]
    return ChangeCheck(
        change.text, first, last, shown(number, max(change.decimals, 1), change.unit, signed=True), False
    )


def _arrow(difference: float) -> str:
    return "↑" if difference > 0 else "↓" if difference < 0 else "→"
