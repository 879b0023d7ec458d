"""Measurable targets read from a goal's words: "Reduce P99 latency below 200ms" is at most 200 ms.

Pure text in, a ``Target`` (or None) out. A goal is measurable when exactly one number in it,
once dates, years, versions, ids, ratios, ranges and ranks are set aside, is tied to a direction:
a comparator ("below", "< ", "at least", "50+"), a verb that sets a level or a total ("Achieve
99.95%", "Run 300 km", "Reduce MTTR to 30 minutes"), or the goal's first words ("3 blog posts").
Several such numbers, or one with nothing saying which way it goes, is ambiguous: nothing is
guessed. A cadence ("per month", "weekly", "every 2 weeks") makes the number a count per window.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

DIRECTIONS = ("at_least", "at_most", "reach")
# cadence name -> (how many of the unit, the unit: day, week, month, quarter or year)
CADENCES: dict[str, tuple[int, str]] = {
    "day": (1, "day"),
    "week": (1, "week"),
    "2 weeks": (2, "week"),
    "month": (1, "month"),
    "quarter": (1, "quarter"),
    "year": (1, "year"),
}


@dataclass(frozen=True)
class Target:
    """What a measurable goal aims at: ``value`` in ``unit`` (None: a count), which way, and per which window."""

    value: float
    unit: str | None
    direction: str
    cadence: str | None = None

    def describe(self) -> str:
        """How people read it: ``at most 200 ms``, ``1 per month``, ``reach 300 km``."""
        amount = format_amount(self.value, self.unit)
        if self.cadence:
            return (
                f"{amount} per {self.cadence}"
                if self.direction == "reach"
                else (f"{self.direction.replace('_', ' ')} {amount} per {self.cadence}")
            )
        return f"{self.direction.replace('_', ' ')} {amount}"


def format_amount(value: float, unit: str | None) -> str:
    """``245 ms``, ``99.95%``, ``$98,500``, ``3``: a value with its unit, the way it is written."""
    number = f"{value:,.10g}" if abs(value) >= 10000 else f"{value:.10g}"
    if unit is None:
        return number
    if unit in MONEY:
        return f"-{unit}{number[1:]}" if number.startswith("-") else f"{unit}{number}"
    return f"{number}%" if unit == "%" else f"{number} {unit}"


class _Lazy:
    """A regular expression compiled on first use: importing this module (``journal goals``) stays quick."""

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern

    def __getattr__(self, name: str):
        compiled = re.compile(self.pattern)
        self.__dict__.update({n: getattr(compiled, n) for n in ("search", "match", "fullmatch", "finditer", "sub")})
        return getattr(compiled, name)


MONEY = ("$", "€", "£")
# unit as written -> its canonical name
UNIT_NAMES: dict[str, str] = {
    "%": "%", "percent": "%", "pct": "%",
    "ms": "ms", "msec": "ms", "millisecond": "ms", "milliseconds": "ms",
    "s": "s", "sec": "s", "secs": "s", "second": "s", "seconds": "s",
    "min": "min", "mins": "min", "minute": "min", "minutes": "min",
    "h": "h", "hr": "h", "hrs": "h", "hour": "h", "hours": "h",
    "d": "d", "day": "d", "days": "d", "business days": "d", "working days": "d",
    "km": "km", "kilometer": "km", "kilometers": "km", "kilometre": "km", "kilometres": "km",
    "mi": "mi", "mile": "mi", "miles": "mi",
    "kg": "kg", "kgs": "kg", "lb": "lb", "lbs": "lb",
}  # fmt: skip
# dimension of each canonical unit -> how many of the dimension's base unit it is
CONVERSIONS: dict[str, tuple[str, float]] = {
    "ms": ("time", 0.001), "s": ("time", 1.0), "min": ("time", 60.0), "h": ("time", 3600.0), "d": ("time", 86400.0),
    "km": ("distance", 1000.0), "mi": ("distance", 1609.344),
    "kg": ("weight", 1.0), "lb": ("weight", 0.45359237),
}  # fmt: skip

_UNIT_WORDS = "|".join(sorted((re.escape(u) for u in UNIT_NAMES if u != "%"), key=len, reverse=True))
# One amount: an optional currency sign, digits (thousands commas allowed), a decimal part, a k/M multiplier,
# then an optional unit. Not part of a word, a version, a date, an id or a ratio (checked around it).
AMOUNT = _Lazy(
    r"(?<![\w.,/:#@$€£^-])(?P<sign>[+-])?(?P<cur>[$€£])?(?P<num>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<frac>\d+))?"
    r"(?P<mult>[kK]\b|M\b)?(?:[ \t]?(?P<unit>%|(?:" + _UNIT_WORDS + r")\b))?(?P<plus>\+)?"
)
# Set aside before any number is read: each is blanked out of the text (what it holds is not a target).
_NOT_TARGETS = [
    r"https?://\S+",
    r"\]\([^)]*\)",
    r"`[^`]*`",
    r"\[\[[^\]]*\]\]",
    r"(?<!\w)[#^][\w/-]+",  # links, code, tags, ids
    r"\b\d{4}-\d{1,2}(?:-\d{1,2})?\b",
    r"\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b",  # dates
    r"\b\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?",
    r"\b\d+:\d+s?\b",  # times of day, ratios, 1:1s
    r"(?i)\bv\d+(?:\.\d+)*\b",
    r"\b\d+(?:\.\d+){2,}\b",
    r"(?i)\bversion\s+\S+",  # versions
    r"(?i)\b(?:q[1-4]|h[12]|fy\d+|w\d{1,2})\b",  # period names
    r"(?i)\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,4}(?:st|nd|rd|th)?\b",
    r"(?i)\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b",
    r"(?i)\b(?:rfc|pr|issue|phase|step|stage|round|action|tier|sprint|milestone|part|chapter|level|week|day|no\.?"
    r"|number|item|ticket|epic|okr|kr|objective|goal|priority|p|top|bottom|iteration|release|wave|batch|cohort)"
    r"[\s-]+\d+\b",  # names and ranks: "Phase 1", "Tier 1", "top 3"
    r"\b\d+(?:st|nd|rd|th)\b",  # ordinals
    r"\d+(?:\.\d+)?\s*(?:-|–|to)\s*\d+(?:\.\d+)?\s*x\b",
    r"\b\d+(?:\.\d+)?\s*[x×]\b",  # multipliers: relative
    r"\b\d+(?:\.\d+)?\s*(?:-|–)\s*\d+(?:\.\d+)?\b",  # ranges (0-100, 4-5)
    r"\b\d+(?:\.\d+)?%?\s*/\s*\d+(?:\.\d+)?%?",
    r"\b24/7\b",  # fractions, 15/15, 100%/100%
    r"\b\d+-(?=[A-Za-z])",  # compounds: "100-page", "2-minute"
    r"(?i)\bby\s+[+-]?[$€£]?\d[\d,.]*\s*(?:%|percent\b|[kKM]\b)?",  # relative changes: "by 25%"
]
_SET_ASIDE = [_Lazy(pattern) for pattern in _NOT_TARGETS]
_CADENCE = _Lazy(
    r"(?i)\b(?:(?:per|a|an|each|every|/)\s*(?P<every>day|week|month|quarter|year)\b"
    r"|every\s+(?:2|two|other)\s+weeks?\b|(?P<word>daily|weekly|bi-?weekly|fortnightly|monthly|quarterly"
    r"|yearly|annually))|/(?P<short>day|wk|week|mo|month|yr|year)\b"
)
_CADENCE_WORDS = {
    "daily": "day", "weekly": "week", "biweekly": "2 weeks", "bi-weekly": "2 weeks", "fortnightly": "2 weeks",
    "monthly": "month", "quarterly": "quarter", "yearly": "year", "annually": "year",
    "wk": "week", "mo": "month", "yr": "year",
}  # fmt: skip
_AT_MOST_BEFORE = _Lazy(
    r"(?i)(?:\b(?:below|under|(?<!no\s)less\s+than|(?<!no\s)fewer\s+than|no\s+more\s+than|at\s+most|max(?:imum)?(?:\s+of)?|up\s+to"
    r"|lower\s+than|sub)|<=?|≤|⩽)\s*$"
)
_AT_LEAST_BEFORE = _Lazy(
    r"(?i)(?:\b(?:above|over|(?<!no\s)more\s+than|at\s+least|min(?:imum)?(?:\s+of)?|no\s+less\s+than|no\s+fewer\s+than"
    r"|exceed(?:ing)?|beyond|higher\s+than)|>=?|≥|⩾)\s*$"
)
_PER_OTHER = _Lazy(r"(?i)^[^.;]*?\bper\s+(?!cent\b)[a-z]")
_TIME_AT_MOST_BEFORE = _Lazy(r"(?i)\b(?:takes?|in|done\s+in|within)\s*$")
_UP_TO_3_WORDS = r"(?i)^(?:\s+[a-z-]+){0,3}?\s*"
_AT_MOST_AFTER = _Lazy(_UP_TO_3_WORDS + r"(?:or\s+(?:less|fewer|below|under|lower)|max(?:imum)?|at\s+most)\b")
_AT_LEAST_AFTER = _Lazy(_UP_TO_3_WORDS + r"(?:or\s+(?:more|higher|above|better)|min(?:imum)?|at\s+least)\b")
_DOWN_VERBS = r"reduce|cut|lower|decrease|drop|shrink|trim|limit|bring|keep|get|speed\s+up|halve|minimi[sz]e"
_UP_VERBS = r"increase|grow|raise|improve|boost|lift|scale|expand|push|bump|get|bring|take|maximi[sz]e"
_LEVEL_VERBS = r"achieve|attain|hit|maintain|keep|sustain|hold|reach|get|deliver|ensure|meet|exceed"
_TOTAL_VERBS = (
    r"run|walk|jog|cycle|ride|swim|hike|row|read|write|publish|ship|hire|recruit|onboard|close|sign|land|launch"
    r"|release|complete|finish|host|give|deliver|attend|save|earn|raise|lose|gain|win|add|visit|learn|make|post"
    r"|record|interview|mentor|submit|contribute|merge|review|sell|book|reach|get|do|teach|speak\s+at|present"
    r"|organi[sz]e|run\s+at\s+least|collect|acquire|secure|migrate|onboard|train|practice|practise|meditate|study"
)
_LEAD = _Lazy(r"^(?:[^:]{0,40}:\s+)?(?:\*\*[^*]*\*\*\s*[-–—:]?\s*)?$")  # nothing before but a "Label:"


def target_fields(text: str) -> dict[str, float | int | str | None]:
    """The ledger fields of the target ``text`` states: target_value, unit, direction, cadence (all None if none)."""
    target = parse_target(text)
    if target is None:
        return {"target_value": None, "unit": None, "direction": None, "cadence": None}
    return {
        "target_value": plain_number(target.value),
        "unit": target.unit,
        "direction": target.direction,
        "cadence": target.cadence,
    }


def plain_number(value: float) -> float | int:
    """An int when the value is whole (``245``, not ``245.0``, in the ledger), else the float."""
    return int(value) if value.is_integer() and abs(value) < 2**53 else value


def parse_target(text: str) -> Target | None:
    """The measurable target the goal's ``text`` states, or None (none, or not one that can be told).

    >>> parse_target("Reduce P99 latency below 200ms for all services")
    Target(value=200.0, unit='ms', direction='at_most', cadence=None)
    """
    if not any(c.isdigit() for c in text):
        return None
    plain = text.replace("**", "  ").replace("__", "  ")
    for pattern in _SET_ASIDE:
        plain = pattern.sub(lambda m: " " * len(m.group()), plain)
    if "owner" in text.lower():  # an owner's name may end in a number ("Owner: Team 2"): the owner's, not a target
        from journal.attributes import owner_field_spans

        for start, end in owner_field_spans(text):
            plain = plain[:start] + " " * (end - start) + plain[end:]
    cadences = list(_CADENCE.finditer(plain))
    if len(cadences) > 1:
        return None
    for found in cadences:
        plain = plain[: found.start()] + " " * (found.end() - found.start()) + plain[found.end() :]
    amounts = [m for m in AMOUNT.finditer(plain) if _standalone(plain, m) and not _is_year(m)]
    if len(amounts) != 1 or amounts[0].group("sign"):
        return None
    amount = amounts[0]
    value, unit = amount_value(amount)
    if not math.isfinite(value) or _PER_OTHER.search(plain[amount.end() :]):
        return None  # "1 project per language": a rate, but not over time
    # A cadence counts only right after the amount ("1 blog post per month", "10 minutes daily"): not in
    # "200 km, with physiotherapy twice a week", nor for a share ("100% of monthly releases").
    between = text[amount.end() : cadences[0].start()] if cadences else ""
    attached = cadences and cadences[0].start() >= amount.end() and re.fullmatch(r"[\w \t'-]{0,30}", between)
    cadence = _cadence_name(cadences[0]) if attached and unit != "%" else None
    direction = _direction(plain, amount, unit, cadence)
    if direction is None:
        return None
    if direction == "reach" and value <= 0:
        return None
    return Target(value=value, unit=unit, direction=direction, cadence=cadence)


def _is_year(match: re.Match[str]) -> bool:
    """A bare four-digit number from 1900 to 2100 (``in 2026``): a year, never a target."""
    whole = match.group()
    return whole.isdigit() and len(whole) == 4 and 1900 <= int(whole) <= 2100


def _cadence_name(match: re.Match[str]) -> str:
    word = (match.group("every") or match.group("word") or match.group("short") or "").lower()
    if not word:
        return "2 weeks"  # "every 2 weeks", "every other week"
    return _CADENCE_WORDS.get(word, word)


def _standalone(text: str, match: re.Match[str]) -> bool:
    """Whether the amount stands alone: not glued to letters or digits after it (``2FA``, ``5.x``, ``3-4``)."""
    after = text[match.end() : match.end() + 2]
    if match.group("unit") or match.group("mult"):
        return not (after[:1].isalnum() or after[:1] == "_")
    return not (after[:1].isalnum() or after[:1] in "_.,/:-" and after[1:2].isalnum())


def amount_value(match: re.Match[str]) -> tuple[float, str | None]:
    """The value and canonical unit of an ``AMOUNT`` match (``$1.2M`` is 1,200,000 ``$``)."""
    number = float(match.group("num").replace(",", "") + ("." + match.group("frac") if match.group("frac") else ""))
    multiplier = {"k": 1e3, "K": 1e3, "M": 1e6}.get(match.group("mult") or "", 1.0)
    value = number * multiplier
    unit = match.group("cur") or (UNIT_NAMES[match.group("unit").lower()] if match.group("unit") else None)
    if match.group("unit") and match.group("cur"):
        return value, None if UNIT_NAMES[match.group("unit").lower()] != "%" else "%"
    return value, unit


def _direction(text: str, amount: re.Match[str], unit: str | None, cadence: str | None) -> str | None:
    before = text[: amount.start()]
    after = text[amount.end() :]
    if amount.group("plus") or _AT_LEAST_BEFORE.search(before) or _AT_LEAST_AFTER.match(after):
        return "at_least"
    if _AT_MOST_BEFORE.search(before) or _AT_MOST_AFTER.match(after):
        return "at_most"
    if unit in CONVERSIONS and CONVERSIONS[unit][0] == "time" and _TIME_AT_MOST_BEFORE.search(before):
        return "at_most"  # "within 2 days", "take 1 hour": a duration to stay under
    reached = "at_least" if unit == "%" else "reach"
    if re.search(r"(?i)\bto\s*$", before):
        lead = before[: re.search(r"(?i)\bto\s*$", before).start()]
        if re.search(rf"(?i)\b(?:{_DOWN_VERBS})\b", lead) and not re.search(rf"(?i)\b(?:{_UP_VERBS})\b", lead):
            return "at_most"
        if re.search(rf"(?i)\b(?:{_UP_VERBS})\b", lead) and not re.search(rf"(?i)\b(?:{_DOWN_VERBS})\b", lead):
            return "at_least"
        if re.search(rf"(?i)\b(?:{_DOWN_VERBS}|{_UP_VERBS})\b", lead):
            return "at_most" if unit in CONVERSIONS and CONVERSIONS[unit][0] == "time" else "at_least"
        return None
    if re.search(rf"(?i)\b(?:{_LEVEL_VERBS})\s+(?:a\s+total\s+of\s+)?$", before) and unit == "%":
        return "at_least"
    if re.search(rf"(?i)\b(?:{_TOTAL_VERBS}|{_LEVEL_VERBS})\s+(?:a\s+total\s+of\s+)?$", before):
        return reached
    if _LEAD.match(before) and (unit is not None or re.match(r"\s+[A-Za-z]", after)):
        return reached
    return None
